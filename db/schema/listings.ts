import { index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import type { Listing } from '../../domain/listing.js';
import { timestamps, tstz } from './columns.js';
import { platforms } from './platforms.js';
import { sellers } from './sellers.js';

/** The current state of each listing; its history is in listing_snapshots. */
export const listings = pgTable(
  'listings',
  {
    /** `<platform>:<external id>`, the Listing id. */
    id: text('id').primaryKey(),
    platformId: text('platform_id')
      .notNull()
      .references(() => platforms.id),
    sellerId: text('seller_id').references(() => sellers.id),
    url: text('url').notNull(),
    title: text('title').notNull(),
    language: text('language').notNull(),
    category: text('category'),
    contentHash: text('content_hash').notNull(),
    status: text('status').$type<'active' | 'removed'>().notNull().default('active'),
    data: jsonb('data').$type<Listing>().notNull(),
    firstSeenAt: tstz('first_seen_at').notNull().defaultNow(),
    lastSeenAt: tstz('last_seen_at').notNull().defaultNow(),
    removedAt: tstz('removed_at'),
    relistedAt: tstz('relisted_at'),
    ...timestamps,
  },
  (t) => [index('listings_platform_idx').on(t.platformId), index('listings_seller_idx').on(t.sellerId), index('listings_url_idx').on(t.url)],
);

export type ListingRow = typeof listings.$inferSelect;
