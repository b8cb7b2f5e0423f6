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
  constructor(url: string, status: number) {
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
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|socket hang up/i.test(msg)) return 'network';
  return 'error';
}
