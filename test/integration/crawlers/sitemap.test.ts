import { afterEach, describe, expect, it } from 'vitest';
import { SITEMAP_DATES, startSitemapShop } from '../../fixtures/sitemap-shop/server.js';
import type { FixtureServer } from '../../fixtures/serve.js';
import { crawl } from './helpers.js';

let shop: FixtureServer | undefined;
afterEach(async () => {
  await shop?.close();
  shop = undefined;
});

describe('when a shop is known only by its sitemaps', () => {
  it('follows the index into gzipped and plain urlsets and extracts every product', async () => {
    shop = await startSitemapShop();
    const out = await crawl({ adapter: 'sitemap', startUrls: [`${shop.url}/sitemap.xml`] });
    expect(out.found.map((l) => l.id).sort()).toEqual(['test:SM-a', 'test:SM-b', 'test:SM-c']);
    expect(out.complete).toBe(true);
  });

  it('fetches only what changed since the last crawl', async () => {
    shop = await startSitemapShop();
    const between = new Date((Date.parse(SITEMAP_DATES.old) + Date.parse(SITEMAP_DATES.recent)) / 2);
    const out = await crawl({ adapter: 'sitemap', startUrls: [`${shop.url}/sitemap.xml`] }, { lastCrawlAt: between });
    expect(out.found.map((l) => l.id)).toEqual(['test:SM-b']);
    expect(shop.hits('/sitemap-products-2.xml')).toBe(0);
    expect(shop.hits('/p/a')).toBe(0);
    // An incremental run cannot tell what disappeared.
    expect(out.complete).toBe(false);
  });
});
