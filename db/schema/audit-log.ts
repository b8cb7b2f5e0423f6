import { bigint, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { tstz } from './columns.js';

/** Append-only (a trigger in the migrations refuses UPDATE and DELETE). */
export const auditLog = pgTable('audit_log', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  at: tstz('at').notNull().defaultNow(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  entity: text('entity').notNull(),
  entityId: text('entity_id'),
  before: jsonb('before'),
  after: jsonb('after'),
});

export type AuditRow = typeof auditLog.$inferSelect;
