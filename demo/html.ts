import { CATEGORIES, imageFileNames, type CatalogEntry, type DemoSeller } from './catalog.js';
import { averageRating, certificateDisplayName, productJsonLd, productProperties, propertyName, serializeJsonLd } from './json-ld.js';

/**
 * Server-rendered pages of the demo shop. Every catalogue string goes through
 * `escapeHtml`: the catalogue deliberately contains script and onerror
 * payloads, and a crawler fixture that executed them would be worthless.
 * Class names (product-link, price-amount, certificate-id, ...) are stable so
 * a selector-based extractor can read the visible page too.
 */

export const SHOP_NAME = 'Shelfwatch Demo Market';
export const NO_DATA_SLUG = 'no-data-page';

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function layout(opts: { title: string; lang?: string; head?: string; body: string; canonical?: string }): string {
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(opts.lang ?? 'en')}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(opts.title)} – ${SHOP_NAME}</title>`,
    opts.canonical ? `<link rel="canonical" href="${escapeHtml(opts.canonical)}">` : '',
    opts.head ?? '',
    '</head>',
    '<body>',
    `<header><a class="home-link" href="/">${SHOP_NAME}</a> · <a href="/category/all">All products</a></header>`,
    '<main>',
    opts.body,
    '</main>',
    '</body>',
    '</html>',
  ]
    .filter(Boolean)
    .join('\n');
}

export function renderHome(sellers: readonly DemoSeller[]): string {
  const cats = ['all', ...CATEGORIES]
    .map((c) => `<li><a class="category-link" href="/category/${c}">${escapeHtml(c)}</a></li>`)
    .join('\n');
  const sellerLinks = sellers
    .map((s) => `<li><a class="seller-link" href="/sellers/${escapeHtml(s.id)}">${escapeHtml(s.name)}</a></li>`)
    .join('\n');
  return layout({
    title: 'Home',
    body: `<h1>${SHOP_NAME}</h1>\n<section class="categories"><h2>Categories</h2><ul>\n${cats}\n</ul></section>\n<section class="sellers"><h2>Sellers</h2><ul>\n${sellerLinks}\n</ul></section>`,
  });
}

function productCard(e: CatalogEntry): string {
  return `<li class="product-card" data-sku="${escapeHtml(e.sku)}"><a class="product-link" href="/products/${escapeHtml(e.slug)}">${escapeHtml(e.title)}</a> <span class="price">${escapeHtml(String(e.price))} ${escapeHtml(e.currency)}</span></li>`;
}

export function renderCategory(opts: {
  category: string;
  page: number;
  pageCount: number;
  entries: readonly CatalogEntry[];
  /** Extra links shown first (the page without product data lives here). */
  extraLinks?: ReadonlyArray<{ href: string; text: string }>;
}): string {
  const { category, page, pageCount } = opts;
  const base = `/category/${encodeURIComponent(category)}`;
  const nav: string[] = [];
  if (page > 1) nav.push(`<a rel="prev" href="${base}?page=${page - 1}">Previous</a>`);
  // Numbered links as real shops show them; they also keep every page one hop from page 1,
  // so a crawler with a depth limit (the json-ld crawler defaults to 10) still reaches the end.
  for (let n = 1; n <= pageCount; n++) {
    nav.push(n === page ? `<span class="page-number" aria-current="page">${n}</span>` : `<a class="page-link" href="${base}?page=${n}">${n}</a>`);
  }
  if (page < pageCount) nav.push(`<a rel="next" href="${base}?page=${page + 1}">Next</a>`);
  const extra = (opts.extraLinks ?? [])
    .map((l) => `<li class="product-card"><a class="product-link" href="${escapeHtml(l.href)}">${escapeHtml(l.text)}</a></li>`)
    .join('\n');
  return layout({
    title: `${category} – page ${page}`,
    body: [
      `<h1>${escapeHtml(category)}</h1>`,
      `<ul class="products">`,
      extra,
      ...opts.entries.map(productCard),
      `</ul>`,
      `<nav class="pagination">${nav.join(' ')}</nav>`,
    ]
      .filter(Boolean)
      .join('\n'),
  });
}

export function renderSeller(seller: DemoSeller, entries: readonly CatalogEntry[]): string {
  return layout({
    title: seller.name,
    body: [
      `<h1 class="seller-name">${escapeHtml(seller.name)}</h1>`,
      sellerDetails(seller),
      `<ul class="products">`,
      ...entries.map(productCard),
      `</ul>`,
    ].join('\n'),
  });
}

function sellerDetails(s: DemoSeller): string {
  const rows: string[] = [`<dt>Seller ID</dt><dd class="seller-id">${escapeHtml(s.id)}</dd>`, `<dt>Country</dt><dd class="seller-country">${escapeHtml(s.country)}</dd>`];
  if (s.taxId) rows.push(`<dt>Tax ID</dt><dd class="seller-tax-id">${escapeHtml(s.taxId)}</dd>`);
  if (s.registrationNumber) rows.push(`<dt>Business registration</dt><dd class="seller-registration">${escapeHtml(s.registrationNumber)}</dd>`);
  if (s.phone) rows.push(`<dt>Phone</dt><dd class="seller-phone">${escapeHtml(s.phone)}</dd>`);
  return `<dl class="seller-details">${rows.join('')}</dl>`;
}

export function renderProduct(e: CatalogEntry, baseUrl: string): string {
  const images = imageFileNames(e)
    .map((f, i) => `<img class="product-image" src="/images/${escapeHtml(f)}" alt="${escapeHtml(`${e.title} – image ${i + 1}`)}" width="800">`)
    .join('\n');
  const details = [
    `<dt>Category</dt><dd class="category">${escapeHtml(e.category)}</dd>`,
    e.brand ? `<dt>Brand</dt><dd class="brand">${escapeHtml(e.brand)}</dd>` : '',
    ...productProperties(e).map(
      ([id, v]) => `<dt>${escapeHtml(propertyName(e.language, id))}</dt><dd class="attr-${id.replace(/_/g, '-')}">${escapeHtml(v)}</dd>`,
    ),
  ].join('');
  const certs = e.certificates.length
    ? `<ul>${e.certificates
        .map(
          (c) =>
            `<li class="certificate" data-type="${escapeHtml(c.type)}"><span class="certificate-name">${escapeHtml(certificateDisplayName(c))}</span>: <span class="certificate-id">${escapeHtml(c.identifier)}</span>${c.issuer ? ` (<span class="certificate-issuer">${escapeHtml(c.issuer)}</span>)` : ''}</li>`,
        )
        .join('')}</ul>`
    : '<p class="no-certificates">No certificates listed.</p>';
  const reviews = e.reviews
    .map(
      (r) =>
        `<article class="review"><span class="review-author">${escapeHtml(r.author)}</span> <span class="review-rating">${r.rating}</span>/5 <time class="review-date" datetime="${escapeHtml(r.date)}">${escapeHtml(r.date)}</time><p class="review-text">${escapeHtml(r.text)}</p></article>`,
    )
    .join('\n');

  return layout({
    title: e.title,
    lang: e.language,
    canonical: `${baseUrl}/products/${e.slug}`,
    head: `<script type="application/ld+json">${serializeJsonLd(productJsonLd(e, baseUrl))}</script>`,
    body: [
      `<article class="product" data-sku="${escapeHtml(e.sku)}">`,
      `<h1 class="product-title">${escapeHtml(e.title)}</h1>`,
      `<p class="price"><span class="price-amount">${escapeHtml(String(e.price))}</span> <span class="price-currency">${escapeHtml(e.currency)}</span></p>`,
      `<div class="gallery">${images}</div>`,
      `<section class="description"><h2>Description</h2><p class="product-description">${escapeHtml(e.description)}</p></section>`,
      `<section class="details"><h2>Details</h2><dl>${details}</dl></section>`,
      `<section class="certificates"><h2>Certificates</h2>${certs}</section>`,
      `<section class="seller"><h2>Seller</h2><a class="seller-link" href="/sellers/${escapeHtml(e.seller.id)}">${escapeHtml(e.seller.name)}</a>${sellerDetails(e.seller)}</section>`,
      `<section class="reviews"><h2>Reviews</h2><p class="rating-summary">${averageRating(e)} / 5 (${e.reviews.length})</p>\n${reviews}</section>`,
      `</article>`,
    ].join('\n'),
  });
}

/**
 * A real-looking shop page that carries JSON-LD, but no Product: the crawler
 * must record it as "not a product" rather than crash or invent a listing.
 */
export function renderNoDataPage(baseUrl: string): string {
  const webPage = { '@context': 'https://schema.org', '@type': 'WebPage', name: 'Gift guide', url: `${baseUrl}/products/${NO_DATA_SLUG}` };
  return layout({
    title: 'Gift guide',
    head: `<script type="application/ld+json">${serializeJsonLd(webPage)}</script>`,
    body: '<h1>Seasonal gift guide</h1>\n<p>Browse our sellers for gift ideas. Gift cards are available at checkout.</p>',
  });
}

export function renderNotFound(): string {
  return layout({ title: 'Not found', body: '<h1>404 – page not found</h1>' });
}
