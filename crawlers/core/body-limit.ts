import type { IncomingMessage } from 'node:http';
import { Transform, pipeline } from 'node:stream';
import { FetchTimeoutError, ResponseTooLargeError } from '../errors.js';

/**
 * Wraps a response stream so the body is cut off past `maxBytes` or after
 * `timeoutMs` (a server that sends headers and then never ends the body would
 * otherwise hold a crawler slot until the handler timeout). The wrapper keeps
 * the properties crawlee reads from a response (status, headers, url).
 */
export function limitBody<T extends IncomingMessage & { url?: string }>(res: T, url: string, maxBytes: number, timeoutMs: number): T {
  let seen = 0;
  const limited = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > maxBytes) cb(new ResponseTooLargeError(url, maxBytes));
      else cb(null, chunk);
    },
  });
  for (const key of ['statusCode', 'statusMessage', 'headers', 'url', 'redirectUrls', 'httpVersion', 'ip', 'timings', 'request', 'rawHeaders'] as const) {
    const v = (res as unknown as Record<string, unknown>)[key];
    if (v !== undefined) Object.defineProperty(limited, key, { value: v, enumerable: true, writable: true, configurable: true });
  }
  const timer = setTimeout(() => limited.destroy(new FetchTimeoutError(url, timeoutMs)), timeoutMs);
  timer.unref();
  pipeline(res, limited, () => clearTimeout(timer));
  return limited as unknown as T;
}
