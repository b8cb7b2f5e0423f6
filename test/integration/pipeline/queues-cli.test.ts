import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoStyleListings } from '../../../bench/demo-listings.js';
import { TakedownRepository } from '../../../db/repositories/takedown.repository.js';
import { cases } from '../../../db/schema/index.js';
import { startDemoMarketplace, type DemoMarketplace } from '../../../demo/server.js';
import { enqueueListings, waitForIdle } from '../../../pipeline/queue-runner.js';
import type { PipelineQueues } from '../../../pipeline/queues.js';
import { RECHECK_SWEEP_ID, recheckSchedulerId } from '../../../pipeline/schedules.js';
import { WorkerHost } from '../../../pipeline/workers/host.js';
import { runCli } from '../../helpers/cli.js';
import { freshDatabase } from '../../helpers/databases.js';
import { TEST_REDIS_URL, openTestQueues, queueConfig, rowCounts, uniquePrefix } from './queue-helpers.js';

/** The operator's side of queue mode: `schedule sync/list`, `crawl` with REDIS_URL set, and the JSON logs. */
describe('when an operator drives the queues from the CLI', () => {
  let shop: DemoMarketplace;
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let queues: PipelineQueues;
  let host: WorkerHost;
  const logLines: string[] = [];
  const prefix = uniquePrefix('cli');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sw-targets-'));
  const targetsFile = path.join(dir, 'targets.yaml');
  const env = () => ({ REDIS_URL: TEST_REDIS_URL, SHELFWATCH_QUEUE_PREFIX: prefix, DATABASE_URL: db.url!, SHELFWATCH_OCR: 'false' });

  beforeAll(async () => {
    shop = await startDemoMarketplace({ port: 0 });
    db = await freshDatabase('pg');
    queues = openTestQueues(prefix);
    // Debug level: every completed job is logged, as an operator would see with LOG_LEVEL=debug.
    const log = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
    host = await WorkerHost.start({ config: queueConfig(db.url!, prefix), port: null, log });
  });
  afterAll(async () => {
    await host?.close(2000);
    await queues?.obliterate();
    await queues?.close();
    await db?.dispose();
    await shop?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = async (args: string[]) => {
    const r = await runCli(args, { env: env() });
    expect(r.stderr, r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as unknown;
  };

  it('turns each scheduled target into one job scheduler and keeps them in sync with the file', async () => {
    writeFileSync(
      targetsFile,
      `targets:
  - { name: herbs, adapter: json-ld, startUrls: ["https://herbs.example/c"], schedule: "0 3 * * *" }
  - { name: teas, adapter: json-ld, startUrls: ["https://teas.example/c"], schedule: "30 2 * * 1" }
  - { name: manual-only, adapter: json-ld, startUrls: ["https://manual.example/c"] }
`,
    );
    expect(await cli(['schedule', 'sync', '--targets', targetsFile, '--no-takedowns', '--json'])).toEqual({
      crawl: { added: ['herbs', 'teas'], updated: [], unchanged: [], removed: [] },
    });
    // A second sync with the same file changes nothing.
    expect(await cli(['schedule', 'sync', '--targets', targetsFile, '--no-takedowns', '--json'])).toEqual({
      crawl: { added: [], updated: [], unchanged: ['herbs', 'teas'], removed: [] },
    });
    writeFileSync(targetsFile, `targets:\n  - { name: herbs, adapter: json-ld, startUrls: ["https://herbs.example/c"], schedule: "15 4 * * *" }\n`);
    expect(await cli(['schedule', 'sync', '--targets', targetsFile, '--no-takedowns', '--json'])).toEqual({
      crawl: { added: [], updated: ['herbs'], unchanged: [], removed: ['teas'] },
    });

    const rows = (await cli(['schedule', 'list', '--json'])) as Array<{ id: string; queue: string; pattern?: string; next?: string }>;
    expect(rows.filter((r) => r.queue === 'crawl').map((r) => [r.id, r.queue, r.pattern])).toEqual([['crawl-target-herbs', 'crawl', '15 4 * * *']]);
    // The worker (it runs takedown-verify) created the re-check sweep on start, with no sync asked for it.
    expect(rows.filter((r) => r.queue === 'takedown-verify').map((r) => r.id)).toEqual([RECHECK_SWEEP_ID]);
    const next = new Date(rows.find((r) => r.queue === 'crawl')!.next!);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(next.getUTCHours() * 60 + next.getUTCMinutes()).toBe(4 * 60 + 15);
    // The scheduler's next run waits as a delayed job carrying the target; it is not pending work.
    const [delayed] = await queues.queue('crawl').getDelayed();
    expect(delayed.data).toMatchObject({ kind: 'target', trigger: 'schedule', target: { name: 'herbs' } });
    expect(await queues.pending()).toBe(0);
  }, 120_000);

  it('queues `shelfwatch crawl` when REDIS_URL is set, and --wait returns once the workers are done', async () => {
    const r = (await cli(['crawl', `${shop.url}/category/all`, '--platform', 'demo', '--wait', '--json'])) as { job: string; listings: number; stats: { pages: number } };
    expect(r.job).toMatch(/^crawl-demo-/);
    expect(r.listings).toBeGreaterThan(100);
    const counts = await rowCounts(db.db);
    expect(counts.listings).toBe(r.listings);
    expect(counts.cases).toBeGreaterThan(30);
    // --wait waited for classify and triage too, not only for the crawl job.
    expect((await queues.depth()).triage.completed).toBe(r.listings);
    expect(await queues.pending()).toBe(0);
    // The crawl flags travel in the job to whichever worker takes it.
    const capped = (await cli(['crawl', `${shop.url}/category/all`, '--platform', 'demo', '--max-pages', '2', '--wait', '--json'])) as { stats: { pages: number } };
    // (crawlee may finish the few requests already in flight when the cap is reached)
    expect(r.stats.pages).toBeGreaterThan(100);
    expect(capped.stats.pages).toBeLessThanOrEqual(2 + 4);
  }, 240_000);

  it('logs JSON lines that carry the stage and job id of every job', async () => {
    const poison = { ...demoStyleListings(1, { tag: 'log-poison' })[0], title: 'bad \u0000 title' };
    await enqueueListings(queues, 'demo', [poison]);
    await waitForIdle(queues, { timeoutMs: 120_000 });
    const entries = logLines.map((l) => JSON.parse(l) as { msg: string; stage?: string; jobId?: string; err?: string });
    const completed = entries.filter((e) => e.msg === 'job completed');
    expect(completed.length).toBeGreaterThan(100);
    for (const e of completed) {
      // takedown-verify: the re-check sweep the worker scheduled on start runs once at once.
      expect(e.stage).toMatch(/^(crawl|classify|triage|takedown-verify)$/);
      expect(e.jobId).toBeTruthy();
    }
    const [failed] = entries.filter((e) => e.msg === 'job failed');
    const [job] = await queues.queue('crawl').getFailed();
    expect(failed).toMatchObject({ stage: 'crawl', jobId: job.id });
    expect(failed.err).toMatch(/0x00|invalid byte sequence|null character/i);

    // The operator's view of the same failure, and a retry of every failed job of the stage.
    const counts = (await cli(['jobs', 'counts', '--json'])) as Record<string, Record<string, number>>;
    expect(counts.crawl).toMatchObject({ failed: 1, active: 0, waiting: 0 });
    expect(await cli(['jobs', 'retry', '--stage', 'crawl', '--json'])).toEqual({ retried: { crawl: 1 } });
    await waitForIdle(queues, { timeoutMs: 60_000 });
    // It fails again (the data is still bad) after a second round of attempts; nothing else is touched.
    expect(await job.getState()).toBe('failed');
    expect((await queues.depth()).crawl.failed).toBe(1);
  }, 180_000);

  it('gives a sent takedown its re-check schedule through the sweep, without a manual sync', async () => {
    const [c] = await db.db.select({ id: cases.id }).from(cases).orderBy(cases.id).limit(1);
    await db.db.update(cases).set({ status: 'confirmed' }).where(eq(cases.id, c.id));
    const takedowns = new TakedownRepository(db.db);
    const { id } = await takedowns.createDraft(c.id, {}, 'test');
    await takedowns.setStatus(id, 'sent', 'test');

    // `schedule sync` (with the database) creates the re-check of this takedown and starts the sweep.
    const sync = (await cli(['schedule', 'sync', '--targets', targetsFile, '--json'])) as { rechecks: { added: string[] } };
    expect(sync.rechecks.added).toEqual([String(id)]);
    const keys = async () => (await queues.queue('takedown-verify').getJobSchedulers(0, -1)).map((s) => s.key).sort();
    expect(await keys()).toEqual([recheckSchedulerId(id), RECHECK_SWEEP_ID].sort());

    // A second notice, sent after the sync: the sweep job alone must pick it up.
    const [c2] = await db.db.select({ id: cases.id }).from(cases).where(eq(cases.status, 'open')).orderBy(cases.id).limit(1);
    await db.db.update(cases).set({ status: 'confirmed' }).where(eq(cases.id, c2.id));
    const second = await takedowns.createDraft(c2.id, {}, 'test');
    await takedowns.setStatus(second.id, 'sent', 'test');
    await queues.queue('takedown-verify').add('sweep', { sweep: true, everyMs: 3_600_000 }, { jobId: 'sweep-now' });
    await waitForIdle(queues, { timeoutMs: 60_000 });
    const swept = await queues.queue('takedown-verify').getJob('sweep-now');
    expect(swept!.returnvalue).toMatchObject({ sweep: { added: [String(second.id)] } });
    expect(await keys()).toContain(recheckSchedulerId(second.id));
  }, 120_000);
});
