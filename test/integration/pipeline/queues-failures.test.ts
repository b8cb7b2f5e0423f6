import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoStyleListings } from '../../../bench/demo-listings.js';
import { enqueueListings, waitForIdle } from '../../../pipeline/queue-runner.js';
import { PipelineQueues } from '../../../pipeline/queues.js';
import { WorkerHost } from '../../../pipeline/workers/host.js';
import { runCli } from '../../helpers/cli.js';
import { freshDatabase } from '../../helpers/databases.js';
import { TEST_REDIS_URL, queueConfig, rowCounts, silentLog, uniquePrefix } from './queue-helpers.js';

describe('when a job always fails', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let queues: PipelineQueues;
  let host: WorkerHost;
  const prefix = uniquePrefix('fail');
  const env = () => ({ REDIS_URL: TEST_REDIS_URL, SHELFWATCH_QUEUE_PREFIX: prefix, DATABASE_URL: db.url! });

  beforeAll(async () => {
    db = await freshDatabase('pg');
    // Fast backoff (50 ms, doubling) so five attempts take well under a second.
    queues = new PipelineQueues({ redisUrl: TEST_REDIS_URL, prefix, defaultJobOptions: { backoff: { type: 'exponential', delay: 50 } } });
  });
  afterAll(async () => {
    await host?.close(2000);
    await queues?.obliterate();
    await queues?.close();
    await db?.dispose();
  });

  it('ends in the failed set with its error after its attempts, and the rest of the run completes', async () => {
    const good = demoStyleListings(60, { tag: 'ok' });
    // PostgreSQL refuses NUL in text: storing this listing fails on every attempt.
    const poison = { ...demoStyleListings(1, { tag: 'poison' })[0], title: 'Poison \u0000 title' };
    await enqueueListings(queues, 'demo', good, 20);
    await queues.queue('crawl').add('listings', { kind: 'listings', platform: 'demo', listings: [poison] }, { jobId: 'poison-batch' });
    host = await WorkerHost.start({ config: queueConfig(db.url!, prefix), port: null, log: silentLog });
    await waitForIdle(queues, { timeoutMs: 120_000 });

    const failed = await queues.queue('crawl').getFailed();
    expect(failed.map((j) => j.id)).toEqual(['poison-batch']);
    expect(failed[0].attemptsMade).toBe(5);
    expect(failed[0].failedReason).toMatch(/0x00|invalid byte sequence|null character/i);
    const counts = await rowCounts(db.db);
    expect(counts.listings).toBe(60);
    const depth = await queues.depth();
    expect(depth.triage.completed).toBe(60);
    expect(depth.classify.failed + depth.triage.failed).toBe(0);
  }, 180_000);

  it('lists the failed job with its error on `shelfwatch jobs failed`', async () => {
    const r = await runCli(['jobs', 'failed', '--json'], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ stage: string; id: string; error: string; attempts: number }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ stage: 'crawl', id: 'poison-batch', attempts: 5 });
    expect(rows[0].error).toMatch(/0x00|invalid byte sequence|null character/i);
  }, 60_000);

  it('moves it back to waiting on `shelfwatch jobs retry`, where it fails again', async () => {
    const r = await runCli(['jobs', 'retry', '--stage', 'crawl', '--id', 'poison-batch', '--json'], { env: env() });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ retried: { crawl: 1 } });
    await waitForIdle(queues, { timeoutMs: 60_000 });
    const job = await queues.queue('crawl').getJob('poison-batch');
    expect(await job!.getState()).toBe('failed');
    const bad = await runCli(['jobs', 'retry', '--stage', 'nope'], { env: env() });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown stage "nope"');
  }, 120_000);
});
