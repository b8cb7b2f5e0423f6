import { randomBytes } from 'node:crypto';
import { asc, count } from 'drizzle-orm';
import { pino } from 'pino';
import { loadConfig, type Config, type ConfigInput } from '../../../config.js';
import type { Db } from '../../../db/client.js';
import { cases, crawlRuns, images, listingSnapshots, listings, predictions, reviews } from '../../../db/schema/index.js';
import { PipelineQueues } from '../../../pipeline/queues.js';

/** The shared Redis of the test machine; every test file uses its own key prefix and removes it. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const uniquePrefix = (what: string) => `swtest-${what}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

export const silentLog = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** Queue-mode configuration for a test, independent of the developer's environment. */
export function queueConfig(databaseUrl: string, prefix: string, overrides: Partial<ConfigInput> = {}, redisUrl = TEST_REDIS_URL): Config {
  return loadConfig({ databaseUrl, redisUrl, queuePrefix: prefix, ocr: false, workerPort: 0, crawlRatePerSecond: 1000, logLevel: 'silent', ...overrides }, {}, undefined);
}

export function openTestQueues(prefix: string, redisUrl = TEST_REDIS_URL): PipelineQueues {
  return new PipelineQueues({ redisUrl, prefix });
}

/** What a reviewer would see: one row per case, in a stable order. */
export async function caseSummary(db: Db) {
  const rows = await db
    .select({ listingId: cases.listingId, contentHash: cases.contentHash, labels: cases.labels, risk: cases.risk, maxScore: cases.maxScore, status: cases.status })
    .from(cases)
    .orderBy(asc(cases.listingId), asc(cases.contentHash));
  return rows;
}

/** Row counts of every table a duplicate could appear in. */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const n = async (t: Parameters<ReturnType<Db['select']>['from']>[0]) => Number((await db.select({ n: count() }).from(t))[0].n);
  return {
    listings: await n(listings),
    snapshots: await n(listingSnapshots),
    predictions: await n(predictions),
    cases: await n(cases),
    reviews: await n(reviews),
    images: await n(images),
    crawlRuns: await n(crawlRuns),
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../../helpers/cli.js';

export interface WorkerChild {
  child: ChildProcess;
  /** Everything the worker logged (JSON lines). */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `shelfwatch worker` as a child process, as an operator would, and waits for its "worker started" line. */
export async function startWorkerProcess(env: Record<string, string>, args: string[] = []): Promise<WorkerChild> {
  // node --import tsx, not the tsx binary: tsx runs the program in a child process, and a SIGKILL to
  // the wrapper would leave that child running (an orphan worker still taking jobs).
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'cli', 'main.ts'), 'worker', '--port', '0', ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', SHELFWATCH_OCR: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + 90_000;
  while (!out.includes('"worker started"')) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`worker exited before starting:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`worker did not start in 90 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output: () => out, exited };
}
