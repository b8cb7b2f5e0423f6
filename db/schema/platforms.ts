import { jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamps } from './columns.js';

/** A marketplace or shop being watched, and the crawl target settings it came from. */
export const platforms = pgTable('platforms', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  adapter: text('adapter').notNull().default('json-ld'),
  baseUrl: text('base_url'),
  jurisdictionProfile: text('jurisdiction_profile').notNull().default('default'),
  target: jsonb('target').$type<Record<string, unknown>>().notNull().default({}),
  ...timestamps,
});

export type PlatformRow = typeof platforms.$inferSelect;
