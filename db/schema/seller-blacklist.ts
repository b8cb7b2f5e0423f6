import { boolean, index, integer, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { timestamps } from './columns.js';

/** Which identifier of a seller a blacklist entry matches. */
export type BlacklistKind = 'seller' | 'shop_name' | 'phone' | 'registration' | 'tax_id' | 'image';

/**
 * Identifiers of blocked sellers, normalized, so the same seller is recognised
 * on another platform or after re-registering under a new account: by shop
 * name, phone, business/tax registration number or product image hash.
 */
export const sellerBlacklist = pgTable(
  'seller_blacklist',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').$type<BlacklistKind>().notNull(),
    value: text('value').notNull(),
    /** The seller whose block produced this entry. */
    sellerId: text('seller_id').notNull(),
    reason: text('reason').notNull(),
    createdBy: text('created_by').notNull(),
    active: boolean('active').notNull().default(true),
    ...timestamps,
  },
  (t) => [unique('seller_blacklist_kind_value_uq').on(t.kind, t.value), index('seller_blacklist_seller_idx').on(t.sellerId)],
);

export type SellerBlacklistRow = typeof sellerBlacklist.$inferSelect;
