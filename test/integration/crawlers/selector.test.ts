import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SELECTORS, startSelectorShop } from '../../fixtures/selector-shop/server.js';
import type { FixtureServer } from '../../fixtures/serve.js';
import { MAX_REVIEW_PAGES } from '../../../crawlers/selector/routes.js';
import { crawl, type CrawlOutcome } from './helpers.js';

describe('when a custom shop is read with CSS selectors', () => {
  let shop: FixtureServer;
  let out: CrawlOutcome;
  beforeAll(async () => {
    shop = await startSelectorShop();
    out = await crawl({ adapter: 'selector', startUrls: [`${shop.url}/shop`], options: { selectors: SELECTORS } });
  });
  afterAll(() => shop.close());

  it('follows list pagination and product links', () => {
    expect(out.found.map((l) => l.id).sort()).toEqual(['test:LC-a', 'test:LC-b', 'test:LC-c']);
  });

  it('reads every configured field, seller included', () => {
    expect(out.byId('LC-b')).toMatchObject({
      title: 'Nấm linh chi b',
      price: 1250000,
      currency: 'VND',
      description: 'Hỗ trợ điều trị ung thư.',
      ingredients: ['nấm linh chi', 'mật ong'],
      labelClaims: ['Chữa khỏi ung thư'],
      certificates: [{ type: 'certificate', identifier: '123/2024/ĐKSP' }],
      attributes: { brand: 'Linh Chi Vàng', sku: 'LC-b' },
      seller: { name: 'Cửa hàng Vàng', phone: '0901 234 567', taxId: '0312345678', url: `${shop.url}/seller/vang` },
      images: [{ url: `${shop.url}/img/b-1.jpg` }, { url: `${shop.url}/img/b-2.jpg` }],
      reviews: [{ author: 'An', rating: 5, text: 'Rất tốt', date: '2026-01-05' }],
    });
  });

  it('follows review pagination before handing the listing on', () => {
    expect(out.byId('LC-a')!.reviews.map((r) => r.author)).toEqual(['An', 'R2', 'R3']);
    expect(shop.hits('/item/a/reviews')).toBe(2);
  });
});

describe('when review pagination never ends', () => {
  let shop: FixtureServer;
  afterAll(() => shop.close());

  it('reads at most MAX_REVIEW_PAGES review pages, unbounded by maxDepth, and hands the listing on', async () => {
    shop = await startSelectorShop();
    const out = await crawl({ adapter: 'selector', startUrls: [`${shop.url}/item/trap`], maxDepth: 2, options: { selectors: SELECTORS } });
    expect(shop.hits('/item/trap/reviews')).toBe(MAX_REVIEW_PAGES);
    const l = out.byId('LC-trap')!;
    expect(l.reviews).toHaveLength(1 + MAX_REVIEW_PAGES);
    expect(l.reviews.at(-1)!.text).toBe(`Endless ${MAX_REVIEW_PAGES + 1}`);
  });
});
