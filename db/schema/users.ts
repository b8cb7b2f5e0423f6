import { boolean, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamps } from './columns.js';

export const ROLES = ['reviewer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A workbench account; the password is stored only as a bcrypt hash. */
export const users = pgTable('users', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  username: text('username').notNull().unique(),
  /** Shown as the notifier name on takedown notices. */
  displayName: text('display_name'),
  email: text('email'),
  passwordHash: text('password_hash').notNull(),
  role: text('role').$type<Role>().notNull(),
  disabled: boolean('disabled').notNull().default(false),
  ...timestamps,
});

export type UserRow = typeof users.$inferSelect;
