import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES, catalogEntryToListing, loadCatalog, type CatalogEntry } from '../../../demo/catalog.js';
import { NO_DATA_SLUG } from '../../../demo/html.js';
import { CLAIMS_SEPARATOR, LIST_SEPARATOR } from '../../../demo/json-ld.js';
import { PAGE_SIZE, startDemoMarketplace, type DemoMarketplace } from '../../../demo/server.js';

const entries = loadCatalog();
const bySku = new Map(entries.map((e) => [e.sku, e]));
let shop: DemoMarketplace;

beforeAll(async () => {
  shop = await startDemoMarketplace({ port: 0 });
});
afterAll(async () => {
  await shop.close();
});

async function get(path: string): Promise<{ status: number; type: string; text: string }> {
  const res = await fetch(shop.url + path);
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

type Json = Record<string, any>;

function productJsonLd(html: string): Json {
  const $ = cheerio.load(html);
  const blocks = $('script[type="application/ld+json"]')
    .map((_, el) => JSON.parse($(el).text()) as Json)
    .get();
  const products = blocks.filter((b) => b['@type'] === 'Product');
  expect(products).toHaveLength(1);
  return products[0];
}

/**
 * A deliberately literal reading of the JSON-LD contract: if this reproduces
 * catalogEntryToListing for every product, the page carries everything the
 * ground truth holds.
 */
function listingFromJsonLd(ld: Json): Json {
  const props = new Map<string, string>((ld.additionalProperty as Json[]).map((p) => [p.propertyID, p.value]));
  const seller = ld.offers.seller;
  const attributes: Record<string, string> = {};
  for (const k of ['net_quantity', 'expiry', 'origin', 'manufacturer']) if (props.has(k)) attributes[k] = props.get(k)!;
  if (ld.brand) attributes.brand = ld.brand.name;
  const split = (v: string | undefined, sep: string) => (v ? v.split(sep) : []);
  const clean = <T extends Json>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  return {
    id: `demo:${ld.sku}`,
    platform: 'demo',
    url: ld.offers.url,
    title: ld.name,
    description: ld.description,
    language: ld.inLanguage,
    category: ld.category,
    price: Number(ld.offers.price),
    currency: ld.offers.priceCurrency,
    seller: clean({
      id: seller.identifier,
      name: seller.name,
      url: seller.url,
      taxId: seller.taxID,
      registrationNumber: seller.registrationNumber,
      phone: seller.telephone,
    }),
    certificates: (ld.hasCertification as Json[]).map((c) => clean({ type: c.additionalType, identifier: c.certificationIdentification, issuer: c.issuedBy?.name })),
    ingredients: split(props.get('ingredients'), LIST_SEPARATOR),
    labelClaims: split(props.get('claims'), CLAIMS_SEPARATOR),
    allergens: split(props.get('allergens'), LIST_SEPARATOR),
    images: (ld.image as string[]).map((url) => ({ url })),
    reviews: (ld.review as Json[]).map((r) => ({ author: r.author.name, rating: r.reviewRating.ratingValue, text: r.reviewBody, date: r.datePublished })),
    attributes,
  };
}

function expectedFromCatalogue(e: CatalogEntry): Json {
  const l = catalogEntryToListing(e, shop.url);
  // A crawler sees image URLs only; repository paths are a ground-truth convenience.
  return { ...l, images: l.images!.map((i) => ({ url: i.url })) };
}

function productLinks(html: string): string[] {
  const $ = cheerio.load(html);
  return $('a.product-link')
    .map((_, a) => $(a).attr('href')!)
    .get();
}

async function walkPages(start: string): Promise<{ links: string[]; pages: number }> {
  const links: string[] = [];
  let next: string | undefined = start;
  let pages = 0;
  while (next) {
    const page = await get(next);
    expect(page.status, next).toBe(200);
    pages++;
    links.push(...productLinks(page.text));
    next = cheerio.load(page.text)('a[rel="next"]').attr('href');
    expect(pages).toBeLessThan(100);
  }
  return { links, pages };
}

describe('when the demo marketplace starts', () => {
  it('listens on a free loopback port and reports its URL', () => {
    expect(shop.port).toBeGreaterThan(0);
    expect(shop.url).toBe(`http://127.0.0.1:${shop.port}`);
  });

  it('links the home page to every category and seller', async () => {
    const home = await get('/');
    expect(home.status).toBe(200);
    expect(home.type).toMatch(/^text\/html/);
    const $ = cheerio.load(home.text);
    const cats = $('a.category-link').map((_, a) => $(a).attr('href')).get();
    expect(cats).toEqual(['/category/all', ...CATEGORIES.map((c) => `/category/${c}`)]);
    const sellers = new Set(entries.map((e) => `/sellers/${e.seller.id}`));
    const sellerLinks = $('a.seller-link').map((_, a) => $(a).attr('href')).get();
    for (const s of sellers) expect(sellerLinks).toContain(s);
  });

  it('counts the requests it serves', async () => {
    const before = shop.requestCount();
    await get('/');
    await get('/nowhere');
    expect(shop.requestCount()).toBe(before + 2);
  });
});

describe('when a crawler follows pagination', () => {
  it('reaches every product exactly once from /category/all, plus the page without product data', async () => {
    const { links, pages } = await walkPages('/category/all');
    expect(pages).toBe(Math.ceil(entries.length / PAGE_SIZE));
    const slugs = links.map((l) => l.replace('/products/', ''));
    expect(slugs).toContain(NO_DATA_SLUG);
    const products = slugs.filter((s) => s !== NO_DATA_SLUG);
    expect(products).toHaveLength(entries.length);
    expect(new Set(products)).toEqual(new Set(entries.map((e) => e.slug)));
  });

  it('reaches every product through the category pages too', async () => {
    const seen: string[] = [];
    for (const c of CATEGORIES) seen.push(...(await walkPages(`/category/${c}`)).links);
    expect(seen.sort()).toEqual(entries.map((e) => `/products/${e.slug}`).sort());
  });

  it('links back with rel="prev" and shows 12 products per full page', async () => {
    const page2 = await get('/category/all?page=2');
    const $ = cheerio.load(page2.text);
    expect($('a[rel="prev"]').attr('href')).toBe('/category/all?page=1');
    expect($('a[rel="next"]').attr('href')).toBe('/category/all?page=3');
    expect(productLinks(page2.text)).toHaveLength(PAGE_SIZE);
  });

  it('links every page from page 1 so a depth-limited crawler reaches the last one', async () => {
    const pageCount = Math.ceil(entries.length / PAGE_SIZE);
    expect(pageCount).toBeGreaterThan(11);
    const $ = cheerio.load((await get('/category/all')).text);
    const numbered = $('a.page-link').map((_, a) => $(a).attr('href')).get();
    for (let n = 2; n <= pageCount; n++) expect(numbered).toContain(`/category/all?page=${n}`);
  });

  it('answers 404 for pages past the end, bad page numbers and unknown categories', async () => {
    const last = Math.ceil(entries.length / PAGE_SIZE);
    for (const path of [`/category/all?page=${last + 1}`, '/category/all?page=0', '/category/all?page=abc', '/category/weapons']) {
      expect((await get(path)).status, path).toBe(404);
    }
  });
});

describe('when a product page is fetched', () => {
  it('embeds JSON-LD that parses and matches the catalogue for every product', async () => {
    for (const e of entries) {
      const page = await get(`/products/${e.slug}`);
      expect(page.status, e.sku).toBe(200);
      const ld = productJsonLd(page.text);
      expect(ld['@context']).toBe('https://schema.org');
      expect(ld.sku).toBe(e.sku);
      expect(listingFromJsonLd(ld), e.sku).toEqual(expectedFromCatalogue(e));
    }
  });

  it('fills the offer, ratings and localised property names as the contract says', async () => {
    const e = bySku.get('vi-001')!;
    const ld = productJsonLd((await get(`/products/${e.slug}`)).text);
    expect(ld.offers).toMatchObject({ '@type': 'Offer', price: '185000', priceCurrency: 'VND', availability: 'https://schema.org/InStock' });
    expect(ld.offers.seller).toMatchObject({ '@type': 'Organization', identifier: 'seller-04', taxID: '0312345678', telephone: '+84 90 123 4567' });
    expect(ld.aggregateRating).toEqual({ '@type': 'AggregateRating', ratingValue: 4.7, reviewCount: 3 });
    expect(ld.additionalProperty[0]).toMatchObject({ propertyID: 'ingredients', name: 'Thành phần' });
    expect(ld.hasCertification[0]).toMatchObject({ '@type': 'Certification', additionalType: 'registration', certificationIdentification: '4521/2023/ĐKSP' });
    expect(ld.countryOfOrigin).toBe('Việt Nam');
  });

  it('shows the visible details in the HTML as well', async () => {
    const e = bySku.get('zh-005')!;
    const $ = cheerio.load((await get(`/products/${e.slug}`)).text);
    expect($('h1.product-title').text()).toBe(e.title);
    expect($('.product-description').text()).toBe(e.description);
    expect($('.certificate-id').text()).toBe('SC12623010200456');
    expect($('.attr-ingredients').text()).toBe('椴树蜂蜜, 果葡糖浆');
    expect($('img.product-image').attr('src')).toBe('/images/zh-005.png');
    expect($('.review')).toHaveLength(e.reviews.length);
  });

  it('lists the corrupt image second for the listing that has one', async () => {
    const ld = productJsonLd((await get(`/products/${bySku.get('en-042')!.slug}`)).text);
    expect(ld.image).toEqual([`${shop.url}/images/en-042.png`, `${shop.url}/images/corrupt-label.png`]);
  });

  it('serves the page without product data with 200 and no Product JSON-LD', async () => {
    const page = await get(`/products/${NO_DATA_SLUG}`);
    expect(page.status).toBe(200);
    const $ = cheerio.load(page.text);
    const types = $('script[type="application/ld+json"]').map((_, el) => JSON.parse($(el).text())['@type']).get();
    expect(types).not.toContain('Product');
  });

  it('answers 404 for an unknown slug', async () => {
    expect((await get('/products/does-not-exist')).status).toBe(404);
  });
});

describe('when catalogue text is hostile', () => {
  const scriptEntry = entries.find((e) => e.title.includes('<script>'))!;
  const imgEntry = entries.find((e) => e.description.includes('<img src=x onerror'))!;

  it('escapes a <script> title in the HTML', async () => {
    const html = (await get(`/products/${scriptEntry.slug}`)).text;
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Trà giảm cân');
    const $ = cheerio.load(html);
    // Only the JSON-LD data block is a script element.
    expect($('script').length).toBe(1);
    expect($('h1.product-title').text()).toBe(scriptEntry.title);
  });

  it('escapes < in the JSON-LD so the title cannot close the script element', async () => {
    const html = (await get(`/products/${scriptEntry.slug}`)).text;
    const raw = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1];
    expect(raw).not.toContain('<');
    expect(raw).toContain('\\u003cscript\\u003e');
    expect(JSON.parse(raw).name).toBe(scriptEntry.title);
  });

  it('escapes an <img onerror> description in the HTML and on category pages', async () => {
    const html = (await get(`/products/${imgEntry.slug}`)).text;
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(cheerio.load(html)('img[onerror]')).toHaveLength(0);
    const { text } = await get(`/category/${scriptEntry.category}`);
    expect(text).not.toContain('<script>alert');
  });

  it('forbids script execution through its content security policy', async () => {
    const res = await fetch(`${shop.url}/products/${scriptEntry.slug}`);
    await res.arrayBuffer();
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});

describe('when a product is removed, re-listed or changed', () => {
  const e = entries.find((x) => x.category === 'baby_food')!;

  it('answers 404 after remove, drops it from lists, and 200 again after restore', async () => {
    shop.remove(e.sku);
    try {
      expect((await get(`/products/${e.slug}`)).status).toBe(404);
      expect((await walkPages(`/category/${e.category}`)).links).not.toContain(`/products/${e.slug}`);
      expect(productLinks((await get(`/sellers/${e.seller.id}`)).text)).not.toContain(`/products/${e.slug}`);
    } finally {
      shop.restore(e.sku);
    }
    expect((await get(`/products/${e.slug}`)).status).toBe(200);
    expect((await walkPages(`/category/${e.category}`)).links).toContain(`/products/${e.slug}`);
  });

  it('serves an override and clears it with an empty patch', async () => {
    shop.setOverride(e.sku, { title: 'Changed title', price: 1 });
    try {
      const ld = productJsonLd((await get(`/products/${e.slug}`)).text);
      expect(ld.name).toBe('Changed title');
      expect(ld.offers.price).toBe('1');
    } finally {
      shop.setOverride(e.sku, {});
    }
    expect(productJsonLd((await get(`/products/${e.slug}`)).text).name).toBe(e.title);
  });

  it('refuses unknown skus and sku changes', () => {
    expect(() => shop.remove('xx-999')).toThrow(/unknown sku/);
    expect(() => shop.setOverride(e.sku, { sku: 'en-001' })).toThrow(/cannot change the sku/);
  });
});

describe('when images are requested', () => {
  it('serves a label PNG as image/png', async () => {
    const res = await fetch(`${shop.url}/images/ko-001.png`);
    const body = Buffer.from(await res.arrayBuffer());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(body.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  it('serves the corrupt image as image/png with bytes that are not a PNG', async () => {
    const res = await fetch(`${shop.url}/images/corrupt-label.png`);
    const body = Buffer.from(await res.arrayBuffer());
    expect(res.status).toBe(200);
    expect(body.subarray(0, 4).toString('latin1')).not.toBe('\x89PNG');
  });

  it('answers 404 for unknown images', async () => {
    expect((await get('/images/zz-000.png')).status).toBe(404);
  });

  it('refuses path traversal in every encoding', async () => {
    // fetch() would normalise dot segments, so raw paths go through node:http.
    const http = await import('node:http');
    const rawGet = (path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port: shop.port, path }, (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (c) => (body += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          })
          .on('error', reject);
      });
    for (const path of [
      '/images/../server.ts',
      '/images/../../package.json',
      '/images/..%2fserver.ts',
      '/images/..%2F..%2Fpackage.json',
      '/images/%2e%2e%2fcatalog.ts',
      '/images/..%5cserver.ts',
      '/images/.%2e/catalog/en.json',
      '/images/%252e%252e%252fserver.ts',
      '/images/%E0%A4%A',
    ]) {
      const res = await rawGet(path);
      expect([400, 404], path).toContain(res.status);
      expect(res.body, path).not.toContain('startDemoMarketplace');
      expect(res.body, path).not.toContain('"dependencies"');
    }
  });
});

describe('when requests fall outside the shop', () => {
  it('answers 404 for unknown paths and sellers', async () => {
    for (const path of ['/robots.txt', '/sellers/seller-99', '/products/', '/products/a/b']) expect((await get(path)).status, path).toBe(404);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await fetch(`${shop.url}/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await fetch(`${shop.url}/`, { method: 'POST', body: 'x' });
    await post.text();
    expect(post.status).toBe(405);
  });
});
