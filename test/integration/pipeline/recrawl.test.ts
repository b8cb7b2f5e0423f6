import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config.js';
import { startDemoMarketplace, type DemoMarketplace } from '../../../demo/server.js';
import { createPipelineContext, type PipelineContext } from '../../../pipeline/context.js';
import { runCrawlPipeline } from '../../../pipeline/inline-runner.js';
import { DRIVERS, freshDatabase } from '../../helpers/databases.js';

describe.each(DRIVERS)('when the demo marketplace is crawled twice on %s', (driver) => {
  let shop: DemoMarketplace;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let ctx: PipelineContext;

  beforeAll(async () => {
    shop = await startDemoMarketplace({ port: 0 });
    database = await freshDatabase(driver);
    // OCR is exercised by its own tests; here the loop and its idempotency are under test.
    ctx = await createPipelineContext(loadConfig({ ocr: false }, {}), { database });
  });
  afterAll(async () => {
    for (const c of ctx?.classifiers ?? []) await c.close?.();
    await database?.dispose();
    await shop?.close();
  });

  const crawl = (markMissingRemoved = false) =>
    runCrawlPipeline(ctx, { platform: 'demo', startUrls: [`${shop.url}/category/all`], markMissingRemoved });

  it('stores every listing, classifies it and opens cases on the first crawl', async () => {
    const s = await crawl();
    expect(s.listings).toBeGreaterThanOrEqual(160);
    expect(s.stats.listingsNew).toBe(s.listings);
    expect(s.flagged.false_health_claim).toBeGreaterThan(20);
    expect(s.flagged.missing_certificate).toBeGreaterThan(20);
    expect(s.flagged.mislabeled_food).toBeGreaterThan(5);
    expect(s.cases.opened).toBeGreaterThan(30);
    // The page without product data is recorded on the run, not fatal.
    expect(s.stats.errors.not_a_product).toBeGreaterThanOrEqual(1);
    const run = await ctx.repos.crawlRuns.get(s.crawlRunId);
    expect(run?.status).toBe('finished');
    expect(run?.errors.some((e) => e.kind === 'not_a_product' && e.url.includes('no-data-page'))).toBe(true);
  });

  it('creates no duplicate listings, snapshots or cases on an unchanged re-crawl', async () => {
    const before = await ctx.repos.listings.counts();
    const casesBefore = await ctx.repos.cases.countByStatus();
    const s = await crawl();
    expect(s.stats.listingsNew).toBe(0);
    expect(s.stats.listingsChanged).toBe(0);
    expect(s.stats.listingsUnchanged).toBe(s.listings);
    expect(s.cases.opened).toBe(0);
    expect(await ctx.repos.listings.counts()).toEqual(before);
    expect(await ctx.repos.cases.countByStatus()).toEqual(casesBefore);
  });

  it('records a changed listing as one new snapshot and a vanished one as removed', async () => {
    const all = await ctx.repos.cases.listOpen(1000);
    const target = all[0];
    const sku = target.listingId.replace(/^demo:/, '');
    shop.setOverride(sku, { title: `${target.title} (new packaging)` });
    const gone = all[1].listingId.replace(/^demo:/, '');
    shop.remove(gone);
    const s = await crawl(true);
    expect(s.stats.listingsChanged).toBe(1);
    expect(s.stats.listingsRemoved).toBe(1);
    const snaps = await ctx.repos.listings.snapshots(target.listingId);
    expect(snaps).toHaveLength(2);
    // The open case follows the listing's new content instead of a second case being opened.
    expect(s.cases.opened).toBe(0);
    expect(s.cases.refreshed).toBe(1);
    const removed = await ctx.repos.listings.get(`demo:${gone}`);
    expect(removed?.status).toBe('removed');
    expect(removed?.removedAt).toBeInstanceOf(Date);
    shop.restore(gone);
    const back = await crawl();
    expect((await ctx.repos.listings.get(`demo:${gone}`))?.status).toBe('active');
    expect(back.stats).toMatchObject({ listingsRelisted: 1, listingsChanged: 0 });
  });
});

describe('when a start URL is unreachable', () => {
  it('records the failure on the crawl run instead of crashing', async () => {
    const database = await freshDatabase('pglite');
    const ctx = await createPipelineContext(loadConfig({ ocr: false }, {}), { database });
    try {
      const s = await runCrawlPipeline(ctx, { platform: 'nowhere', startUrls: ['http://127.0.0.1:1/category/all'] });
      expect(s.listings).toBe(0);
      expect(Object.keys(s.stats.errors).length).toBeGreaterThan(0);
      const run = await ctx.repos.crawlRuns.get(s.crawlRunId);
      expect(run?.status).toBe('finished');
      expect(run?.errors[0].url).toContain('127.0.0.1:1');
    } finally {
      await database.dispose();
    }
  });
});
