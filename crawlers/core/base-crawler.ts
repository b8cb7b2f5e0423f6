import { randomUUID } from 'node:crypto';
import * as cheerio from 'cheerio';
import type { CheerioAPI } from 'cheerio';
import { CheerioCrawler, Configuration, RequestQueue, createCheerioRouter, log, type Request, type RequestOptions } from 'crawlee';
import { safeParseListing, type ListingInput, type Review } from '../../domain/listing.js';
import { CrawlConfigError, CrawlError, ExtractionError, ListingGoneError, OffDomainError, RateLimitedError, ResponseTooLargeError, RobotsDisallowedError, errorForStatus, errorKind, toCrawlError } from '../errors.js';
import type { Target } from '../targets.js';
import { limitBody } from './body-limit.js';
import { DomainGate } from './domain-gate.js';
import { RobotsCache } from './robots.js';
import type { AdapterTools, CrawlAdapter, CrawlRequestSpec, CrawlTargetOptions, CrawlTargetResult, EnqueueOptions, PageContext } from './types.js';
import { isAllowedDomain, normalizeUrl, urlPattern } from './url.js';

/** Longest Retry-After we wait for inside one run (seconds); a longer one fails the request for this run. */
export const MAX_RETRY_AFTER_MS = 60_000;
/** Ceiling for the exponential backoff between retries (ms). */
const MAX_BACKOFF_MS = 30_000;
/** Redirects followed per request; more is treated as a loop. */
const MAX_REDIRECTS = 5;

/** Content types the HTTP engine downloads: pages, APIs, sitemaps (also gzipped). */
const MIME_TYPES = ['application/json', 'application/ld+json', 'application/gzip', 'application/x-gzip', 'application/octet-stream', 'text/plain', 'text/xml', 'application/xml', 'application/javascript', 'text/javascript'];
const ALL_5XX = Array.from({ length: 100 }, (_, i) => 500 + i);

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Meta {
  depth: number;
  accept: number[];
}
const metaOf = (request: Request): Meta => {
  const m = (request.userData as { __sw?: Meta }).__sw;
  return m ?? { depth: 0, accept: [] };
};
const userDataOf = (request: Request): Record<string, unknown> => {
  const { __sw: _m, __crawlee: _c, ...rest } = request.userData as Record<string, unknown>;
  return rest;
};

/**
 * A polite bot says who it is and how to reach its operator: a product token
 * and a contact (http(s) URL or e-mail address), e.g.
 * `ShelfwatchBot/0.1 (+https://example.org/crawler)`. Returns the problem, or undefined.
 */
export function userAgentProblem(ua: string): string | undefined {
  if (!/^[A-Za-z][\w.-]*\/\S+/.test(ua.trim())) return 'it should start with a product token and version, e.g. "ShelfwatchBot/0.1"';
  if (!/https?:\/\/[^\s;)]+|[\w.+-]+@[\w-]+\.[\w.-]+/.test(ua)) return 'it names no contact URL or e-mail address for site operators, e.g. "(+https://example.org/crawler)"';
  return undefined;
}

/**
 * One crawl of one target. Holds what every engine shares: politeness (robots,
 * per-host gate, backoff), URL scope and trap limits, the adapter's tools and
 * the run's counters. Engines (crawlee CheerioCrawler / PlaywrightCrawler) call
 * `beforeFetch`, `afterFetch`, `handle`, `retrying` and `failed`.
 */
export class CrawlRun {
  readonly config = new Configuration({ persistStorage: false, purgeOnStart: true });
  readonly robots: RobotsCache;
  readonly gate: DomainGate;
  readonly concurrency: number;
  readonly maxPages: number;
  readonly timeoutMs: number;
  pages = 0;
  listings = 0;
  errors = 0;
  hitPageLimit = false;
  /** Requests put in the queue (new ones only); never more than maxPages. */
  private queued = 0;
  /** Requests given up for a reason other than "gone": what they would have shown was not seen. */
  unseenFailures = 0;
  readonly skipped: Record<string, number> = {};
  private readonly patternCounts = new Map<string, number>();
  private readonly held = new Map<string, ListingInput>();
  private readonly releases = new WeakMap<object, () => void>();
  private queue?: RequestQueue;
  readonly tools: AdapterTools;

