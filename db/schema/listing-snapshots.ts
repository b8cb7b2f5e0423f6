import { index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import type { Listing } from '../../domain/listing.js';
import { tstz } from './columns.js';
import { crawlRuns } from './crawl-runs.js';
import { listings } from './listings.js';

/** One row per distinct content version of a listing: written only when the content hash changes. */
export const listingSnapshots = pgTable(
  'listing_snapshots',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    listingId: text('listing_id')
      .notNull()
      .references(() => listings.id, { onDelete: 'cascade' }),
    contentHash: text('content_hash').notNull(),
    data: jsonb('data').$type<Listing>().notNull(),
    crawlRunId: integer('crawl_run_id').references(() => crawlRuns.id, { onDelete: 'set null' }),
    fetchedAt: tstz('fetched_at').notNull(),
    /** `changed`, `removed` or `relisted`: what this snapshot records. */
    event: text('event').notNull().default('changed'),
  },
  (t) => [index('listing_snapshots_listing_idx').on(t.listingId, t.fetchedAt)],
);

export type ListingSnapshotRow = typeof listingSnapshots.$inferSelect;
