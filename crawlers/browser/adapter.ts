import type { CrawlAdapter } from '../core/types.js';
import { jsonLdHandlers } from '../json-ld/routes.js';
import { releaseOnReviewFailure, selectorHandlers } from '../selector/routes.js';
import type { Target } from '../targets.js';

/**
 * Shops that render products with JavaScript: pages are loaded in Chromium
 * (crawlee PlaywrightCrawler) and the rendered HTML goes through the same
 * extractors as plain pages: the target's selectors when given, else
 * schema.org data.
 */
export function browserAdapter(target: Target): CrawlAdapter {
  const s = target.options.selectors;
  return {
    name: 'browser',
    revisitLabel: 'PRODUCT',
    engine: () => 'browser',
    startRequests: (t) => t.startUrls.map((url) => ({ url, label: 'DEFAULT' })),
    handlers: s ? selectorHandlers(s) : jsonLdHandlers({ productLinkSelector: target.options.productLinkSelector, listLinkSelector: target.options.listLinkSelector }),
    onFailed: (request, _err, tools) => releaseOnReviewFailure(request.label, request.userData, tools),
  };
}
