import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJsonLdShop, type JsonLdShop } from '../../fixtures/json-ld-shop/server.js';
import { serve, send, type FixtureServer } from '../../fixtures/serve.js';
import { crawl, TEST_UA, type CrawlOutcome } from './helpers.js';

describe('when crawling a shop with schema.org markup', () => {
  let shop: JsonLdShop;
  let elsewhere: FixtureServer;
  let out: CrawlOutcome;
  beforeAll(async () => {
    elsewhere = await serve((_req, res) => send(res, 200, '<html></html>'));
    // "localhost" is another host than 127.0.0.1: the off-domain link must not be followed.
    shop = await startJsonLdShop({ offDomainUrl: elsewhere.url.replace('127.0.0.1', 'localhost') });
    out = await crawl({ adapter: 'json-ld', startUrls: [`${shop.url}/category/tea`], languages: ['en'] });
  });
  afterAll(async () => {
    await shop.close();
    await elsewhere.close();
  });

  it('extracts every syntax: JSON-LD, microdata, RDFa and OpenGraph', () => {
    expect(out.found.map((l) => l.id).sort()).toEqual(['test:LD-1', 'test:LD-2', 'test:MD-1', 'test:MDW-1', 'test:ME-1', 'test:OG-1', 'test:RDFA-1']);
  });

  it('finds a product wrapped in a page (mainEntity) in JSON-LD and microdata, but not the products it links to', () => {
    expect(out.byId('ME-1')).toMatchObject({ title: 'Kombucha that melts fat', price: 4.5, currency: 'EUR' });
    expect(out.byId('MDW-1')).toMatchObject({ title: 'Wrapped collagen', price: 12, currency: 'GBP' });
    expect(out.found.some((l) => l.id.includes('NOT-THIS-ONE') || l.url.endsWith('/category/tea'))).toBe(false);
  });

  it('reads offers, brand, gtin, rating, reviews, certification and seller from JSON-LD', () => {
    const l = out.byId('LD-1')!;
    expect(l.price).toBe(120000);
    expect(l.currency).toBe('VND');
    expect(l.attributes).toMatchObject({ brand: 'LeafCo', gtin: '8934567890123', ratingValue: '4.4', reviewCount: '2', 'certificationStatus:ATTP-123/2025': 'CertificationActive' });
    expect(l.certificates).toEqual([{ type: 'Food safety certificate', identifier: 'ATTP-123/2025', issuer: 'VFA' }]);
    expect(l.reviews).toEqual([
      { author: 'Lan', rating: 5, text: 'My sugar is normal now!', date: '2026-01-02' },
      { author: 'Minh', rating: 4, text: 'Tastes fine' },
    ]);
    expect(l.seller).toEqual({ id: 'leaf-store', name: 'Leaf Store', phone: '+84 28 1234 5678', taxId: '0312345678', url: `${shop.url}/shop/leaf` });
    expect(l.images).toEqual([{ url: `${shop.url}/img/ld-1.png` }]);
    expect(l.language).toBe('en');
  });

  it('takes the seller from a page-level Store when the product names none', () => {
    expect(out.byId('LD-2')!.seller).toMatchObject({ name: 'Slim Shop Ltd', phone: '+1 555 0100', taxId: 'GB123456789' });
    expect(out.byId('LD-2')!.currency).toBe('USD');
  });

  it('reads nested microdata items (offers, seller, review, certification)', () => {
    const l = out.byId('MD-1')!;
    expect(l).toMatchObject({ title: 'Liver detox capsules', price: 19.9, currency: 'USD', description: 'Detoxifies the liver and prevents cancer.' });
    expect(l.attributes).toMatchObject({ brand: 'DetoxLab', gtin: '4006381333931', ratingValue: '3.5', 'certificationStatus:GMP-77': 'CertificationInactive' });
    expect(l.seller).toMatchObject({ name: 'Detox Direct', phone: '+1 555 0199' });
    expect(l.reviews).toEqual([{ author: 'Tom', rating: 4, text: 'Felt lighter' }]);
    expect(l.certificates).toEqual([{ type: 'GMP', identifier: 'GMP-77' }]);
    expect(l.images[0].url).toBe(`${shop.url}/img/md-1.png`);
  });

  it('reads RDFa with a vocab', () => {
    const l = out.byId('RDFA-1')!;
    expect(l).toMatchObject({ title: 'Raw honey', price: 7.25, currency: 'EUR', description: 'Boosts immunity.' });
    expect(l.attributes.brand).toBe('BeeGood');
    expect(l.reviews).toEqual([{ author: 'Ana', rating: 5, text: 'Sweet' }]);
    expect(l.certificates).toEqual([{ type: 'Organic', identifier: 'EU-BIO-140' }]);
    expect(l.attributes['certificationStatus:EU-BIO-140']).toBe('CertificationActive');
  });

  it('falls back to OpenGraph product tags', () => {
    expect(out.byId('OG-1')).toMatchObject({ title: 'Miracle eye drops', price: 15, currency: 'USD', description: 'Restores vision in days' });
  });

  it('fetches each page once despite tracking parameters, fragments and query order', () => {
    const paths = shop.requests.map((r) => r.path);
    expect(paths.filter((p) => p.startsWith('/products/ld-1'))).toHaveLength(1);
    expect(paths.filter((p) => p.startsWith('/category/tea?'))).toEqual(['/category/tea?page=2']);
  });

  it('honours robots.txt and never follows off-domain links', () => {
    expect(shop.hits('/private/')).toBe(0);
    expect(out.skipped.robots).toBe(1);
    expect(elsewhere.requests).toHaveLength(0);
    expect(out.skipped.off_domain).toBe(1);
  });

  it('sends the descriptive user agent on every request', () => {
    expect(new Set(shop.requests.map((r) => r.userAgent))).toEqual(new Set([TEST_UA]));
  });
});
