import { index, integer, jsonb, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { timestamps, tstz } from './columns.js';
import { cases } from './cases.js';
import { listings } from './listings.js';
import { platforms } from './platforms.js';

export type TakedownStatus = 'draft' | 'sent' | 'acknowledged' | 'removed' | 'verified_removed' | 'still_online' | 'escalated';

/** A notice to a platform about one confirmed case (DSA Art. 16 elements live in `notice`). */
export const takedownRequests = pgTable(
  'takedown_requests',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    listingId: text('listing_id')
      .notNull()
      .references(() => listings.id),
    platformId: text('platform_id')
      .notNull()
      .references(() => platforms.id),
    status: text('status').$type<TakedownStatus>().notNull().default('draft'),
    notice: jsonb('notice').$type<Record<string, unknown>>().notNull().default({}),
    sentAt: tstz('sent_at'),
    removedAt: tstz('removed_at'),
    verifiedAt: tstz('verified_at'),
    ...timestamps,
  },
  // Every stored listing asks whether it was taken down before (re-listing check): look it up by listing.
  (t) => [unique('takedown_requests_case_uq').on(t.caseId), index('takedown_requests_listing_idx').on(t.listingId)],
);
