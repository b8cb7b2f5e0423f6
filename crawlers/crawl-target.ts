import { crawlWithAdapter } from './core/base-crawler.js';
import type { CrawlTargetOptions, CrawlTargetResult } from './core/types.js';
import { adapterFor } from './registry.js';
import type { Target } from './targets.js';

export interface CrawlTargetRunOptions extends CrawlTargetOptions {
  /** Known listing URLs to fetch again so that a 404/410 is noticed (adapters with a revisit label). */
  revisitUrls?: string[];
}

/** Crawls one target with the adapter its `adapter` field names. */
export async function crawlTarget(target: Target, opts: CrawlTargetRunOptions): Promise<CrawlTargetResult> {
  const adapter = adapterFor(target);
  const revisit = adapter.revisitLabel ? (opts.revisitUrls ?? []).map((url) => ({ url, label: adapter.revisitLabel! })) : [];
  return crawlWithAdapter(target, adapter, { ...opts, extraRequests: [...(opts.extraRequests ?? []), ...revisit] });
}
