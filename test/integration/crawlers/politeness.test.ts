import { afterEach, describe, expect, it } from 'vitest';
import { startFlakyShop } from '../../fixtures/flaky-shop/server.js';
import { html, send, serve, type FixtureServer } from '../../fixtures/serve.js';
import { crawlWithAdapter, userAgentProblem } from '../../../crawlers/core/base-crawler.js';
import { CrawlConfigError } from '../../../crawlers/errors.js';
import { adapterFor } from '../../../crawlers/registry.js';
import { targetSchema } from '../../../crawlers/targets.js';
import { crawl, TEST_UA } from './helpers.js';

let shop: FixtureServer | undefined;
afterEach(async () => {
  await shop?.close();
  shop = undefined;
});

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]);

describe('when a server answers 429 with Retry-After', () => {
  it('waits the asked time, then retries and gets the page', async () => {
    shop = await startFlakyShop({ retryAfterSecs: 1 });
    const out = await crawl({ adapter: 'json-ld', startUrls: [`${shop.url}/rate-limited`] });
    expect(out.found.map((l) => l.id)).toEqual(['test:RL-1']);
    const times = shop.requests.filter((r) => r.path === '/rate-limited').map((r) => r.at);
    expect(times).toHaveLength(2);
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(950);
    expect(out.errors).toBe(0);
  });

  it('gives up for this run when Retry-After is longer than the run may wait', async () => {
    shop = await startFlakyShop();
    const out = await crawl({ adapter: 'json-ld', startUrls: [`${shop.url}/unavailable`] });
    expect(shop.hits('/unavailable')).toBe(1);
    expect(out.errorList.map((e) => e.kind)).toEqual(['rate_limited']);
  });
});

describe('when a server answers 500 twice and then 200', () => {
  it('retries with exponential backoff and extracts the page', async () => {
    shop = await startFlakyShop();
    const out = await crawl({ adapter: 'json-ld', startUrls: [`${shop.url}/flaky`], options: { backoffMs: 200 } });
    expect(out.found.map((l) => l.id)).toEqual(['test:FL-1']);
    const times = shop.requests.filter((r) => r.path === '/flaky').map((r) => r.at);
    expect(times).toHaveLength(3);
    const [first, second] = gaps(times);
    expect(first).toBeGreaterThanOrEqual(190);
    expect(second).toBeGreaterThanOrEqual(390);
    expect(out.errors).toBe(0);
  });
});

describe('when a response never ends', () => {
  it('times out, retries within the limit and records a timeout', async () => {
    shop = await startFlakyShop();
    const started = Date.now();
    const out = await crawl({ adapter: 'json-ld', startUrls: [`${shop.url}/hang`], options: { timeoutSecs: 1, maxRetries: 1 } });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(shop.hits('/hang')).toBe(2);
    expect(out.errorList.map((e) => e.kind)).toEqual(['timeout']);
  });
});

describe('when a page is larger than the size cap', () => {
  it('stops reading and does not retry', async () => {
    shop = await startFlakyShop();
    const out = await crawl({ adapter: 'json-ld', startUrls: [`${shop.url}/huge`], options: { maxResponseBytes: 100_000 } });
    expect(shop.hits('/huge')).toBe(1);
    expect(out.errorList.map((e) => e.kind)).toEqual(['too_large']);
  });
});

describe('when a page declares a Content-Length over the size cap', () => {
  it('refuses it from the headers and does not retry', async () => {
    shop = await startFlakyShop();
    const out = await crawl({ adapter: 'json-ld', startUrls: [`${shop.url}/huge-declared`], options: { maxResponseBytes: 100_000 } });
    expect(shop.hits('/huge-declared')).toBe(1);
    expect(out.errorList.map((e) => e.kind)).toEqual(['too_large']);
  });
});

describe('when robots.txt cannot be read because the server fails', () => {
  it('crawls nothing on that host (RFC 9309: a 5xx robots.txt means complete disallow)', async () => {
    shop = await serve((_req, res, url) => (url.pathname === '/robots.txt' ? send(res, 500, 'down', 'text/plain') : send(res, 200, html('x', ''))));
    const out = await crawl({ adapter: 'json-ld', startUrls: [`${shop.url}/products/a`] });
    expect(shop.requests.map((r) => r.path)).toEqual(['/robots.txt']);
    expect(out.errorList.map((e) => e.kind)).toEqual(['robots_unavailable']);
    expect(out.errorList[0].message).toContain('robots.txt answered 500');
    expect(out.complete).toBe(false);
  });
});

describe('when robots.txt disallows a path for our user agent', () => {
  it('never fetches it, even as a start URL, and says why', async () => {
    shop = await startFlakyShop();
    const out = await crawl({ adapter: 'json-ld', startUrls: [`${shop.url}/admin/products/secret`] });
    expect(shop.hits('/admin/')).toBe(0);
    expect(out.errorList.map((e) => e.kind)).toEqual(['robots_disallowed']);
  });

  it('follows the group for its own user agent, not the "*" group that disallows everything', async () => {
    shop = await startFlakyShop();
    const out = await crawl({ adapter: 'json-ld', startUrls: [`${shop.url}/flaky`] });
    expect(out.found.map((l) => l.id)).toEqual(['test:FL-1']);
  });

  it('spaces requests by its Crawl-delay', async () => {
    shop = await startFlakyShop({ crawlDelaySecs: 0.4 });
    const out = await crawl({ adapter: 'json-ld', startUrls: [`${shop.url}/slow-shop`] });
    expect(out.found).toHaveLength(3);
    const times = shop.requests.filter((r) => r.path !== '/robots.txt').map((r) => r.at);
    // Spacing is kept between request starts on our side; the server sees them with a little jitter.
    for (const g of gaps(times)) expect(g).toBeGreaterThanOrEqual(330);
  });
});

