import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJsShop } from '../../fixtures/js-shop/server.js';
import { send, serve, type FixtureServer } from '../../fixtures/serve.js';
import { crawl, TEST_UA } from './helpers.js';

describe('when a shop renders its products with JavaScript', () => {
  let shop: FixtureServer;
  let thirdParty: FixtureServer;
  const rules = process.env.SHELFWATCH_CHROMIUM_RESOLVER_RULES;
  beforeAll(async () => {
    // Let Chromium resolve "localhost" as well, so that only the crawler's scope keeps it from the third party.
    process.env.SHELFWATCH_CHROMIUM_RESOLVER_RULES = 'MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost';
    thirdParty = await serve((_req, res) => send(res, 200, '', 'application/javascript'));
    // "localhost" is another host than 127.0.0.1 (and the resolver rules let loopback through): only scope stops it.
    shop = await startJsShop({ thirdParty: thirdParty.url.replace('127.0.0.1', 'localhost') });
  });
  afterAll(async () => {
    if (rules === undefined) delete process.env.SHELFWATCH_CHROMIUM_RESOLVER_RULES;
    else process.env.SHELFWATCH_CHROMIUM_RESOLVER_RULES = rules;
    await shop.close();
    await thirdParty.close();
  });

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
    // Off-domain scripts and pixels are not loaded; nor are images (not needed to read the page).
    expect(thirdParty.requests).toEqual([]);
    expect(shop.hits('/logo.png')).toBe(0);
  }, 120_000);
});
