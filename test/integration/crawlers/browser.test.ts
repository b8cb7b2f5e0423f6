import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJsShop } from '../../fixtures/js-shop/server.js';
import type { FixtureServer } from '../../fixtures/serve.js';
import { crawl, TEST_UA } from './helpers.js';

describe('when a shop renders its products with JavaScript', () => {
  let shop: FixtureServer;
  beforeAll(async () => {
    shop = await startJsShop();
  });
  afterAll(() => shop.close());

  it('finds nothing over plain HTTP', async () => {
    const out = await crawl({ adapter: 'json-ld', startUrls: [`${shop.url}/`] });
    expect(out.found).toEqual([]);
  });

  it('renders pages in Chromium and extracts the injected JSON-LD', async () => {
    const before = shop.requests.length;
    const out = await crawl({ adapter: 'browser', startUrls: [`${shop.url}/`], options: { waitForSelector: 'a.product-link, .ready' } }, { concurrency: 2 });
    expect(out.found.map((l) => l.id).sort()).toEqual(['test:JS-x1', 'test:JS-x2']);
    expect(out.byId('JS-x1')).toMatchObject({ title: 'Rendered serum x1', price: 30, currency: 'USD' });
    const mine = shop.requests.slice(before).filter((r) => r.path !== '/favicon.ico');
    expect(new Set(mine.map((r) => r.userAgent))).toEqual(new Set([TEST_UA]));
  }, 120_000);
});
