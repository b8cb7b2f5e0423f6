import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { html, send, serve, type FixtureServer } from '../../fixtures/serve.js';
import { crawl, type CrawlOutcome } from './helpers.js';

const ld = (o: unknown) => `<script type="application/ld+json">${typeof o === 'string' ? o : JSON.stringify(o)}</script>`;

/** Product pages written to break a naive extractor. */
const deep = (n: number): string => '{"@graph":['.repeat(n) + JSON.stringify({ '@type': 'Product', name: 'Buried', sku: 'DEEP' }) + ']}'.repeat(n);
const PAGES: Record<string, string> = {
  '/list': html('list', ['broken', 'weird', 'deep', 'huge-ids', 'ok'].map((p) => `<a href="/products/${p}">${p}</a>`).join('') + '<a href="http://[::1">bad href</a><a href="javascript:alert(1)">js</a>'),
  // One block is not JSON, the next is: the valid one still counts.
  '/products/broken': html('b', '', ld('{"@type": "Product", "name": "Half') + ld({ '@type': 'Product', name: 'Survivor', sku: 'OK-B' })),
  // Values of every wrong type.
  '/products/weird': html(
    'w',
    '',
    ld({ '@type': ['Thing', 42, null, 'Product'], name: ['a', { x: 1 }], sku: { '@value': { '@value': 'W-1' } }, offers: [{ price: { nested: true }, priceCurrency: 7 }, null], image: [null, 5, { url: 'http://[::1' }, '/ok.png'], review: 'not a list', hasCertification: [null, 'x', { certificationIdentification: { a: 1 } }], brand: [], aggregateRating: 'five' }),
  ),
  // Nested far deeper than any real page (wrappers are followed only a few levels).
  '/products/deep': html('d', '', ld(deep(2000))),
  '/products/huge-ids': html('h', '', ld({ '@type': 'Product', name: 'x'.repeat(100_000), sku: 'H-1', description: '\u0000\uffff'.repeat(1000) })),
  '/products/ok': html('ok', '', ld({ '@type': 'Product', name: 'Normal product', sku: 'OK-1' })),
};

describe('when product pages are hostile', () => {
  let shop: FixtureServer;
  let out: CrawlOutcome;
  beforeAll(async () => {
    shop = await serve((_req, res, url) => {
      const page = PAGES[url.pathname];
      return page ? send(res, 200, page) : send(res, 404, 'no', 'text/plain');
    });
    out = await crawl({ adapter: 'json-ld', startUrls: [`${shop.url}/list`], options: { maxRetries: 0 } });
  });
  afterAll(() => shop.close());

  it('finishes the crawl and keeps every product that can be read', () => {
    const ids = out.found.map((l) => l.id);
    expect(ids).toEqual(expect.arrayContaining(['test:OK-B', 'test:OK-1', 'test:W-1']));
    expect(ids).not.toContain('test:DEEP');
  });

  it('reads what it can from wrongly typed values and drops the rest', () => {
    const w = out.byId('W-1')!;
    expect(w.title).toBe('(untitled)');
    expect(w.price).toBeUndefined();
    expect(w.images).toEqual([{ url: `${shop.url}/ok.png` }]);
    expect(w.reviews).toEqual([]);
  });

  it('reports pages it could not use as errors instead of crashing', () => {
    // The deep page has no product within reach of the wrapper limit; the bad links on the list are not links.
    expect(out.errorList.map((e) => [e.url.replace(shop.url, ''), e.kind])).toEqual([['/products/deep', 'not_a_product']]);
    expect(out.pages).toBe(6);
    expect(out.byId('H-1')?.title).toHaveLength(100_000);
  });
});
