import { afterEach, describe, expect, it } from 'vitest';
import { handleOf, nextShopifyStep, SHOPIFY_MAX_OFFSET } from '../../../crawlers/shopify/adapter.js';
import { startShopifyShop } from '../../fixtures/shopify-shop/server.js';
import type { FixtureServer } from '../../fixtures/serve.js';
import { crawl } from './helpers.js';

let shop: FixtureServer | undefined;
afterEach(async () => {
  await shop?.close();
  shop = undefined;
});

describe('when crawling a Shopify store through products.json', () => {
  it('pages with limit=250 until a short page and maps every field', async () => {
    shop = await startShopifyShop({ products: 260 });
    const out = await crawl({ adapter: 'shopify', startUrls: [shop.url] });
    expect(out.found).toHaveLength(260);
    expect(shop.requests.filter((r) => r.path.startsWith('/products.json')).map((r) => r.path)).toEqual([
      '/products.json?limit=250&page=1',
      '/products.json?limit=250&page=2',
    ]);
    expect(shop.hits('/sitemap')).toBe(0);
    const l = out.byId(':1001')!;
    expect(l).toMatchObject({
      url: `${shop.url}/products/ginseng-tonic-1`,
      title: 'Ginseng tonic 1',
      category: 'Supplements',
      price: 24.5,
      currency: 'USD',
      seller: { id: 'tonic.example', name: 'Tonic Store', url: shop.url },
      images: [{ url: 'https://cdn.example/files/gt-1.png', alt: 'front label' }],
      attributes: { brand: 'TonicCo', sku: 'GT-1', gtin: '8930000000001', tags: 'detox, immune', handle: 'ginseng-tonic-1' },
    });
    expect(l.description).toContain('Cures fatigue and cancer.');
  });
});

describe('when products.json is closed', () => {
  it('falls back to the sitemap and the /products/{handle}.js endpoint (prices in cents)', async () => {
    shop = await startShopifyShop({ products: 5, productsJsonClosed: true });
    const out = await crawl({ adapter: 'shopify', startUrls: [shop.url] });
    expect(out.found.map((l) => l.id).sort()).toEqual(['test:1001', 'test:1002', 'test:1003', 'test:1004', 'test:1005']);
    expect(out.byId(':1003')).toMatchObject({ price: 24.5, category: 'Supplements', attributes: { brand: 'TonicCo', sku: 'GT-3' } });
    expect(shop.hits('/sitemap_pages')).toBe(0);
    expect(out.errors).toBe(0);
  });
});

describe('when the catalogue is larger than products.json can page', () => {
  it('stops at page × limit 25,000 and reads the rest through the sitemap and /products/{handle}.js', async () => {
    shop = await startShopifyShop({ products: SHOPIFY_MAX_OFFSET + 120 });
    const out = await crawl({ adapter: 'shopify', startUrls: [shop.url] });
    const pages = shop.requests.filter((r) => r.path.startsWith('/products.json')).map((r) => r.path);
    expect(pages).toHaveLength(100);
    expect(pages.at(-1)).toBe('/products.json?limit=250&page=100');
    // Only the products products.json could not reach are fetched one by one.
    expect(shop.requests.filter((r) => r.path.endsWith('.js')).map((r) => r.path).sort()).toEqual(
      Array.from({ length: 120 }, (_, i) => `/products/ginseng-tonic-${SHOPIFY_MAX_OFFSET + 1 + i}.js`).sort(),
    );
    expect(out.found).toHaveLength(SHOPIFY_MAX_OFFSET + 120);
    expect(new Set(out.found.map((l) => l.id)).size).toBe(SHOPIFY_MAX_OFFSET + 120);
    // 100 API pages deep, yet not cut off by maxDepth (10): paging does not count as link depth.
    expect(out.skipped.depth).toBeUndefined();
    expect(out.complete).toBe(true);
    // 25,120 listings validated: allow for a loaded machine.
  }, 120_000);
});

describe('when the shop sends invalid products', () => {
  it('skips each invalid one with an error naming it and keeps the rest', async () => {
    shop = await startShopifyShop({ products: 3, hostile: true });
    const out = await crawl({ adapter: 'shopify', startUrls: [shop.url] });
    expect(out.found.map((l) => l.id).sort()).toEqual(['test:1001', 'test:1002', 'test:1003']);
    expect(out.errorList.map((e) => [e.kind, e.message.replace(/^.*: product/, 'product')])).toEqual([['extraction_failed', 'product #4: handle: Required']]);
    // A bad image URL costs the image, not the product.
    expect(out.byId(':1001')!.images).toEqual([{ url: 'https://cdn.example/files/gt-1.png', alt: 'front label' }]);
  });
});

describe('when reading product handles from sitemap URLs', () => {
  it('decodes them and ignores what is not a product URL', () => {
    expect(handleOf('https://s.example/products/tr%C3%A0-xanh')).toBe('trà-xanh');
    expect(handleOf('https://s.example/en-gb/products/tea/')).toBe('tea');
    expect(handleOf('https://s.example/products/%E0%A4%A')).toBeUndefined();
    expect(handleOf('https://s.example/collections/tea')).toBeUndefined();
    expect(handleOf('not a url')).toBeUndefined();
  });
});

describe('when deciding the next products.json step', () => {
  it('stops on a short page, pages on, and hands over to the sitemap at page × limit 25,000', () => {
    expect(nextShopifyStep(1, 10)).toBe('done');
    expect(nextShopifyStep(1, 250)).toEqual({ page: 2 });
    expect(nextShopifyStep(99, 250)).toEqual({ page: 100 });
    expect(nextShopifyStep(100, 250)).toBe('sitemap');
  });
});
