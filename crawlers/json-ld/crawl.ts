import { randomUUID } from 'node:crypto';
import { CheerioCrawler, Configuration, RequestQueue, log } from 'crawlee';
import type { Listing } from '../../domain/listing.js';
import { CrawlError, errorKind } from '../errors.js';
import { createJsonLdRouter } from './routes.js';

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
}

export interface JsonLdCrawlResult {
  pages: number;
  listings: number;
  errors: number;
}

/** Crawls listing and product pages of a shop that publishes schema.org Product JSON-LD. */
export async function crawlJsonLd(opts: JsonLdCrawlOptions): Promise<JsonLdCrawlResult> {
  // Each crawl gets its own in-memory storage so runs never share queues or write ./storage.
  const config = new Configuration({ persistStorage: false, purgeOnStart: true });
  log.setLevel(process.env.CRAWLEE_LOG_LEVEL === 'debug' ? log.LEVELS.DEBUG : log.LEVELS.OFF);
  const queue = await RequestQueue.open(`crawl-${randomUUID()}`, { config });
  let pages = 0;
  let listings = 0;
  let errors = 0;
  const router = createJsonLdRouter({
    platform: opts.platform,
    productLinkSelector: opts.productLinkSelector ?? 'a[href*="/products/"], a[href*="/product/"], a[href*="/p/"], a[href*="/item/"], a.product-link',
    listLinkSelector: opts.listLinkSelector ?? 'a[rel="next"], a[href*="/category/"], a[href*="/collections/"]',
    onPage: () => {
      pages++;
      opts.onProgress?.(pages);
    },
    onListing: async (l) => {
      listings++;
      await opts.onListing(l);
    },
    onPageError: async (url, err) => {
      errors++;
      await opts.onError(url, errorKind(err), err.message);
    },
  });
  const crawler = new CheerioCrawler(
    {
      requestQueue: queue,
      requestHandler: router,
      maxConcurrency: opts.concurrency ?? 4,
      maxRequestsPerCrawl: opts.maxPages ?? 1000,
      maxRequestRetries: opts.maxRetries ?? 2,
      requestHandlerTimeoutSecs: 60,
      navigationTimeoutSecs: opts.requestTimeoutSecs ?? 15,
      additionalMimeTypes: ['application/ld+json'],
      preNavigationHooks: [
        (_ctx, gotOptions) => {
          gotOptions.headers = { ...gotOptions.headers, 'user-agent': opts.userAgent };
        },
      ],
      errorHandler: (_ctx, err) => {
        // Our own errors know whether a retry can help; stop retrying the ones that cannot.
        if (err instanceof CrawlError && !err.retryable) _ctx.request.noRetry = true;
      },
      failedRequestHandler: async ({ request }, err) => {
        errors++;
        await opts.onError(request.url, errorKind(err), err.message);
      },
    },
    config,
  );
  try {
    await crawler.run(opts.startUrls);
  } finally {
    await crawler.teardown();
    await queue.drop();
  }
  return { pages, listings, errors };
}