  constructor(
    readonly target: Target,
    readonly adapter: CrawlAdapter,
    readonly opts: CrawlTargetOptions,
  ) {
    const uaProblem = userAgentProblem(opts.userAgent);
    if (uaProblem) throw new CrawlConfigError(`User-Agent "${opts.userAgent}" is not descriptive enough: ${uaProblem} (set SHELFWATCH_USER_AGENT)`);
    this.concurrency = target.rateLimit.maxConcurrency ?? opts.concurrency ?? 4;
    this.maxPages = target.maxPages ?? opts.maxPages ?? 1000;
    this.timeoutMs = target.options.timeoutSecs * 1000;
    this.robots = new RobotsCache(opts.userAgent, { enabled: target.options.respectRobots, timeoutMs: this.timeoutMs });
    const rps = target.rateLimit.requestsPerSecond;
    this.gate = new DomainGate({
      concurrency: target.rateLimit.perDomainConcurrency ?? this.concurrency,
      minIntervalMs: rps ? Math.ceil(1000 / rps) : 0,
    });
    const state = new Map<string, unknown>();
    this.tools = {
      target,
      lastCrawlAt: opts.lastCrawlAt,
      state,
      enqueue: (from, reqs, o) => this.enqueue(from, reqs, o),
      emit: (input) => this.emit(input),
      hold: (key, input) => {
        this.held.set(key, input);
      },
      addReviews: (key, reviews: Review[]) => {
        const l = this.held.get(key);
        if (l) l.reviews = [...(l.reviews ?? []), ...reviews];
      },
      release: async (key) => {
        const l = this.held.get(key);
        if (!l) return;
        this.held.delete(key);
        await this.emit(l);
      },
      pageError: async (url, err) => {
        this.errors++;
        await opts.onError({ url, kind: errorKind(err), message: err.message });
      },
    };
  }

  async openQueue(): Promise<RequestQueue> {
    log.setLevel(process.env.CRAWLEE_LOG_LEVEL === 'debug' ? log.LEVELS.DEBUG : log.LEVELS.OFF);
    this.queue = await RequestQueue.open(`crawl-${randomUUID()}`, { config: this.config });
    const start = [...this.adapter.startRequests(this.target, { lastCrawlAt: this.opts.lastCrawlAt }), ...(this.opts.extraRequests ?? [])];
    await this.enqueue(undefined, start);
    return this.queue;
  }

  private toRequest(spec: CrawlRequestSpec, depth: number): RequestOptions | undefined {
    const url = normalizeUrl(spec.url);
    if (!url) return undefined;
    return {
      url,
      uniqueKey: url,
      label: spec.label,
      userData: { ...spec.userData, __sw: { depth, accept: spec.acceptStatuses ?? [] } satisfies Meta },
    };
  }

