import { integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { tstz } from './columns.js';
import { platforms } from './platforms.js';

export interface CrawlRunStats {
  pages: number;
  listingsNew: number;
  listingsChanged: number;
  /** Came back after being marked removed (a re-listing after a takedown shows here). Absent in runs before it was counted. */
  listingsRelisted?: number;
  listingsUnchanged: number;
  listingsRemoved: number;
  errors: Record<string, number>;
}

/** One crawl of one target: counts and timing, so crawl health is visible. */
export const crawlRuns = pgTable('crawl_runs', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  platformId: text('platform_id')
    .notNull()
    .references(() => platforms.id),
  startUrls: jsonb('start_urls').$type<string[]>().notNull().default([]),
  status: text('status').$type<'running' | 'finished' | 'failed'>().notNull().default('running'),
  stats: jsonb('stats').$type<CrawlRunStats>().notNull(),
  startedAt: tstz('started_at').notNull().defaultNow(),
  finishedAt: tstz('finished_at'),
});

/** Pages that failed, kept per run with the kind of failure (not fatal to the run). */
export const crawlErrors = pgTable('crawl_errors', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  crawlRunId: integer('crawl_run_id')
    .notNull()
    .references(() => crawlRuns.id, { onDelete: 'cascade' }),
  url: text('url').notNull(),
  kind: text('kind').notNull(),
  message: text('message').notNull(),
  at: tstz('at').notNull().defaultNow(),
});

export type CrawlRunRow = typeof crawlRuns.$inferSelect;
