import { randomUUID } from 'node:crypto';
import type { ListingInput } from '../domain/listing.js';
import type { Target } from '../crawlers/targets.js';
import type { PipelineQueues } from './queues.js';

/** Listings per crawl-stage batch job: big enough to keep job overhead small, small enough to retry cheaply. */
export const LISTING_BATCH = 50;

/** Queue mode's `crawl`: one job for the target; workers do the rest. Returns the job id. */
export async function enqueueCrawl(
  queues: PipelineQueues,
  target: Target,
  opts: { trigger?: 'manual' | 'schedule'; markMissingRemoved?: boolean; revisitKnown?: boolean } = {},
): Promise<string> {
  const data = { kind: 'target' as const, target, trigger: opts.trigger ?? 'manual', markMissingRemoved: opts.markMissingRemoved, revisitKnown: opts.revisitKnown };
  const job = await queues.queue('crawl').add('crawl', data, { jobId: `crawl-${target.name}-${randomUUID()}` });
  return job.id!;
}

/** Already extracted listings (an import, a benchmark) as crawl-stage batch jobs. */
export async function enqueueListings(queues: PipelineQueues, platform: string, listings: ListingInput[], batch = LISTING_BATCH): Promise<number> {
  const jobs = [];
  for (let i = 0; i < listings.length; i += batch) jobs.push({ name: 'listings', data: { kind: 'listings' as const, platform, listings: listings.slice(i, i + batch) } });
  for (let i = 0; i < jobs.length; i += 500) await queues.queue('crawl').addBulk(jobs.slice(i, i + 500));
  return jobs.length;
}

/**
 * Resolves when no stage has waiting, active, delayed or waiting-children
 * jobs for `quietMs` in a row (a job hands on its successor before it
 * completes, so one empty reading could fall between two stages).
 */
export async function waitForIdle(queues: PipelineQueues, opts: { timeoutMs?: number; pollMs?: number; quietMs?: number; onPoll?(pending: number): void } = {}): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10 * 60_000);
  const poll = opts.pollMs ?? 200;
  let quietSince: number | undefined;
  for (;;) {
    const pending = await queues.pending();
    opts.onPoll?.(pending);
    if (pending === 0) {
      quietSince ??= Date.now();
      if (Date.now() - quietSince >= (opts.quietMs ?? 500)) return;
    } else quietSince = undefined;
    if (Date.now() > deadline) throw Object.assign(new Error(`pipeline still has ${pending} pending job(s) after ${opts.timeoutMs ?? 600_000} ms`), { code: 'QUEUE_TIMEOUT' });
    await new Promise((r) => setTimeout(r, poll));
  }
}
