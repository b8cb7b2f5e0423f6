import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { tstz } from './columns.js';
import { cases } from './cases.js';

/** A reviewer's decision on a case; a case keeps its latest, this table keeps them all. */
export const decisions = pgTable('decisions', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  caseId: integer('case_id')
    .notNull()
    .references(() => cases.id, { onDelete: 'cascade' }),
  actor: text('actor').notNull(),
  decision: text('decision').$type<'confirm' | 'dismiss' | 'escalate'>().notNull(),
  reasonCode: text('reason_code').notNull(),
  notes: text('notes'),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [index('decisions_case_idx').on(t.caseId)]);
