import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineQueues } from '../../../pipeline/queues.js';
import { DEFAULT_SWEEP_EVERY_MS, ensureRecheckSweep, RECHECK_SWEEP_ID } from '../../../pipeline/schedules.js';
import { WorkerHost } from '../../../pipeline/workers/host.js';
import { freshDatabase } from '../../helpers/databases.js';
import { openTestQueues, queueConfig, silentLog, uniquePrefix } from './queue-helpers.js';

// Sent notices must be re-checked even where nobody ran `schedule sync`: a worker that runs the
// takedown-verify stage creates the sweep on start, and leaves an operator's interval alone.
describe('the takedown re-check sweep', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    db = await freshDatabase('pg');
  });
  afterAll(async () => {
    await db?.dispose();
  });

  async function startAndStop(prefix: string, stages: Array<'crawl' | 'takedown-verify'>) {
    const host = await WorkerHost.start({ config: queueConfig(db.url!, prefix), stages, port: null, log: silentLog });
    await host.close(2000);
  }

  it('is created with its defaults by a worker that runs takedown-verify, and not by one that does not', async () => {
    const prefix = uniquePrefix('sweep');
    const queues: PipelineQueues = openTestQueues(prefix);
    try {
      await startAndStop(prefix, ['crawl']);
      expect(await queues.queue('takedown-verify').getJobScheduler(RECHECK_SWEEP_ID)).toBeUndefined();
      await startAndStop(prefix, ['takedown-verify']);
      const sweep = await queues.queue('takedown-verify').getJobScheduler(RECHECK_SWEEP_ID);
      expect(sweep?.every).toBe(DEFAULT_SWEEP_EVERY_MS);
    } finally {
      await queues.obliterate();
      await queues.close();
    }
  }, 60_000);

  it('keeps the interval an operator set with schedule sync', async () => {
    const prefix = uniquePrefix('sweep-kept');
    const queues: PipelineQueues = openTestQueues(prefix);
    try {
      await ensureRecheckSweep(queues, { sweepEveryMs: 2 * 3_600_000 });
      await startAndStop(prefix, ['takedown-verify']);
      expect((await queues.queue('takedown-verify').getJobScheduler(RECHECK_SWEEP_ID))?.every).toBe(2 * 3_600_000);
    } finally {
      await queues.obliterate();
      await queues.close();
    }
  }, 60_000);
});
