import { boolean, index, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamps } from './columns.js';
import { platforms } from './platforms.js';

/** A seller on one platform; cross-platform matching uses name, phone and registration numbers. */
export const sellers = pgTable(
  'sellers',
  {
    /** `<platform>:<seller external id>` */
    id: text('id').primaryKey(),
    platformId: text('platform_id')
      .notNull()
      .references(() => platforms.id),
    externalId: text('external_id').notNull(),
    name: text('name'),
    url: text('url'),
    registrationNumber: text('registration_number'),
    taxId: text('tax_id'),
    phone: text('phone'),
    blacklisted: boolean('blacklisted').notNull().default(false),
    blacklistReason: text('blacklist_reason'),
    ...timestamps,
  },
  (t) => [index('sellers_tax_id_idx').on(t.taxId), index('sellers_phone_idx').on(t.phone)],
);

export type SellerRow = typeof sellers.$inferSelect;
