import type { CrawlAdapter } from '../core/types.js';
import type { Target } from '../targets.js';
import { jsonLdHandlers } from './routes.js';

/** Shops that publish schema.org Product data; rendered in Chromium first when the target needs it. */
export function jsonLdAdapter(target: Target): CrawlAdapter {
  return {
    name: 'json-ld',
    revisitLabel: 'PRODUCT',
    engine: (t) => (t.options.needsBrowser ? 'browser' : 'http'),
    startRequests: (t) => t.startUrls.map((url) => ({ url, label: 'DEFAULT' })),
    handlers: jsonLdHandlers({ productLinkSelector: target.options.productLinkSelector, listLinkSelector: target.options.listLinkSelector }),
  };
}
