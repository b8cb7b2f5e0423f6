import { NotAProductError } from '../errors.js';
import { asRequests, linksFrom } from '../core/links.js';
import type { AdapterTools, PageContext, PageHandler } from '../core/types.js';
import type { Selectors } from '../targets.js';
import { extractReviews, extractSelectorListing, isProductPage, splitSelector } from './extract.js';

export const LABEL_PRODUCT = 'PRODUCT';
export const LABEL_LIST = 'LIST';
export const LABEL_REVIEWS = 'REVIEWS';
/** Review pages read per listing (the product page's own reviews not counted); an endless "next" stops here. */
export const MAX_REVIEW_PAGES = 50;

/**
 * The router for shops without structured data: list pages give product and
 * list links; product pages are read with the target's selectors; review
 * pagination is followed before the listing is handed on.
 */
export function selectorHandlers(s: Selectors): Record<string, PageHandler> {
  const reviewNext = s.reviews?.nextPage ? splitSelector(s.reviews.nextPage).css : undefined;

  const product = async (page: PageContext, tools: AdapterTools, required: boolean) => {
    const $ = page.$();
    const listing = isProductPage($, s) ? extractSelectorListing($, s, { url: page.url, platform: tools.target.platform }) : undefined;
    if (!listing) {
      if (required) await tools.pageError(page.url, new NotAProductError(page.url));
      return;
    }
    const next = reviewNext ? linksFrom(page, reviewNext)[0] : undefined;
    if (!next) return tools.emit(listing);
    tools.hold(listing.id, listing);
    const queued = await tools.enqueue(page, [{ url: next, label: LABEL_REVIEWS, userData: { key: listing.id, listingId: listing.id, reviewPage: 1 } }], { paging: true });
    // Not queued (off-domain, robots, already read): nothing will release it later.
    if (!queued) await tools.release(listing.id);
  };
  const follow: PageHandler = async (page, tools) => {
    if (s.productLinks) await tools.enqueue(page, asRequests(linksFrom(page, splitSelector(s.productLinks).css), LABEL_PRODUCT));
    if (s.listLinks) await tools.enqueue(page, asRequests(linksFrom(page, splitSelector(s.listLinks).css), LABEL_LIST), { followed: true });
  };
  return {
    [LABEL_PRODUCT]: (page, tools) => product(page, tools, true),
    [LABEL_LIST]: follow,
    DEFAULT: async (page, tools) => {
      await product(page, tools, false);
      await follow(page, tools);
    },
    [LABEL_REVIEWS]: async (page, tools) => {
      const key = String(page.userData.key);
      tools.addReviews(key, extractReviews(page.$(), s.reviews!));
      const n = Number(page.userData.reviewPage ?? 1);
      const next = reviewNext && n < MAX_REVIEW_PAGES ? linksFrom(page, reviewNext)[0] : undefined;
      // A "next" link back to a page already read is not queued again (the queue de-duplicates): release then.
      const queued = next ? await tools.enqueue(page, [{ url: next, label: LABEL_REVIEWS, userData: { ...page.userData, reviewPage: n + 1 } }], { paging: true }) : 0;
      if (!queued) await tools.release(key);
    },
  };
}

export async function releaseOnReviewFailure(label: string, userData: Record<string, unknown> | undefined, tools: AdapterTools): Promise<void> {
  if (label === LABEL_REVIEWS && userData?.key) await tools.release(String(userData.key));
}
