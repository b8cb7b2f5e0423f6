import { z } from 'zod';
import type { Seller } from '../../domain/listing.js';
import type { CrawlAdapter, PageContext } from '../core/types.js';
import { jsonBody, validItems } from '../core/validate.js';
import { ExtractionError } from '../errors.js';
import type { Target } from '../targets.js';
import { wooProductSchema, wooProductToListing, wooReview, wooReviewSchema } from './extract.js';

/** Store API page size (its maximum is 100). */
export const WOO_PER_PAGE = 100;
/** Product pages requested ahead of the one being read: parallel enough, and a hostile X-WP-TotalPages never floods the queue. */
export const WOO_PAGE_WINDOW = 8;
/** Review pages read per product; a review list that pages on forever stops here. */
export const WOO_MAX_REVIEW_PAGES = 50;
export const LABEL = { SITE: 'WOO_SITE', PRODUCTS: 'WOO_PRODUCTS', REVIEWS: 'WOO_REVIEWS' } as const;

/** X-WP-TotalPages, or undefined when the shop does not send it (some caches strip it). */
export function totalPagesHeader(page: PageContext): number | undefined {
  const raw = page.headers['x-wp-totalpages'];
  const n = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** Whether page `n` (with `count` items) has a successor: the header when sent, else a full page. */
export function hasNextPage(n: number, count: number, total: number | undefined, perPage = WOO_PER_PAGE): boolean {
  if (total !== undefined) return n < total;
  return count >= perPage;
}

/**
 * WooCommerce shops through the public Store API: the site name (the seller),
 * product pages by `page`/`per_page` up to `X-WP-TotalPages` (or until a short
 * page when the header is missing), and each product's reviews (paged the same
 * way) before the listing is handed on. Prices are in minor units.
 */
export function wooCommerceAdapter(target: Target): CrawlAdapter {
  const base = (target.apiBase ?? new URL(target.startUrls[0]).origin).replace(/\/+$/, '');
  const api = `${base}/wp-json/wc/store/v1`;
  const productsUrl = (page: number) => `${api}/products?page=${page}&per_page=${WOO_PER_PAGE}`;
  const reviewsUrl = (id: number, page: number) => `${api}/products/reviews?product_id=${id}&page=${page}&per_page=${WOO_PER_PAGE}`;
  const seller = (state: Map<string, unknown>) => target.seller ?? (state.get('seller') as Seller | undefined);
  const productRequest = (page: number) => ({ url: productsUrl(page), label: LABEL.PRODUCTS, userData: { page } });

  return {
    name: 'woocommerce',
    engine: () => 'http',
    startRequests: () => [{ url: `${base}/wp-json/?_fields=name,description,url,home`, label: LABEL.SITE, acceptStatuses: [401, 403, 404] }],
    handlers: {
      [LABEL.SITE]: async (page, tools) => {
        if (page.status === 200) {
          const site = z
            .object({ name: z.string().optional(), url: z.string().url().optional(), home: z.string().url().optional() })
            .passthrough()
            .safeParse(safeJson(page));
          if (site.success) {
            const url = site.data.home ?? site.data.url ?? base;
            tools.state.set('seller', { id: new URL(url).host, name: site.data.name || undefined, url } satisfies Seller);
          } else await tools.pageError(page.url, new ExtractionError(page.url, 'the site index (/wp-json/) is not the expected JSON: the shop name is not known'));
        }
        await tools.enqueue(page, [productRequest(1)]);
      },
      [LABEL.PRODUCTS]: async (page, tools) => {
        const n = Number(page.userData.page);
        const products = await validItems(page, tools, jsonBody(page, 'products from the Store API'), wooProductSchema, 'product');
        const total = totalPagesHeader(page);
        // An empty page is past the end whatever the header claims (a hostile header must not page on for ever).
        if (!products.length && n > 1) return;
        if (total !== undefined) {
          // Page 1 opens a window of pages; each later page moves it on by one. The queue de-duplicates overlaps.
          const last = Math.min(total, n === 1 ? 1 + WOO_PAGE_WINDOW : n + WOO_PAGE_WINDOW);
          const from = n === 1 ? 2 : last;
          const next = [];
          for (let k = from; k <= last; k++) next.push(productRequest(k));
          if (next.length) await tools.enqueue(page, next, { paging: true });
        } else if (hasNextPage(n, products.length, undefined)) await tools.enqueue(page, [productRequest(n + 1)], { paging: true });
        for (const p of products) {
          const listing = wooProductToListing(p, { platform: target.platform, seller: seller(tools.state) });
          if (!p.review_count) {
            await tools.emit(listing);
            continue;
          }
          // Held until its reviews are read (released by the last review page, or at the end of the run).
          tools.hold(String(p.id), listing);
          await tools.enqueue(page, [{ url: reviewsUrl(p.id, 1), label: LABEL.REVIEWS, userData: { productId: p.id, page: 1, listingId: listing.id } }]);
        }
      },
      [LABEL.REVIEWS]: async (page, tools) => {
        const id = Number(page.userData.productId);
        const n = Number(page.userData.page);
        const reviews = await validItems(page, tools, jsonBody(page, 'reviews from the Store API'), wooReviewSchema, 'review');
        tools.addReviews(String(id), reviews.map(wooReview));
        if (n < WOO_MAX_REVIEW_PAGES && hasNextPage(n, reviews.length, totalPagesHeader(page))) {
          const queued = await tools.enqueue(page, [{ url: reviewsUrl(id, n + 1), label: LABEL.REVIEWS, userData: { ...page.userData, page: n + 1 } }], { paging: true });
          if (queued) return;
        }
        await tools.release(String(id));
      },
    },
    onFailed: async (request, _err, tools) => {
      // A review page that cannot be read does not hold back the listing itself.
      if (request.label === LABEL.REVIEWS) await tools.release(String(request.userData?.productId));
    },
  };
}

function safeJson(page: PageContext): unknown {
  try {
    return page.json();
  } catch {
    // Not JSON: the caller's schema check reports it.
    return undefined;
  }
}
