import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, real, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Evidence } from '../../domain/labels.js';
import { timestamps, tstz } from './columns.js';
import { listings } from './listings.js';

export type CaseStatus = 'open' | 'confirmed' | 'dismissed' | 'escalated';

/**
 * What a human reviews: one case per listing content version that crossed a
 * threshold. At most one open case per listing (partial unique index).
 */
export const cases = pgTable(
  'cases',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    listingId: text('listing_id')
      .notNull()
      .references(() => listings.id, { onDelete: 'cascade' }),
    contentHash: text('content_hash').notNull(),
    labels: jsonb('labels').$type<string[]>().notNull(),
    scores: jsonb('scores').$type<Record<string, number>>().notNull(),
    risk: text('risk').$type<'low' | 'medium' | 'high'>().notNull(),
    /** Sort key: high=3, medium=2, low=1, so the queue orders by risk then age in SQL. */
    riskRank: integer('risk_rank').notNull(),
    maxScore: real('max_score').notNull(),
    evidence: jsonb('evidence').$type<Evidence[]>().notNull().default([]),
    status: text('status').$type<CaseStatus>().notNull().default('open'),
    assignee: text('assignee'),
    claimedUntil: tstz('claimed_until'),
    decision: text('decision'),
    reasonCode: text('reason_code'),
    notes: text('notes'),
    /** Why it was opened: `classifier`, `blacklisted_seller`, `relisted`. */
    source: text('source').notNull().default('classifier'),
    thresholdVersion: integer('threshold_version'),
    openedAt: tstz('opened_at').notNull().defaultNow(),
    decidedAt: tstz('decided_at'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('cases_one_open_per_listing_uq').on(t.listingId).where(sql`status = 'open'`),
    uniqueIndex('cases_listing_hash_uq').on(t.listingId, t.contentHash),
    index('cases_queue_idx').on(t.status, t.riskRank, t.openedAt),
    index('cases_open_queue_idx').on(t.riskRank.desc().nullsFirst(), t.openedAt, t.id).where(sql`status = 'open'`),
  ],
);

export type CaseRow = typeof cases.$inferSelect;
