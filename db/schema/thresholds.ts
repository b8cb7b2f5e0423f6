import { integer, pgTable, real, text, unique } from 'drizzle-orm/pg-core';
import { tstz } from './columns.js';

/**
 * Versioned per-label thresholds per jurisdiction profile. Rows are never
 * updated: saving a threshold inserts the next version (the audit log says who).
 */
export const thresholds = pgTable(
  'thresholds',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    profile: text('profile').notNull(),
    label: text('label').notNull(),
    version: integer('version').notNull(),
    /** Score at or above which the label is flagged. */
    flag: real('flag').notNull(),
    /** Score at or above which the flag is high risk. */
    high: real('high').notNull(),
    createdBy: text('created_by').notNull(),
    note: text('note'),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [unique('thresholds_version_uq').on(t.profile, t.label, t.version)],
);

export type ThresholdRow = typeof thresholds.$inferSelect;
