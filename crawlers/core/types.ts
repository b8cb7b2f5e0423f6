import type { CheerioAPI } from 'cheerio';
import type { ListingInput, Review } from '../../domain/listing.js';
import type { Listing } from '../../domain/listing.js';
import type { Target } from '../targets.js';

/** A request an adapter asks for: where, which handler (label), and what it needs to know there. */
export interface CrawlRequestSpec {
  url: string;
  label: string;
  userData?: Record<string, unknown>;
  /** Statuses this handler wants to see itself instead of failing the request (e.g. 404 → fall back). */
  acceptStatuses?: number[];
}

/** What a handler sees of one fetched page, the same for the HTTP and the browser engine. */
export interface PageContext {
  /** Loaded URL (after redirects). */
  url: string;
  label: string;
  userData: Record<string, unknown>;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Link depth from the start requests. */
  depth: number;
  body(): Buffer;
  text(): string;
  json<T = unknown>(): T;
  /** The page as cheerio; parsed once (the HTTP engine reuses crawlee's parse). */
  $(): CheerioAPI;
}

export interface EnqueueOptions {
  /**
   * Links discovered in page content (as opposed to API paging the adapter
   * controls): pattern limits apply, so link traps stay bounded.
   */
  followed?: boolean;
  /**
   * The next page of something already being read (API paging, review pages):
   * the link depth does not grow, so a large catalogue is not cut off by
   * `maxDepth`. The adapter bounds such paging itself.
   */
  paging?: boolean;
}

/** What the base gives adapters: request scheduling, listing emission, per-run state. */
export interface AdapterTools {
  readonly target: Target;
  /** Finished crawl before this one, for incremental (lastmod) crawling. */
  readonly lastCrawlAt?: Date;
  /** Adapter-private per-run state (e.g. handles already seen). */
  readonly state: Map<string, unknown>;
  enqueue(from: PageContext | undefined, requests: CrawlRequestSpec[], opts?: EnqueueOptions): Promise<number>;
  /** Validates and hands on one listing (the target's seller and language hint fill gaps). */
  emit(input: ListingInput): Promise<void>;
  /** Keeps a listing back until its review pages are read; `release` emits it. Held listings are emitted at the end regardless. */
  hold(key: string, input: ListingInput): void;
  addReviews(key: string, reviews: Review[]): void;
  release(key: string): Promise<void>;
  /** Records a non-fatal problem with a page (e.g. not a product) without failing the request. */
  pageError(url: string, err: Error): Promise<void>;
}

export type PageHandler = (page: PageContext, tools: AdapterTools) => Promise<void>;

/**
 * One adapter per platform kind. The base crawler fetches; the adapter says
 * where to start (discovery), and what each labelled page means (the router).
 */
export interface CrawlAdapter {
  readonly name: string;
  /** 'http' runs on crawlee's CheerioCrawler, 'browser' on its PlaywrightCrawler. */
  engine(target: Target): 'http' | 'browser';
  startRequests(target: Target, run: { lastCrawlAt?: Date }): CrawlRequestSpec[];
  /** The router: label → handler. `DEFAULT` handles requests without a known label. */
  readonly handlers: Record<string, PageHandler>;
  /** A request failed for good (after retries); an adapter may fall back or emit what it has. */
  onFailed?(request: CrawlRequestSpec, err: Error, tools: AdapterTools): Promise<void>;
  /** Label to re-fetch a known listing URL with (to notice 404/410); adapters without one cannot revisit. */
  readonly revisitLabel?: string;
  /** True when a finished run saw the whole catalogue, so unseen listings can be marked removed. */
  seesWholeCatalogue?(target: Target, run: { lastCrawlAt?: Date }): boolean;
}

export interface CrawlErrorInfo {
  url: string;
  kind: string;
  message: string;
  /** HTTP status when the failure was one. */
  status?: number;
  label?: string;
  /** Listing this request was about, when the adapter knows it (API adapters). */
  listingId?: string;
}

export interface CrawlTargetOptions {
  userAgent: string;
  onListing(listing: Listing): Promise<void>;
  onError(info: CrawlErrorInfo): Promise<void>;
  onProgress?(p: { pages: number; listings: number }): void;
  /** Used when the target sets no maxConcurrency. Default 4. */
  concurrency?: number;
  /** Used when the target sets no maxPages. Default 1000. */
  maxPages?: number;
  lastCrawlAt?: Date;
  /** Extra requests (e.g. known listing URLs to re-check for 404/410). */
  extraRequests?: CrawlRequestSpec[];
  /** Called before every request after the crawler's own limits (e.g. a fleet-wide per-domain token bucket). */
  beforeRequest?(url: string): Promise<void>;
}

export interface CrawlTargetResult {
  pages: number;
  listings: number;
  errors: number;
  /** Links not followed, by reason (off_domain, robots, depth, pattern, page_limit). */
  skipped: Record<string, number>;
  /**
   * The run saw the whole catalogue, hit no page limit and gave up on no request (other than 404/410):
   * missing listings may be marked removed.
   */
  complete: boolean;
  seconds: number;
}
