import { index, integer, pgTable, real, text, unique } from 'drizzle-orm/pg-core';
import { tstz } from './columns.js';
import { listings } from './listings.js';

/** Customer reviews, a separate signal from the seller's own claims. Keyed by content so re-crawls add none twice. */
export const reviews = pgTable(
  'reviews',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    listingId: text('listing_id')
      .notNull()
      .references(() => listings.id, { onDelete: 'cascade' }),
    reviewHash: text('review_hash').notNull(),
    author: text('author'),
    rating: real('rating'),
    text: text('text').notNull(),
    date: text('date'),
    firstSeenAt: tstz('first_seen_at').notNull().defaultNow(),
  },
  (t) => [unique('reviews_listing_hash_uq').on(t.listingId, t.reviewHash), index('reviews_listing_idx').on(t.listingId)],
);
