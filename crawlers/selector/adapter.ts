import type { CrawlAdapter } from '../core/types.js';
import type { Target } from '../targets.js';
import { releaseOnReviewFailure, selectorHandlers } from './routes.js';

/** Custom shops read with CSS selectors from the target file. */
export function selectorAdapter(target: Target): CrawlAdapter {
  if (!target.options.selectors) throw new Error(`target ${target.name}: the selector adapter needs options.selectors`);
  return {
    name: 'selector',
    revisitLabel: 'PRODUCT',
    engine: (t) => (t.options.needsBrowser ? 'browser' : 'http'),
    startRequests: (t) => t.startUrls.map((url) => ({ url, label: 'DEFAULT' })),
    handlers: selectorHandlers(target.options.selectors),
    onFailed: (request, _err, tools) => releaseOnReviewFailure(request.label, request.userData, tools),
  };
}
