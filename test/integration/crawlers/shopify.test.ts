import { afterEach, describe, expect, it } from 'vitest';
import { nextShopifyStep } from '../../../crawlers/shopify/adapter.js';
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

describe('when deciding the next products.json step', () => {
  it('stops on a short page, pages on, and hands over to the sitemap at page × limit 25,000', () => {
    expect(nextShopifyStep(1, 10)).toBe('done');
    expect(nextShopifyStep(1, 250)).toEqual({ page: 2 });
    expect(nextShopifyStep(99, 250)).toEqual({ page: 100 });
    expect(nextShopifyStep(100, 250)).toBe('sitemap');
  });
});