describe('when links form an infinite calendar', () => {
  it('stops at the page-per-pattern limit', async () => {
    shop = await startFlakyShop();
    const out = await crawl({ adapter: 'json-ld', startUrls: [`${shop.url}/calendar`], maxPagesPerPattern: 5 });
    expect(shop.hits('/calendar/')).toBe(5);
    expect(out.skipped.pattern).toBe(1);
  });

  it('stops at the depth limit', async () => {
    shop = await startFlakyShop();
    const out = await crawl({ adapter: 'json-ld', startUrls: [`${shop.url}/calendar`], maxDepth: 3 });
    expect(shop.hits('/calendar/')).toBe(3);
    expect(out.skipped.depth).toBe(1);
  });
});

describe('when redirects loop', () => {
  it('gives up after a few hops without retrying', async () => {
    shop = await startFlakyShop();
    const out = await crawl({ adapter: 'json-ld', startUrls: [`${shop.url}/loop-a`] });
    expect(out.errorList.map((e) => e.kind)).toEqual(['redirect_loop']);
    expect(shop.hits('/loop-')).toBeLessThanOrEqual(7);
  });
});

describe('when a redirect leads off the allowed domains', () => {
  it('does not follow it and reports off_domain', async () => {
    const other = await serve((_req, res) => send(res, 200, html('elsewhere', '')));
    try {
      shop = await startFlakyShop();
      const away = other.url.replace('127.0.0.1', 'localhost');
      const out = await crawl({ adapter: 'json-ld', startUrls: [`${shop.url}/redirect-away?to=${encodeURIComponent(away + '/products/x')}`] });
      expect(other.requests).toHaveLength(0);
      expect(out.errorList.map((e) => e.kind)).toEqual(['off_domain']);
    } finally {
      await other.close();
    }
  });
});

describe('when a page is forbidden or gone', () => {
  it('does not retry and reports blocked / gone with the status', async () => {
    shop = await startFlakyShop();
    const out = await crawl({ adapter: 'json-ld', startUrls: [`${shop.url}/forbidden`, `${shop.url}/gone`] });
    expect(shop.hits('/forbidden')).toBe(1);
    expect(shop.hits('/gone')).toBe(1);
    expect(out.errorList.map((e) => [e.kind, e.status]).sort()).toEqual([
      ['blocked', 403],
      ['gone', 410],
    ]);
  });
});

describe('when a target limits requests per host', () => {
  const slowShop = async (state: { inFlight: number; peak: number }) =>
    serve(async (_req, res, url) => {
      if (url.pathname === '/list') return send(res, 200, html('list', Array.from({ length: 6 }, (_, i) => `<a href="/products/q${i}">q${i}</a>`).join('')));
      const m = /^\/products\/(q\d)$/.exec(url.pathname);
      if (!m) return send(res, 404, 'no', 'text/plain');
      state.inFlight++;
      state.peak = Math.max(state.peak, state.inFlight);
      await new Promise((r) => setTimeout(r, 150));
      state.inFlight--;
      send(res, 200, html(m[1], '', `<script type="application/ld+json">{"@type":"Product","sku":"${m[1]}","name":"${m[1]}"}</script>`));
    });

  it('keeps at most perDomainConcurrency requests in flight', async () => {
    const state = { inFlight: 0, peak: 0 };
    shop = await slowShop(state);
    const out = await crawl({ adapter: 'json-ld', startUrls: [`${shop.url}/list`], rateLimit: { maxConcurrency: 6, perDomainConcurrency: 2 } });
    expect(out.found).toHaveLength(6);
    expect(state.peak).toBe(2);
  });

  it('spaces request starts by requestsPerSecond', async () => {
    const state = { inFlight: 0, peak: 0 };
    shop = await slowShop(state);
    const out = await crawl({ adapter: 'json-ld', startUrls: [`${shop.url}/list`], rateLimit: { maxConcurrency: 6, requestsPerSecond: 5 } });
    expect(out.found).toHaveLength(6);
    const times = shop.requests.filter((r) => r.path.startsWith('/products/')).map((r) => r.at);
    for (const g of gaps(times)) expect(g).toBeGreaterThanOrEqual(150);
  });
});

describe('when the User-Agent does not say who is crawling', () => {
  it('accepts a product token with a contact URL or e-mail, nothing less', () => {
    expect(userAgentProblem(TEST_UA)).toBeUndefined();
    expect(userAgentProblem('ShelfwatchBot/0.1 (contact: crawler@shelfwatch.example)')).toBeUndefined();
    expect(userAgentProblem('Mozilla/5.0 (X11; Linux x86_64)')).toMatch(/no contact URL/);
    expect(userAgentProblem('(+https://x.example)')).toMatch(/product token/);
  });

  it('refuses to start and fetches nothing', async () => {
    shop = await startFlakyShop();
    const target = targetSchema.parse({ name: 't', adapter: 'json-ld', startUrls: [`${shop.url}/flaky`] });
    const run = crawlWithAdapter(target, adapterFor(target), { userAgent: 'Mozilla/5.0', onListing: async () => {}, onError: async () => {} });
    await expect(run).rejects.toThrow(CrawlConfigError);
    await expect(run).rejects.toThrow(/SHELFWATCH_USER_AGENT/);
    expect(shop.requests).toHaveLength(0);
  });
});