  private skip(reason: string, n = 1): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + n;
  }

  /** Scope, robots, depth and trap checks, then the queue (which de-duplicates by normalised URL). */
  async enqueue(from: PageContext | undefined, reqs: CrawlRequestSpec[], o: EnqueueOptions = {}): Promise<number> {
    const depth = from ? from.depth + (o.paging ? 0 : 1) : 0;
    if (depth > this.target.maxDepth) {
      if (reqs.length) this.skip('depth');
      return 0;
    }
    const out: RequestOptions[] = [];
    for (const spec of reqs) {
      const r = this.toRequest(spec, depth);
      if (!r) continue;
      if (!isAllowedDomain(r.url, this.target.allowedDomains)) {
        this.skip('off_domain');
        continue;
      }
      if (this.robots.peek(r.url)?.isAllowed(r.url) === false) {
        this.skip('robots');
        continue;
      }
      if (o.followed) {
        const p = urlPattern(r.url);
        const n = (this.patternCounts.get(p) ?? 0) + 1;
        if (n > this.target.maxPagesPerPattern) {
          this.skip('pattern');
          continue;
        }
        this.patternCounts.set(p, n);
      }
      out.push(r);
    }
    if (!out.length || !this.queue) return 0;
    // More requests than the run may fetch would only fill memory (a sitemap can list 50,000 URLs): keep the budget.
    const room = this.maxPages - this.queued;
    if (out.length > room) {
      this.skip('page_limit', out.length - Math.max(0, room));
      this.hitPageLimit = true;
      out.splice(Math.max(0, room));
      if (!out.length) return 0;
    }
    const res = await this.queue.addRequests(out);
    const added = res.processedRequests.filter((p) => !p.wasAlreadyPresent).length;
    this.queued += added;
    return added;
  }

  async emit(input: ListingInput): Promise<void> {
    const t = this.target;
    const withDefaults: ListingInput = {
      ...input,
      platform: t.platform,
      seller: input.seller ?? (t.seller ? { ...t.seller } : undefined),
      language: input.language ?? (t.languages.length === 1 ? t.languages[0] : undefined),
      fetchedAt: input.fetchedAt ?? new Date().toISOString(),
    };
    const parsed = safeParseListing(withDefaults);
    if (!parsed.ok) {
      this.errors++;
      const err = new ExtractionError(input.url, parsed.error.message, { cause: parsed.error });
      await this.opts.onError({ url: input.url, kind: errorKind(err), message: err.message });
      return;
    }
    this.listings++;
    await this.opts.onListing(parsed.listing);
  }

  /** Before the request: robots, crawl-delay, backoff on retries, the per-host slot. */
  async beforeFetch(request: Request): Promise<void> {
    const url = request.url;
    const host = new URL(url).host;
    const policy = await this.robots.policyFor(url);
    const delay = policy.crawlDelayMs();
    if (delay) this.gate.setMinInterval(host, delay);
    if (policy.unavailable) throw new CrawlError('ROBOTS_UNAVAILABLE', `not crawling ${url}: ${policy.unavailable} (RFC 9309: treated as "disallow all" for this run)`);
    if (!policy.isAllowed(url)) throw new RobotsDisallowedError(url);
    if (request.retryCount > 0) {
      const last = (request.userData as { __swRateLimited?: boolean }).__swRateLimited;
      // After a 429/503 the host pause (Retry-After) already spaces the retry; otherwise back off exponentially.
      if (!last) {
        const base = this.target.options.backoffMs * 2 ** (request.retryCount - 1);
        await sleep(Math.min(MAX_BACKOFF_MS, base + Math.random() * base * 0.2));
      }
    }
    await this.opts.beforeRequest?.(url);
    const release = await this.gate.acquire(host);
    this.releases.set(request, release);
  }

  /** After the response head: redirects off-domain, status → typed error, 429/503 pause the host. */
  afterFetch(request: Request, loadedUrl: string, status: number, headers: Record<string, string | string[] | undefined>): void {
    if (!isAllowedDomain(loadedUrl, this.target.allowedDomains)) throw new OffDomainError(loadedUrl);
    const location = headers.location;
    if (status >= 300 && status < 400 && typeof location === 'string') {
      const next = normalizeUrl(location, loadedUrl);
      if (next && !isAllowedDomain(next, this.target.allowedDomains)) throw new OffDomainError(next);
    }
    if (metaOf(request).accept.includes(status)) return;
    const err = errorForStatus(request.url, status, headers);
    if (!err) return;
    if (err instanceof RateLimitedError) {
      const wait = err.retryAfterMs ?? this.target.options.backoffMs * 2 ** request.retryCount;
      (request.userData as { __swRateLimited?: boolean }).__swRateLimited = true;
      if (wait > MAX_RETRY_AFTER_MS) request.noRetry = true;
      else this.gate.pause(new URL(request.url).host, wait);
    }
    throw err;
  }

  releaseSlot(request: Request): void {
    this.releases.get(request)?.();
    this.releases.delete(request);
  }

  pageContext(request: Request, p: { url: string; status: number; headers: PageContext['headers']; body: () => Buffer; $?: CheerioAPI; isXml?: boolean }): PageContext {
    let text: string | undefined;
    let $: CheerioAPI | undefined = p.$;
    const page: PageContext = {
      url: p.url,
      label: request.label ?? 'DEFAULT',
      userData: userDataOf(request),
      status: p.status,
      headers: p.headers,
      depth: metaOf(request).depth,
      body: p.body,
      text: () => (text ??= p.body().toString('utf8')),
      json: <T>() => JSON.parse(page.text()) as T,
      $: () => ($ ??= cheerio.load(page.text(), { xml: p.isXml ? { xmlMode: true } : undefined })),
    };
    return page;
  }

  async handle(request: Request, page: PageContext): Promise<void> {
    this.releaseSlot(request);
    this.pages++;
    this.opts.onProgress?.({ pages: this.pages, listings: this.listings });
    if (this.pages >= this.maxPages) this.hitPageLimit = true;
    const handler = this.adapter.handlers[page.label] ?? this.adapter.handlers.DEFAULT;
    if (!handler) throw new CrawlError('NO_HANDLER', `adapter ${this.adapter.name} has no handler for ${page.label}`);
    await handler(page, this.tools);
  }

  /** crawlee errorHandler: a failure that may be retried. */
  retrying(request: Request, error: Error): void {
    this.releaseSlot(request);
    const err = toCrawlError(error, request.url);
    // Our own errors know whether a retry can help; stop retrying the ones that cannot.
    if (err instanceof CrawlError && !err.retryable) request.noRetry = true;
    if (!(err instanceof RateLimitedError)) (request.userData as { __swRateLimited?: boolean }).__swRateLimited = false;
  }

  /** crawlee failedRequestHandler: the request is given up. */
  async failed(request: Request, error: Error): Promise<void> {
    this.releaseSlot(request);
    const err = toCrawlError(error, request.url);
    this.errors++;
    if (!(err instanceof ListingGoneError)) this.unseenFailures++;
    const userData = userDataOf(request);
    const status = (err as { status?: number }).status;
    await this.opts.onError({
      url: request.url,
      kind: errorKind(err),
      message: err.message,
      status: typeof status === 'number' ? status : undefined,
      label: request.label,
      listingId: typeof userData.listingId === 'string' ? userData.listingId : undefined,
    });
    await this.adapter.onFailed?.({ url: request.url, label: request.label ?? 'DEFAULT', userData }, err, this.tools);
  }

  /** Emits listings still waiting for review pages (e.g. a review page failed). */
  async flushHeld(): Promise<void> {
    for (const key of [...this.held.keys()]) await this.tools.release(key);
  }

  async drop(): Promise<void> {
    await this.queue?.drop();
  }

  result(started: number): CrawlTargetResult {
    const whole = this.adapter.seesWholeCatalogue?.(this.target, { lastCrawlAt: this.opts.lastCrawlAt }) ?? true;
    return {
      pages: this.pages,
      listings: this.listings,
      errors: this.errors,
      skipped: { ...this.skipped },
      // A failed page (timeout, 5xx, robots...) may have held listings: their absence proves nothing.
      // Links cut off by the depth or pattern limits were not seen either.
      complete: whole && !this.hitPageLimit && this.unseenFailures === 0 && !this.skipped.depth && !this.skipped.pattern,
      seconds: (Date.now() - started) / 1000,
    };
  }
}

