import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adHocTarget } from '../../../crawlers/targets.js';
import { startDemoMarketplace, type DemoMarketplace } from '../../../demo/server.js';
import { closePipelineContext, createPipelineContext } from '../../../pipeline/context.js';
import { runCrawlPipeline } from '../../../pipeline/inline-runner.js';
import { enqueueCrawl, waitForIdle } from '../../../pipeline/queue-runner.js';
import type { PipelineQueues } from '../../../pipeline/queues.js';
import { WorkerHost } from '../../../pipeline/workers/host.js';
import { freshDatabase } from '../../helpers/databases.js';
import { caseSummary, openTestQueues, queueConfig, rowCounts, silentLog, uniquePrefix } from './queue-helpers.js';

describe('when the demo marketplace is crawled through the queues', () => {
  let shop: DemoMarketplace;
  let inlineDb: Awaited<ReturnType<typeof freshDatabase>>;
  let queueDb: Awaited<ReturnType<typeof freshDatabase>>;
  let queues: PipelineQueues;
  let host: WorkerHost;
  const prefix = uniquePrefix('demo');

  beforeAll(async () => {
    shop = await startDemoMarketplace({ port: 0 });
    [inlineDb, queueDb] = await Promise.all([freshDatabase('pg'), freshDatabase('pg')]);
    queues = openTestQueues(prefix);
  });
  afterAll(async () => {
    await host?.close(5000);
    await queues?.obliterate();
    await queues?.close();
    await inlineDb?.dispose();
    await queueDb?.dispose();
    await shop?.close();
  });

  const target = () => adHocTarget('demo', [`${shop.url}/category/all`]);

  it('opens the same cases as the inline run', async () => {
    const config = queueConfig(queueDb.url!, prefix);
    const inlineCtx = await createPipelineContext({ ...config, redisUrl: undefined }, { database: inlineDb });
    const inline = await runCrawlPipeline(inlineCtx, { platform: 'demo', startUrls: target().startUrls });
    for (const c of inlineCtx.classifiers) await c.close?.();

    host = await WorkerHost.start({ config, port: 0, log: silentLog });
    await enqueueCrawl(queues, target());
    await waitForIdle(queues, { timeoutMs: 120_000 });

    const [want, got] = await Promise.all([caseSummary(inlineDb.db), caseSummary(queueDb.db)]);
    expect(inline.cases.opened).toBeGreaterThan(30);
    expect(got.length).toBe(want.length);
    expect(got).toEqual(want);
    const counts = await rowCounts(queueDb.db);
    expect(counts.listings).toBe(inline.listings);
    expect(counts.snapshots).toBe(inline.listings);
    const depth = await queues.depth();
    expect(depth.crawl.completed).toBe(1);
    expect(depth.classify.completed).toBe(inline.listings);
    expect(depth.triage.completed).toBe(inline.listings);
    for (const s of Object.values(depth)) expect(s.failed).toBe(0);
  }, 300_000);

  it('adds nothing when the same crawl runs again', async () => {
    const before = await rowCounts(queueDb.db);
    const cases = await caseSummary(queueDb.db);
    await enqueueCrawl(queues, target());
    await waitForIdle(queues, { timeoutMs: 120_000 });
    const after = await rowCounts(queueDb.db);
    expect(after).toEqual({ ...before, crawlRuns: before.crawlRuns + 1 });
    expect(await caseSummary(queueDb.db)).toEqual(cases);
  }, 180_000);

  it('serves queue depth and stage counters on /metrics and answers /healthz and /readyz', async () => {
    const base = `http://127.0.0.1:${host.port}`;
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/shelfwatch_jobs_completed_total\{stage="classify"\} \d+/);
    expect(metrics).toMatch(/shelfwatch_queue_jobs\{stage="triage",state="completed"\} \d+/);
    expect(metrics).toMatch(/shelfwatch_stage_duration_seconds_bucket\{le="0.1",stage="classify"\}/);
    expect(metrics).toMatch(/shelfwatch_crawl_pages_total\{platform="demo"\} \d+/);
    expect(metrics).toMatch(/shelfwatch_flags_total\{label="false_health_claim"\} \d+/);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { checks: Record<string, string> }).checks).toMatchObject({ redis: 'ok', database: 'ok', 'worker:classify': 'ok' });
  });
});
