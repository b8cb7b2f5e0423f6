import { index, integer, jsonb, pgTable, real, text, unique } from 'drizzle-orm/pg-core';
import type { Evidence } from '../../domain/labels.js';
import { tstz } from './columns.js';
import { listings } from './listings.js';

/** Raw classifier output: one row per listing content version, classifier version and label. */
export const predictions = pgTable(
  'predictions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    listingId: text('listing_id')
      .notNull()
      .references(() => listings.id, { onDelete: 'cascade' }),
    contentHash: text('content_hash').notNull(),
    classifier: text('classifier').notNull(),
    version: text('version').notNull(),
    label: text('label').notNull(),
    score: real('score').notNull(),
    evidence: jsonb('evidence').$type<Evidence[]>().notNull().default([]),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('predictions_dedupe_uq').on(t.listingId, t.contentHash, t.classifier, t.version, t.label),
    index('predictions_listing_idx').on(t.listingId),
  ],
);

export type PredictionRow = typeof predictions.$inferSelect;
