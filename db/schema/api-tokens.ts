import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { tstz } from './columns.js';
import { users } from './users.js';

/** Bearer tokens for integrations; acts with its user's role. Only the sha256 of the token is kept. */
export const apiTokens = pgTable('api_tokens', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: tstz('created_at').notNull().defaultNow(),
  lastUsedAt: tstz('last_used_at'),
  revokedAt: tstz('revoked_at'),
});

export type ApiTokenRow = typeof apiTokens.$inferSelect;
