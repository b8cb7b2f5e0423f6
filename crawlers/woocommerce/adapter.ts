import type { Seller } from '../../domain/listing.js';
import type { CrawlAdapter, PageContext } from '../core/types.js';
import type { Target } from '../targets.js';
import { wooProductToListing, wooReview, type WooProduct, type WooReview } from './extract.js';

/** Store API page size (its maximum is 100). */
export const WOO_PER_PAGE = 100;
export const LABEL = { SITE: 'WOO_SITE', PRODUCTS: 'WOO_PRODUCTS', REVIEWS: 'WOO_REVIEWS' } as const;

const totalPages = (page: PageContext) => {
  const n = Number(page.headers['x-wp-totalpages']);
  return Number.isFinite(n) && n > 0 ? n : 1;
};

/**
 * WooCommerce shops through the public Store API: the site name (the seller),
 * product pages by `page`/`per_page` up to `X-WP-TotalPages`, and each
 * product's reviews (paged the same way) before the listing is handed on.
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
          try {
            const site = page.json<{ name?: string; url?: string; home?: string }>();
            const url = site.home ?? site.url ?? base;
            tools.state.set('seller', { id: new URL(url).host, name: site.name || undefined, url } satisfies Seller);
          } catch {
            // A site index that is not JSON only costs us the seller name.
          }
        }
        await tools.enqueue(page, [productRequest(1)]);
      },
      [LABEL.PRODUCTS]: async (page, tools) => {
        const products = page.json<WooProduct[]>();
        if (Number(page.userData.page) === 1) {
          const pages = Array.from({ length: totalPages(page) - 1 }, (_, i) => productRequest(i + 2));
          await tools.enqueue(page, pages);
        }
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
        tools.addReviews(String(id), page.json<WooReview[]>().map(wooReview));
        if (n < totalPages(page)) {
          await tools.enqueue(page, [{ url: reviewsUrl(id, n + 1), label: LABEL.REVIEWS, userData: { ...page.userData, page: n + 1 } }]);
        } else await tools.release(String(id));
      },
    },
    onFailed: async (request, _err, tools) => {
      // A review page that cannot be read does not hold back the listing itself.
      if (request.label === LABEL.REVIEWS) await tools.release(String(request.userData?.productId));
    },
  };
}
