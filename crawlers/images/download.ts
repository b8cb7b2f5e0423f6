import { CrawlError } from '../errors.js';

/** Why an image was not stored; the code goes into `images.error_code`. */
export class ImageRejectedError extends CrawlError {
  constructor(code: string, url: string, detail: string, options?: { cause?: unknown; retryable?: boolean }) {
    super(code, `image ${url}: ${detail}`, options);
    this.name = 'ImageRejectedError';
  }
}

export interface ImageFetchOptions {
  /** Sent as User-Agent. */
  userAgent: string;
  /** Largest image accepted, in bytes. Default 10 MiB (label photos are rarely above 5). */
  maxBytes?: number;
  /** Whole download, in ms. Default 15,000. */
  timeoutMs?: number;
  /** Accepted content types. Default: JPEG, PNG, WebP, GIF, AVIF, BMP, TIFF. */
  allowedTypes?: string[];
}

export const DEFAULT_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif', 'image/bmp', 'image/tiff'];
export const DEFAULT_IMAGE_MAX_BYTES = 10 * 1024 * 1024;

/** The type from the bytes, for servers that send application/octet-stream or nothing. */
export function sniffImageType(b: Buffer): string | undefined {
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 6 && /^GIF8[79]a$/.test(b.subarray(0, 6).toString('latin1'))) return 'image/gif';
  if (b.length >= 12 && b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  if (b.length >= 12 && b.subarray(4, 12).toString('latin1').startsWith('ftypavi')) return 'image/avif';
  if (b.length >= 2 && b.subarray(0, 2).toString('latin1') === 'BM') return 'image/bmp';
  return undefined;
}

/** Downloads one image within the size, type and time limits. */
export async function downloadImage(url: string, opts: ImageFetchOptions): Promise<{ bytes: Buffer; contentType: string }> {
  const maxBytes = opts.maxBytes ?? DEFAULT_IMAGE_MAX_BYTES;
  const allowed = opts.allowedTypes ?? DEFAULT_IMAGE_TYPES;
  const timeoutMs = opts.timeoutMs ?? 15_000;
  if (!/^https?:\/\//i.test(url)) throw new ImageRejectedError('BAD_URL', url, 'only http(s) images are fetched');
  let res: Response;
  try {
    res = await fetch(url, { headers: { 'user-agent': opts.userAgent, accept: allowed.join(', ') }, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
  } catch (cause) {
    const timeout = (cause as Error).name === 'TimeoutError';
    throw new ImageRejectedError(timeout ? 'TIMEOUT' : 'NETWORK', url, (cause as Error).message, { cause, retryable: true });
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new ImageRejectedError(`HTTP_${res.status}`, url, `answered ${res.status}`, { retryable: res.status >= 500 || res.status === 429 });
  }
  const declared = (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  const length = Number(res.headers.get('content-length'));
  if (Number.isFinite(length) && length > maxBytes) {
    await res.body?.cancel();
    throw new ImageRejectedError('TOO_LARGE', url, `${length} bytes is over the ${maxBytes} byte limit`);
  }
  if (declared && !declared.startsWith('image/') && declared !== 'application/octet-stream' && declared !== 'binary/octet-stream') {
    await res.body?.cancel();
    throw new ImageRejectedError('NOT_AN_IMAGE', url, `content type ${declared}`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.byteLength;
      if (total > maxBytes) throw new ImageRejectedError('TOO_LARGE', url, `over the ${maxBytes} byte limit`);
      chunks.push(Buffer.from(chunk));
    }
  } catch (cause) {
    if (cause instanceof ImageRejectedError) throw cause;
    throw new ImageRejectedError('NETWORK', url, (cause as Error).message, { cause, retryable: true });
  }
  const bytes = Buffer.concat(chunks);
  const contentType = declared.startsWith('image/') ? declared : sniffImageType(bytes);
  if (!contentType || !allowed.includes(contentType)) throw new ImageRejectedError('NOT_AN_IMAGE', url, `content type ${contentType ?? declared ?? 'unknown'} is not accepted`);
  return { bytes, contentType };
}
