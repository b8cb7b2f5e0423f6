import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { adHocTarget } from '../../../crawlers/targets.js';
import { startDemoMarketplace, type DemoMarketplace } from '../../../demo/server.js';
import { enqueueCrawl } from '../../../pipeline/queue-runner.js';
import type { PipelineQueues } from '../../../pipeline/queues.js';
import { DomainRateLimiter } from '../../../pipeline/rate-limit.js';
import type { CrawlJobResult } from '../../../pipeline/workers/crawl.worker.js';
import { WorkerHost } from '../../../pipeline/workers/host.js';
import { freshDatabase } from '../../helpers/databases.js';
import { TEST_REDIS_URL, openTestQueues, queueConfig, silentLog, uniquePrefix } from './queue-helpers.js';

describe('when two workers crawl the same domain', () => {
  // Two connections and two limiters: what two worker processes on two machines have.
  let a: Redis;
  let b: Redis;
  const prefix = uniquePrefix('rate');

  beforeAll(() => {
    a = new Redis(TEST_REDIS_URL);
    b = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    const keys = await a.keys(`${prefix}:*`);
    if (keys.length) await a.del(...keys);
    a.disconnect();
    b.disconnect();
  });

  it('holds the per-domain rate for the fleet, not per process', async () => {
    const perSecond = 10;
    const one = new DomainRateLimiter(a, { perSecond, prefix });
    const two = new DomainRateLimiter(b, { perSecond, prefix });
    const grants: number[] = [];
    const t0 = Date.now();
    // 21 requests at once, split over both workers: at 10/s with no burst they need ≥ 2 s in total.
    await Promise.all(
      Array.from({ length: 21 }, (_, i) => (i % 2 ? one : two).acquire(`https://shop.example/p/${i}`).then(() => grants.push(Date.now() - t0))),
    );
    grants.sort((x, y) => x - y);
    expect(grants[grants.length - 1]).toBeGreaterThanOrEqual(1900);
    // Any window of 1 s saw at most perSecond + 1 grants (one at each edge).
    for (let i = 0; i < grants.length; i++) expect(grants.filter((g) => g >= grants[i] && g < grants[i] + 1000).length).toBeLessThanOrEqual(perSecond + 1);
  }, 30_000);

  it('keeps other domains independent and lets a target set its own rate', async () => {
    const limiter = new DomainRateLimiter(a, { perSecond: 1, prefix });
    await limiter.acquire('https://slow.example/a');
    // The slow domain's bucket is empty for a second; another domain is not held back by it.
    expect(await limiter.tryTake('slow.example')).toBeGreaterThan(500);
    const t0 = Date.now();
    await limiter.acquire('https://other.example/a');
    expect(Date.now() - t0).toBeLessThan(200);
    // A target's own limit (50/s) refills its domain's bucket 50 times faster.
    await limiter.acquire('https://fast.example/a', undefined, 50);
    const t1 = Date.now();
    await limiter.acquire('https://fast.example/b', undefined, 50);
    expect(Date.now() - t1).toBeLessThan(200);
  });

  it('rejects a rate that cannot work, naming the setting', () => {
    expect(() => new DomainRateLimiter(a, { perSecond: 0 })).toThrow(/crawl rate must be > 0/);
  });
});

describe('when two workers run crawl jobs against the same shop at once', () => {
  let shop: DemoMarketplace;
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let queues: PipelineQueues;
  const hosts: WorkerHost[] = [];
  const prefix = uniquePrefix('crawlrate');

  beforeAll(async () => {
    shop = await startDemoMarketplace({ port: 0 });
    db = await freshDatabase('pg');
    queues = openTestQueues(prefix);
  });
  afterAll(async () => {
    for (const h of hosts) await h.close(2000);
    await queues?.obliterate();
    await queues?.close();
    await db?.dispose();
    await shop?.close();
  });

  it('spaces their requests as one fleet: 2 requests per second in total, not per worker', async () => {
    // Crawl stage only: the listings they hand on wait in the classify queue, which does not matter here.
    const config = queueConfig(db.url!, prefix, { crawlRatePerSecond: 2, maxPages: 8 });
    for (const name of ['worker-a', 'worker-b']) hosts.push(await WorkerHost.start({ config, stages: ['crawl'], concurrency: 1, port: null, name, log: silentLog }));
    // Two targets (two platforms) on one host name: the limit is per domain, whoever crawls it.
    await enqueueCrawl(queues, adHocTarget('shop-a', [`${shop.url}/category/all`]));
    await enqueueCrawl(queues, adHocTarget('shop-b', [`${shop.url}/category/all`]));
    const deadline = Date.now() + 120_000;
    while ((await queues.depth()).crawl.completed < 2) {
      if (Date.now() > deadline) throw new Error(`crawl jobs did not finish: ${JSON.stringify((await queues.depth()).crawl)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const jobs = await queues.queue('crawl').getCompleted();
    expect(new Set(jobs.map((j) => j.processedBy))).toEqual(new Set(['worker-a', 'worker-b']));
    const pages = jobs.reduce((n, j) => n + (j.returnvalue as CrawlJobResult).stats.pages, 0);
    expect(pages).toBeGreaterThanOrEqual(16);
    const span = Math.max(...jobs.map((j) => j.finishedOn!)) - Math.min(...jobs.map((j) => j.processedOn!));
    // One bucket for both: `pages` requests at 2/s need (pages - 1) / 2 s at least. Two separate
    // per-worker buckets would finish in about half that, since the jobs overlap.
    expect(span).toBeGreaterThanOrEqual(((pages - 1) / 2) * 1000 * 0.95);
  }, 180_000);
});
