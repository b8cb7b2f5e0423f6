import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { tstz } from './columns.js';
import { users } from './users.js';

/**
 * Server-side sessions. The cookie holds a random token; only its sha256 is
 * stored, so a database dump does not hand out live sessions. Each session
 * carries its CSRF synchronizer token.
 */
export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    expiresAt: tstz('expires_at').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    lastSeenAt: tstz('last_seen_at').notNull().defaultNow(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export type SessionRow = typeof sessions.$inferSelect;
