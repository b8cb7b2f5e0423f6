import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWooShop } from '../../fixtures/woocommerce-shop/server.js';
import type { FixtureServer } from '../../fixtures/serve.js';
import { crawl, type CrawlOutcome } from './helpers.js';

describe('when crawling a WooCommerce shop through the Store API', () => {
  let shop: FixtureServer;
  let out: CrawlOutcome;
  beforeAll(async () => {
    shop = await startWooShop({ products: 150 });
    out = await crawl({ adapter: 'woocommerce', startUrls: [shop.url] });
  });
  afterAll(() => shop.close());

  it('pages by X-WP-TotalPages', () => {
    expect(out.found).toHaveLength(150);
    expect(shop.requests.filter((r) => r.path.startsWith('/wp-json/wc/store/v1/products?')).map((r) => r.path).sort()).toEqual([
      '/wp-json/wc/store/v1/products?page=1&per_page=100',
      '/wp-json/wc/store/v1/products?page=2&per_page=100',
    ]);
  });

  it('reads prices in minor units, attributes, images and the site as seller', () => {
    const l = out.byId(':2')!;
    expect(l).toMatchObject({
      url: `${shop.url}/product/herbal-tea-2/`,
      title: 'Herbal slimming tea 2',
      price: 125000,
      currency: 'VND',
      category: 'Tea',
      ingredients: ['senna', 'green tea'],
      attributes: { Origin: 'Vietnam', sku: 'HT-2', tags: 'slim', reviewCount: '1' },
      seller: { name: 'Herbal Woo', url: shop.url },
      images: [{ url: `${shop.url}/wp-content/uploads/ht-2.jpg`, alt: 'pack' }],
    });
    expect(l.description).toBe('Lose weight without diet.\n\n100% natural.');
  });

  it('divides by 10^currency_minor_unit (cents for USD)', () => {
    expect(out.byId(':3')).toMatchObject({ price: 19.99, currency: 'USD' });
  });

  it('saw the whole catalogue', () => {
    expect(out.errors).toBe(0);
    expect(out.complete).toBe(true);
  });

  it('collects every page of reviews before handing the listing on', () => {
    const l = out.byId(':1')!;
    expect(l.reviews).toHaveLength(120);
    expect(l.reviews[0]).toEqual({ author: 'buyer0', rating: 1, text: 'Review 0: cured my diabetes', date: '2026-02-01T10:00:00' });
    expect(out.byId(':2')!.reviews).toEqual([{ author: 'Ha', rating: 4, text: 'Good', date: '2026-03-01T10:00:00' }]);
    expect(shop.hits('/wp-json/wc/store/v1/products/reviews?')).toBe(3);
    expect(out.byId(':3')!.reviews).toEqual([]);
  });
});

describe('when the Store API misbehaves', () => {
  let shop: FixtureServer | undefined;
  afterEach(async () => {
    await shop?.close();
    shop = undefined;
  });
  const productPages = (s: FixtureServer) => s.requests.filter((r) => r.path.startsWith('/wp-json/wc/store/v1/products?')).length;

  it('pages until a short page when X-WP-TotalPages is missing', async () => {
    shop = await startWooShop({ products: 250, noTotalHeader: true });
    const out = await crawl({ adapter: 'woocommerce', startUrls: [shop.url] });
    expect(out.found).toHaveLength(250);
    expect(productPages(shop)).toBe(3);
  });

  it('stops at the first empty page when X-WP-TotalPages claims a billion pages', async () => {
    shop = await startWooShop({ products: 150, claimedTotalPages: 1_000_000_000 });
    const out = await crawl({ adapter: 'woocommerce', startUrls: [shop.url] });
    expect(out.found).toHaveLength(150);
    // Page 1 opens a window of 8 more; page 2 adds one; the empty pages add none.
    expect(productPages(shop)).toBeLessThanOrEqual(1 + 8 + 1);
  });

  it('skips invalid products with a reported error, fails a non-array page, and does not claim the catalogue was complete', async () => {
    shop = await startWooShop({ products: 150, hostile: true });
    const out = await crawl({ adapter: 'woocommerce', startUrls: [shop.url], options: { maxRetries: 0 } });
    expect(out.found).toHaveLength(100);
    const kinds = out.errorList.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'extraction_failed')).toHaveLength(3);
    expect(out.errorList.find((e) => e.url.includes('page=2'))?.message).toMatch(/expected a JSON array of products, got object/);
    expect(out.complete).toBe(false);
  });
});
