import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoStyleListings } from '../../../bench/demo-listings.js';
import { enqueueListings, waitForIdle } from '../../../pipeline/queue-runner.js';
import { STAGES, type PipelineQueues } from '../../../pipeline/queues.js';
import { WorkerHost } from '../../../pipeline/workers/host.js';
import { freshDatabase } from '../../helpers/databases.js';
import { TEST_REDIS_URL, openTestQueues, queueConfig, rowCounts, silentLog, startWorkerProcess, uniquePrefix, type WorkerChild } from './queue-helpers.js';

const N = 300;

describe('when a worker process gets SIGTERM in the middle of its jobs', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let queues: PipelineQueues;
  let host: WorkerHost | undefined;
  let worker: WorkerChild | undefined;
  const prefix = uniquePrefix('sigterm');

  beforeAll(async () => {
    db = await freshDatabase('pg');
    queues = openTestQueues(prefix);
  });
  afterAll(async () => {
    if (worker && worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
    await host?.close(2000);
    await queues?.obliterate();
    await queues?.close();
    await db?.dispose();
  });

  it('stops at once, hands its active jobs back to the queue, and another worker finishes them', async () => {
    await enqueueListings(queues, 'demo', demoStyleListings(N, { tag: 'sigterm' }), 25);
    // Production lock (30 s): a job left "active" by the stopped worker would stay stuck far longer than this test waits.
    worker = await startWorkerProcess({ REDIS_URL: TEST_REDIS_URL, DATABASE_URL: db.url!, SHELFWATCH_QUEUE_PREFIX: prefix, SHELFWATCH_JOB_LOCK_MS: '30000' }, ['--grace', '0']);
    const deadline = Date.now() + 120_000;
    for (;;) {
      const d = await queues.depth();
      if (d.triage.completed >= 20 && d.crawl.active > 0) break;
      if (Date.now() > deadline) throw new Error(`no progress before SIGTERM:\n${worker.output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const t0 = Date.now();
    worker.child.kill('SIGTERM');
    const exit = await worker.exited;
    expect(exit.code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(15_000);
    const out = worker.output();
    expect(out).toContain('"shutting down: finishing active jobs"');
    expect(out).toContain('"worker stopped"');
    // The crawl job that was running went back to the queue at once (grace 0), not through lock expiry.
    expect(out).toContain('"job handed back to the queue"');

    // Nothing left active (no lock to wait out), nothing failed, and work remains for the next worker.
    const after = await queues.depth();
    for (const s of STAGES) expect(after[s].active, `${s} active after SIGTERM`).toBe(0);
    for (const s of STAGES) expect(after[s].failed, `${s} failed after SIGTERM`).toBe(0);
    expect(after.triage.completed).toBeLessThan(N);

    host = await WorkerHost.start({ config: queueConfig(db.url!, prefix), port: null, log: silentLog });
    await waitForIdle(queues, { timeoutMs: 180_000, quietMs: 1000 });
    const counts = await rowCounts(db.db);
    expect(counts.listings).toBe(N);
    expect(counts.snapshots).toBe(N);
    const done = await queues.depth();
    expect(done.triage.completed).toBe(N);
    for (const s of STAGES) expect(done[s].failed).toBe(0);
  }, 300_000);
});
