import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config.js';
import { targetSchema } from '../../../crawlers/targets.js';
import { createPipelineContext, type PipelineContext } from '../../../pipeline/context.js';
import { runCrawlPipeline } from '../../../pipeline/inline-runner.js';
import { startJsonLdShop, type JsonLdShop } from '../../fixtures/json-ld-shop/server.js';
import { startShopifyShop, type ShopifyShop } from '../../fixtures/shopify-shop/server.js';
import { freshDatabase } from '../../helpers/databases.js';

describe('when listings change, disappear and come back (pipeline on PGlite)', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let ctx: PipelineContext;
  let shop: JsonLdShop;
  let shopify: ShopifyShop;

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    ctx = await createPipelineContext(loadConfig({ ocr: false, dataDir: `/tmp/sw-change-${process.pid}` }, {}), { database });
    shop = await startJsonLdShop();
    shopify = await startShopifyShop({ products: 5 });
  });
  afterAll(async () => {
    for (const c of ctx?.classifiers ?? []) await c.close?.();
    await database?.dispose();
    await shop?.close();
    await shopify?.close();
    rmSync(`/tmp/sw-change-${process.pid}`, { recursive: true, force: true });
  });

  const crawlShop = (revisitKnown = false) => runCrawlPipeline(ctx, { platform: 'ldshop', startUrls: [`${shop.url}/category/tea`], revisitKnown });

  it('stores new listings and their sellers, then nothing on an unchanged re-crawl', async () => {
    const first = await crawlShop();
    expect(first.stats.listingsNew).toBe(7);
    const l = await ctx.repos.listings.get('ldshop:LD-1');
    expect(l?.sellerId).toBe('ldshop:leaf-store');
    expect(await ctx.repos.sellers.get('ldshop:leaf-store')).toMatchObject({ name: 'Leaf Store', phone: '+84 28 1234 5678', taxId: '0312345678' });
    const before = await ctx.repos.listings.counts();
    const again = await crawlShop();
    expect(again.stats).toMatchObject({ listingsNew: 0, listingsChanged: 0, listingsUnchanged: 7 });
    expect(await ctx.repos.listings.counts()).toEqual(before);
  });

  it('writes one snapshot when content changes', async () => {
    shop.retitle('/products/ld-1', 'Green tea (new recipe)');
    const s = await crawlShop();
    expect(s.stats.listingsChanged).toBe(1);
    expect(await ctx.repos.listings.snapshots('ldshop:LD-1')).toHaveLength(2);
  });

  it('marks a known listing removed when its page answers 404, and re-listed when it is back', async () => {
    shop.remove('/products/ld-2');
    const seenAt = Date.now();
    const s = await crawlShop(true);
    expect(s.stats.listingsRemoved).toBe(1);
    expect(s.stats.errors.gone).toBe(1);
    const removed = await ctx.repos.listings.get('ldshop:LD-2');
    expect(removed?.status).toBe('removed');
    expect(removed!.removedAt!.getTime()).toBeGreaterThanOrEqual(seenAt - 1000);
    shop.restore('/products/ld-2');
    const back = await crawlShop();
    // A re-listing is its own count, not an edit: it is what "kept down" is measured by.
    expect(back.stats).toMatchObject({ listingsRelisted: 1, listingsChanged: 0 });
    const relisted = await ctx.repos.listings.get('ldshop:LD-2');
    expect(relisted).toMatchObject({ status: 'active', removedAt: null });
    expect(relisted?.relistedAt).toBeInstanceOf(Date);
    expect((await ctx.repos.listings.snapshots('ldshop:LD-2')).map((x) => x.event)).toEqual(['changed', 'removed', 'relisted']);
  });

  it('marks listings that left the catalogue removed after a full crawl of the target', async () => {
    const target = targetSchema.parse({ name: 'tonic', adapter: 'shopify', startUrls: [shopify.url] });
    const first = await runCrawlPipeline(ctx, { platform: 'tonic', startUrls: [], target, markMissingRemoved: true });
    expect(first.stats.listingsNew).toBe(5);
    shopify.setProducts(4);
    const s = await runCrawlPipeline(ctx, { platform: 'tonic', startUrls: [], target, markMissingRemoved: true });
    expect(s.stats.listingsRemoved).toBe(1);
    expect((await ctx.repos.listings.get('tonic:1005'))?.status).toBe('removed');
    shopify.setProducts(5);
    const back = await runCrawlPipeline(ctx, { platform: 'tonic', startUrls: [], target, markMissingRemoved: true });
    expect(back.stats).toMatchObject({ listingsRelisted: 1, listingsChanged: 0 });
    expect((await ctx.repos.listings.get('tonic:1005'))?.status).toBe('active');
    const run = await ctx.repos.crawlRuns.get(back.crawlRunId);
    expect(run?.stats).toMatchObject({ listingsNew: 0, listingsChanged: 0, listingsRelisted: 1, listingsUnchanged: 4, listingsRemoved: 0 });
  });

  it('marks nothing removed after a run that lost pages, even though a listing is missing', async () => {
    const target = targetSchema.parse({ name: 'tonic', adapter: 'shopify', startUrls: [shopify.url], options: { backoffMs: 10, maxRetries: 1 } });
    shopify.failProductsJson(true);
    shopify.setProducts(4);
    try {
      const s = await runCrawlPipeline(ctx, { platform: 'tonic', startUrls: [], target, markMissingRemoved: true });
      // products.json failed for good; the sitemap still gave the four products, but the run is not complete.
      expect(s.stats.errors.server_error).toBe(1);
      // (The .js endpoint has no image alt text, so these count as changed rather than unchanged.)
      expect(s.stats.listingsNew).toBe(0);
      expect(s.stats.listingsUnchanged + s.stats.listingsChanged).toBe(4);
      expect(s.stats.listingsRemoved).toBe(0);
      expect((await ctx.repos.listings.get('tonic:1005'))?.status).toBe('active');
      const run = await ctx.repos.crawlRuns.get(s.crawlRunId);
      expect(run?.errors.map((e) => e.kind)).toEqual(['server_error']);
    } finally {
      shopify.failProductsJson(false);
      shopify.setProducts(5);
    }
  });
});
