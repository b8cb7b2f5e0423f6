/**
 * Crawl failures carry a string `code` (it survives serialisation into a queue
 * job) and decide their own retry policy: a blocked, gone or non-product page
 * is never retried.
 */
export class CrawlError extends Error {
  readonly retryable: boolean;
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown; retryable?: boolean },
  ) {
    super(message, options);
    this.name = 'CrawlError';
    this.retryable = options?.retryable ?? false;
  }
}

export class NotAProductError extends CrawlError {
  constructor(url: string) {
    super('NOT_A_PRODUCT', `no schema.org Product data on ${url}`);
    this.name = 'NotAProductError';
  }
}

export class ListingGoneError extends CrawlError {
  constructor(
    url: string,
    readonly status: number,
  ) {
    super('GONE', `${url} answered ${status}: the listing is gone`);
    this.name = 'ListingGoneError';
  }
}

export class ExtractionError extends CrawlError {
  constructor(url: string, detail: string, options?: { cause?: unknown }) {
    super('EXTRACTION_FAILED', `cannot extract a listing from ${url}: ${detail}`, options);
    this.name = 'ExtractionError';
  }
}

/** Maps whatever a fetch threw to a short kind for crawl-run statistics. */
export function errorKind(err: unknown): string {
  if (err instanceof CrawlError) return err.code.toLowerCase();
  const msg = String((err as Error)?.message ?? err);
  const status = /(?:status code|statusCode|status)\D{0,3}(\d{3})/i.exec(msg)?.[1];
  if (status) return `http_${status}`;
  if (/timed? ?out|timeout/i.test(msg)) return 'timeout';
  if (/served Content-Type/i.test(msg)) return 'content_type';
  if (/redirect/i.test(msg) && /(\d+ times|loop|maxRedirects)/i.test(msg)) return 'redirect_loop';
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|socket hang up/i.test(msg)) return 'network';
  return 'error';
}

/** 401/403/451, or a robots.txt rule: the site said no; asking again would be impolite. */
export class BlockedError extends CrawlError {
  constructor(
    url: string,
    reason: string,
    readonly status?: number,
  ) {
    super('BLOCKED', `${url} is blocked: ${reason}`);
    this.name = 'BlockedError';
  }
}

/** robots.txt disallows the URL for our user agent. Never retried. */
export class RobotsDisallowedError extends CrawlError {
  constructor(url: string) {
    super('ROBOTS_DISALLOWED', `robots.txt disallows ${url} for this crawler`);
    this.name = 'RobotsDisallowedError';
  }
}

/** 429 or 503: retried after the server's Retry-After (or an exponential backoff when absent). */
export class RateLimitedError extends CrawlError {
  constructor(
    url: string,
    readonly status: number,
    /** Milliseconds the server asked us to wait; undefined when it gave no Retry-After. */
    readonly retryAfterMs: number | undefined,
  ) {
    super('RATE_LIMITED', `${url} answered ${status}${retryAfterMs !== undefined ? ` (Retry-After ${Math.round(retryAfterMs / 1000)} s)` : ''}`, { retryable: true });
    this.name = 'RateLimitedError';
  }
}

/** Any other 5xx: a transient server fault, retried with exponential backoff. */
export class ServerError extends CrawlError {
  constructor(url: string, readonly status: number) {
    super('SERVER_ERROR', `${url} answered ${status}`, { retryable: true });
    this.name = 'ServerError';
  }
}

/** A 4xx that is neither gone nor blocked nor rate limiting (400, 405, ...): the request itself is wrong. */
export class HttpStatusError extends CrawlError {
  constructor(url: string, readonly status: number) {
    super('HTTP_STATUS', `${url} answered ${status}`);
    this.name = 'HttpStatusError';
  }
}

/** No complete response within the time limit (slow server or a response that never ends). Retried. */
export class FetchTimeoutError extends CrawlError {
  constructor(url: string, ms: number) {
    super('TIMEOUT', `${url} did not finish within ${ms} ms`, { retryable: true });
    this.name = 'FetchTimeoutError';
  }
}

/** The body is larger than the configured cap; the same page will be as large next time. */
export class ResponseTooLargeError extends CrawlError {
  constructor(url: string, limitBytes: number) {
    super('TOO_LARGE', `${url} is larger than ${limitBytes} bytes`);
    this.name = 'ResponseTooLargeError';
  }
}

/** A link or redirect that leaves the target's allowed domains. */
export class OffDomainError extends CrawlError {
  constructor(url: string) {
    super('OFF_DOMAIN', `${url} is outside the target's allowed domains`);
    this.name = 'OffDomainError';
  }
}

/** Too many redirects or a redirect back to a URL already visited in the chain. */
export class RedirectLoopError extends CrawlError {
  constructor(url: string, detail: string) {
    super('REDIRECT_LOOP', `${url}: ${detail}`);
    this.name = 'RedirectLoopError';
  }
}

/** Parses Retry-After (delta seconds or an HTTP date) into milliseconds; undefined when absent or unparseable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** The typed error for an HTTP status, or undefined when the status is a success. */
export function errorForStatus(url: string, status: number, headers: Record<string, string | string[] | undefined> = {}): CrawlError | undefined {
  if (status < 400) return undefined;
  if (status === 404 || status === 410) return new ListingGoneError(url, status);
  if (status === 401 || status === 403 || status === 451) return new BlockedError(url, `HTTP ${status}`, status);
  if (status === 429 || status === 503) return new RateLimitedError(url, status, parseRetryAfter(headers['retry-after']));
  if (status >= 500) return new ServerError(url, status);
  return new HttpStatusError(url, status);
}

/**
 * Maps what the HTTP client threw to our typed errors where the type decides
 * retry (a redirect loop will loop again); anything else is returned as is.
 */
export function toCrawlError(err: Error, url: string): Error {
  if (err instanceof CrawlError) return err;
  if (err.name === 'MaxRedirectsError' || /redirected \d+ times/i.test(err.message)) return new RedirectLoopError(url, err.message);
  return err;
}

/** The crawl is set up wrongly (e.g. a User-Agent without a contact URL); nothing is fetched until it is fixed. */
export class CrawlConfigError extends CrawlError {
  constructor(message: string) {
    super('CRAWL_CONFIG', message);
    this.name = 'CrawlConfigError';
  }
}