/** The HTTP engine: crawlee's CheerioCrawler with the run's politeness hooks and the adapter's router. */
export function createHttpCrawler(run: CrawlRun, queue: RequestQueue): CheerioCrawler {
  const router = createCheerioRouter();
  router.addDefaultHandler(async (ctx) => {
    const { request, response } = ctx;
    const isXml = /xml/.test(ctx.contentType?.type ?? '');
    const raw = ctx.body;
    const page = run.pageContext(request, {
      url: request.loadedUrl ?? request.url,
      status: response.statusCode ?? 200,
      headers: response.headers,
      body: () => (Buffer.isBuffer(raw) ? raw : Buffer.from(raw)),
      // crawlee parsed HTML/XML already; reuse it instead of parsing twice.
      $: (ctx as unknown as { $?: CheerioAPI }).$,
      isXml,
    });
    await run.handle(request, page);
  });
  return new CheerioCrawler(
    {
      requestQueue: queue,
      requestHandler: router,
      minConcurrency: run.concurrency,
      maxConcurrency: run.concurrency,
      maxRequestsPerCrawl: run.maxPages,
      maxRequestRetries: run.target.options.maxRetries,
      navigationTimeoutSecs: run.target.options.timeoutSecs,
      // Waiting in the host gate (Retry-After up to MAX_RETRY_AFTER_MS) happens inside the handler timeout.
      requestHandlerTimeoutSecs: MAX_RETRY_AFTER_MS / 1000 + 60,
      useSessionPool: false,
      persistCookiesPerSession: false,
      additionalMimeTypes: MIME_TYPES,
      // Status codes are turned into typed errors in afterFetch, not by crawlee.
      ignoreHttpErrorStatusCodes: ALL_5XX,
      preNavigationHooks: [
        async ({ request }, gotOptions) => {
          await run.beforeFetch(request);
          gotOptions.headers = { ...gotOptions.headers, 'user-agent': run.opts.userAgent };
          gotOptions.maxRedirects = MAX_REDIRECTS;
          // A redirect that leaves the allowed domains is not followed; afterFetch reports it.
          (gotOptions as { followRedirect?: unknown }).followRedirect = (res: { headers: Record<string, unknown>; url: string }) => {
            const next = typeof res.headers.location === 'string' ? normalizeUrl(res.headers.location, res.url) : undefined;
            return !next || isAllowedDomain(next, run.target.allowedDomains);
          };
          // A polite bot says who it is: no generated browser headers.
          (gotOptions as { useHeaderGenerator?: boolean }).useHeaderGenerator = false;
        },
      ],
      postNavigationHooks: [
        async (ctx) => {
          const res = ctx.response as unknown as import('node:http').IncomingMessage & { url?: string };
          const loaded = res.url ?? ctx.request.url;
          try {
            run.afterFetch(ctx.request, loaded, res.statusCode ?? 0, res.headers);
            const len = Number(res.headers['content-length']);
            if (Number.isFinite(len) && len > run.target.options.maxResponseBytes) {
              throw new ResponseTooLargeError(loaded, run.target.options.maxResponseBytes);
            }
          } catch (e) {
            res.destroy();
            throw e;
          }
          // With a Content-Length within the cap the body is bounded (Node's parser stops there) and got's request
          // timeout runs until its end; only chunked bodies need counting and a deadline of their own.
          const bounded = Number.isFinite(Number(res.headers['content-length'])) && res.headers['content-length'] !== undefined;
          if (!bounded) (ctx as { response: unknown }).response = limitBody(res, loaded, run.target.options.maxResponseBytes, run.timeoutMs);
        },
      ],
      errorHandler: ({ request }, err) => run.retrying(request, err),
      failedRequestHandler: async ({ request }, err) => run.failed(request, err),
    },
    run.config,
  );
}

/**
 * Crawls one target with its adapter: builds the engine the adapter asks for,
 * runs it to the end and returns the run's counts. Listings and errors are
 * streamed to the callbacks as they happen.
 */
export async function crawlWithAdapter(target: Target, adapter: CrawlAdapter, opts: CrawlTargetOptions): Promise<CrawlTargetResult> {
  const started = Date.now();
  const run = new CrawlRun(target, adapter, opts);
  const queue = await run.openQueue();
  try {
    if (adapter.engine(target) === 'browser') {
      const { createBrowserCrawler } = await import('../browser/engine.js');
      const crawler = await createBrowserCrawler(run, queue);
      try {
        await crawler.run();
      } finally {
        await crawler.teardown();
      }
    } else {
      const crawler = createHttpCrawler(run, queue);
      try {
        await crawler.run();
      } finally {
        await crawler.teardown();
      }
    }
    await run.flushHeld();
  } finally {
    await run.drop();
  }
  return run.result(started);
}
