import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoStyleListings } from '../../../bench/demo-listings.js';
import { loadConfig } from '../../../config.js';
import { parseListing } from '../../../domain/listing.js';
import { createPipelineContext } from '../../../pipeline/context.js';
import { processListing } from '../../../pipeline/process-listing.js';
import { enqueueListings, waitForIdle } from '../../../pipeline/queue-runner.js';
import type { PipelineQueues } from '../../../pipeline/queues.js';
import { freshDatabase } from '../../helpers/databases.js';
import { TEST_REDIS_URL, caseSummary, openTestQueues, rowCounts, startWorkerProcess, uniquePrefix, type WorkerChild } from './queue-helpers.js';

const N = 400;

describe('when a worker process is killed with SIGKILL in the middle of a job', () => {
  let inlineDb: Awaited<ReturnType<typeof freshDatabase>>;
  let queueDb: Awaited<ReturnType<typeof freshDatabase>>;
  let queues: PipelineQueues;
  const children: WorkerChild[] = [];
  const prefix = uniquePrefix('crash');
  const listings = demoStyleListings(N, { tag: 'crash' });

  beforeAll(async () => {
    [inlineDb, queueDb] = await Promise.all([freshDatabase('pg'), freshDatabase('pg')]);
    queues = openTestQueues(prefix);
  });
  afterAll(async () => {
    for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
    await queues?.obliterate();
    await queues?.close();
    await inlineDb?.dispose();
    await queueDb?.dispose();
  });

  it('finishes the work after a restart with nothing lost and nothing twice', async () => {
    const env = {
      REDIS_URL: TEST_REDIS_URL,
      DATABASE_URL: queueDb.url!,
      SHELFWATCH_QUEUE_PREFIX: prefix,
      // Short locks so the killed worker's jobs come back within seconds, not the production 30 s.
      SHELFWATCH_JOB_LOCK_MS: '3000',
    };
    await enqueueListings(queues, 'demo', listings, 25);
    const first = await startWorkerProcess(env);
    children.push(first);

    // Kill once real work is under way: some listings through triage, jobs active in the crawl stage.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const d = await queues.depth();
      if (d.triage.completed >= 40 && d.crawl.active + d.classify.active + d.triage.active > 0) break;
      if (Date.now() > deadline) throw new Error(`no progress before the kill:\n${first.output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const atKill = await queues.depth();
    // The killed jobs are still marked active in Redis: only stalled-job recovery can bring them back.
    expect(atKill.crawl.active + atKill.classify.active + atKill.triage.active).toBeGreaterThan(0);
    expect(atKill.triage.completed).toBeLessThan(N);

    const second = await startWorkerProcess(env);
    children.push(second);
    await waitForIdle(queues, { timeoutMs: 240_000, quietMs: 1000 });
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    expect(second.output()).toContain('stalled job returned to the queue');

    // The same listings inline, one process, no crash: what the queues must have produced.
    const ctx = await createPipelineContext(loadConfig({ ocr: false }, {}), { database: inlineDb });
    for (const input of listings) await processListing(ctx, parseListing(input));
    for (const c of ctx.classifiers) await c.close?.();

    const counts = await rowCounts(queueDb.db);
    expect(counts).toEqual(await rowCounts(inlineDb.db));
    expect(counts.listings).toBe(N);
    expect(counts.snapshots).toBe(N);
    expect(await caseSummary(queueDb.db)).toEqual(await caseSummary(inlineDb.db));
    const depth = await queues.depth();
    for (const s of Object.values(depth)) expect(s.failed).toBe(0);
  }, 420_000);
});
