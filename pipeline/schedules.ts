import type { JobSchedulerJson } from 'bullmq';
import type { Target } from '../crawlers/targets.js';
import type { TakedownVerificationRepository } from '../db/repositories/takedown-verification.repository.js';
import type { CrawlJobData, PipelineQueues, VerifyJobData } from './queues.js';

/** Scheduler ids are derived from names, so a sync is an upsert and never a second schedule. */
export const crawlSchedulerId = (targetName: string) => `crawl-target-${targetName}`;
const CRAWL_PREFIX = 'crawl-target-';
const RECHECK_PREFIX = 'recheck-takedown-';
export const recheckSchedulerId = (takedownId: number) => `${RECHECK_PREFIX}${takedownId}`;
/** The one scheduler whose jobs give newly sent takedowns their re-check schedule (see `ensureRecheckSweep`). */
export const RECHECK_SWEEP_ID = 'takedown-recheck-sweep';

/** How often a taken-down listing is re-fetched until it is confirmed gone. Default daily. */
export const DEFAULT_RECHECK_EVERY_MS = 24 * 3600 * 1000;

export interface SyncReport {
  added: string[];
  updated: string[];
  unchanged: string[];
  removed: string[];
}

/**
 * Makes the crawl queue's job schedulers match the targets file: one scheduler
 * per target with a `schedule` (cron), updated when the cron or the target
 * changed, removed when the target is gone or unscheduled. Safe to run from
 * any machine, any number of times.
 */
export async function syncTargetSchedules(queues: PipelineQueues, targets: Target[], opts: { tz?: string } = {}): Promise<SyncReport> {
  const crawl = queues.queue('crawl');
  const existing = new Map((await crawl.getJobSchedulers(0, -1, true)).filter((s) => s.key.startsWith(CRAWL_PREFIX)).map((s) => [s.key, s]));
  const report: SyncReport = { added: [], updated: [], unchanged: [], removed: [] };
  const wanted = new Set<string>();
  for (const t of targets) {
    if (!t.schedule) continue;
    const id = crawlSchedulerId(t.name);
    wanted.add(id);
    const data: CrawlJobData = { kind: 'target', target: t, trigger: 'schedule' };
    const before = existing.get(id);
    if (before && before.pattern === t.schedule && JSON.stringify(before.template?.data) === JSON.stringify(data) && (before.tz ?? undefined) === opts.tz) {
      report.unchanged.push(t.name);
      continue;
    }
    await crawl.upsertJobScheduler(id, { pattern: t.schedule, tz: opts.tz }, { name: 'crawl', data });
    (before ? report.updated : report.added).push(t.name);
  }
  for (const id of existing.keys()) {
    if (wanted.has(id)) continue;
    await crawl.removeJobScheduler(id);
    report.removed.push(id.slice(CRAWL_PREFIX.length));
  }
  return report;
}

/** How often the sweep looks for newly sent takedowns. Default 15 min: a notice is first re-checked within that. */
export const DEFAULT_SWEEP_EVERY_MS = 15 * 60 * 1000;

/**
 * The workbench marks a notice `sent` in PostgreSQL and knows nothing of Redis,
 * so a sweep job (any takedown-verify worker runs it) calls
 * `syncTakedownRechecks` periodically: every sent notice gets its re-check
 * schedule, every confirmed one loses it. Idempotent: one scheduler id.
 */
export async function ensureRecheckSweep(queues: PipelineQueues, opts: { sweepEveryMs?: number; recheckEveryMs?: number } = {}): Promise<void> {
  const data: VerifyJobData = { sweep: true, everyMs: opts.recheckEveryMs ?? DEFAULT_RECHECK_EVERY_MS };
  await queues.queue('takedown-verify').upsertJobScheduler(RECHECK_SWEEP_ID, { every: opts.sweepEveryMs ?? DEFAULT_SWEEP_EVERY_MS }, { name: 'sweep', data });
}

/**
 * The sweep with its defaults, unless one exists: a worker that runs the takedown-verify stage calls
 * this on start, so sent notices get re-checked without anyone running `schedule sync`, while an
 * interval set there is left alone. Returns whether it created the sweep.
 */
export async function ensureRecheckSweepExists(queues: PipelineQueues): Promise<boolean> {
  if (await queues.queue('takedown-verify').getJobScheduler(RECHECK_SWEEP_ID)) return false;
  await ensureRecheckSweep(queues);
  return true;
}

/** A re-check schedule for one sent takedown; the verify job removes it once the listing is confirmed gone. */
export async function scheduleTakedownRecheck(queues: PipelineQueues, takedownId: number, everyMs = DEFAULT_RECHECK_EVERY_MS): Promise<void> {
  const data: VerifyJobData = { takedownId };
  await queues.queue('takedown-verify').upsertJobScheduler(recheckSchedulerId(takedownId), { every: everyMs }, { name: 'verify', data });
}

/** Re-check schedules for every takedown still awaiting confirmation; drops those no longer awaiting. */
export async function syncTakedownRechecks(queues: PipelineQueues, repo: TakedownVerificationRepository, everyMs = DEFAULT_RECHECK_EVERY_MS): Promise<SyncReport> {
  const q = queues.queue('takedown-verify');
  const existing = new Map((await q.getJobSchedulers(0, -1, true)).filter((s) => s.key.startsWith(RECHECK_PREFIX)).map((s) => [s.key, s]));
  const report: SyncReport = { added: [], updated: [], unchanged: [], removed: [] };
  const wanted = new Set<string>();
  for (const t of await repo.awaitingRecheck()) {
    const id = recheckSchedulerId(t.id);
    wanted.add(id);
    const before = existing.get(id);
    if (before && before.every === everyMs) {
      report.unchanged.push(String(t.id));
      continue;
    }
    await scheduleTakedownRecheck(queues, t.id, everyMs);
    (before ? report.updated : report.added).push(String(t.id));
  }
  for (const id of existing.keys()) {
    if (wanted.has(id)) continue;
    await q.removeJobScheduler(id);
    report.removed.push(id.slice(RECHECK_PREFIX.length));
  }
  return report;
}

export interface ScheduleRow {
  id: string;
  queue: 'crawl' | 'takedown-verify';
  pattern?: string;
  every?: number;
  next?: Date;
  tz?: string;
}

export async function listSchedules(queues: PipelineQueues): Promise<ScheduleRow[]> {
  const rows: ScheduleRow[] = [];
  const add = (queue: ScheduleRow['queue'], s: JobSchedulerJson) =>
    rows.push({ id: s.key, queue, pattern: s.pattern, every: s.every, next: s.next ? new Date(s.next) : undefined, tz: s.tz });
  for (const s of await queues.queue('crawl').getJobSchedulers(0, -1, true)) add('crawl', s);
  for (const s of await queues.queue('takedown-verify').getJobSchedulers(0, -1, true)) add('takedown-verify', s);
  return rows;
}
