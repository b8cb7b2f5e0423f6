import { afterEach, describe, expect, it } from 'vitest';
import { SITEMAP_DATES, startSitemapShop } from '../../fixtures/sitemap-shop/server.js';
import { send, serve, type FixtureServer } from '../../fixtures/serve.js';
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

  it('finds the sitemaps through robots.txt when the target gives only its site', async () => {
    shop = await startSitemapShop();
    const out = await crawl({ adapter: 'sitemap', apiBase: shop.url });
    expect(out.found.map((l) => l.id).sort()).toEqual(['test:SM-a', 'test:SM-b', 'test:SM-c']);
    expect(shop.hits('/sitemaps/index.xml')).toBe(1);
    expect(shop.hits('/sitemap.xml')).toBe(0);
  });

  it('says so when a start URL is not a sitemap', async () => {
    shop = await startSitemapShop();
    const out = await crawl({ adapter: 'sitemap', startUrls: [`${shop.url}/not-a-sitemap`] });
    expect(out.errorList.map((e) => e.kind)).toEqual(['extraction_failed']);
    expect(out.errorList[0].message).toContain('not a sitemap');
    expect(out.complete).toBe(false);
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

describe('when a sitemap lists far more URLs than the run may fetch', () => {
  it('queues no more than maxPages requests and says the run was cut short', async () => {
    const urls = Array.from({ length: 50_000 }, (_, i) => `<url><loc>http://HOST/p/${i}</loc></url>`).join('');
    shop = await serve((req, res, url) => {
      if (url.pathname === '/sitemap.xml') return send(res, 200, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.replaceAll('HOST', String(req.headers.host))}</urlset>`, 'application/xml');
      send(res, 404, 'no', 'text/plain');
    });
    const out = await crawl({ adapter: 'sitemap', startUrls: [`${shop.url}/sitemap.xml`], maxPages: 20, options: { maxRetries: 0 } });
    expect(shop.requests.filter((r) => r.path.startsWith('/p/'))).toHaveLength(19);
    expect(out.skipped.page_limit).toBe(50_000 - 19);
    expect(out.complete).toBe(false);
  }, 60_000);
});
