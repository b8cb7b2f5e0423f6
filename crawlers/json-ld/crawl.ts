import type { Listing } from '../../domain/listing.js';
import { crawlWithAdapter } from '../core/base-crawler.js';
import { adHocTarget } from '../targets.js';
import { jsonLdAdapter } from './adapter.js';

export interface JsonLdCrawlOptions {
  startUrls: string[];
  platform: string;
  onListing(listing: Listing): Promise<void>;
  onError(url: string, kind: string, message: string): Promise<void>;
  /** Default 4. */
  concurrency?: number;
  /** Default 1000. */
  maxPages?: number;
  userAgent: string;
  /** Default 15 s. */
  requestTimeoutSecs?: number;
  /** Default 2. */
  maxRetries?: number;
  /** CSS for product links. Default: links to /products/, /product/, /p/, /item/. */
  productLinkSelector?: string;
  /** CSS for list/pagination links. Default: rel=next and category links. */
  listLinkSelector?: string;
  onProgress?(pages: number): void;
  /** Called before every request (e.g. a fleet-wide per-domain token bucket). */
  beforeRequest?(url: string): Promise<void>;
}

export interface JsonLdCrawlResult {
  pages: number;
  listings: number;
  errors: number;
}

/** Crawls a shop that publishes schema.org Product data, from bare start URLs (no target file). */
export async function crawlJsonLd(opts: JsonLdCrawlOptions): Promise<JsonLdCrawlResult> {
  const target = adHocTarget(opts.platform, opts.startUrls, {
    options: {
      timeoutSecs: opts.requestTimeoutSecs ?? 15,
      maxRetries: opts.maxRetries ?? 2,
      productLinkSelector: opts.productLinkSelector,
      listLinkSelector: opts.listLinkSelector,
    },
  });
  const r = await crawlWithAdapter(target, jsonLdAdapter(target), {
    userAgent: opts.userAgent,
    concurrency: opts.concurrency,
    maxPages: opts.maxPages,
    onListing: opts.onListing,
    onError: (e) => opts.onError(e.url, e.kind, e.message),
    onProgress: (p) => opts.onProgress?.(p.pages),
    beforeRequest: opts.beforeRequest,
  });
  return { pages: r.pages, listings: r.listings, errors: r.errors };
}
