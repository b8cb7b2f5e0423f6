import path from 'node:path';
import type { OcrService } from '../../classifiers/ocr/ocr-service.js';
import type { Listing } from '../../domain/listing.js';
import type { ImageRejection, ImageText } from '../../domain/ocr.js';
import type { PipelineContext } from '../context.js';
import { imageBytes } from '../workers/ocr.worker.js';

export interface ListingOcr {
  texts: ImageText[];
  rejections: ImageRejection[];
}

// One OCR service (tesseract.js pool, created once, reused) per pipeline context.
const services = new WeakMap<PipelineContext, Promise<OcrService>>();

function serviceFor(ctx: PipelineContext): Promise<OcrService> {
  let s = services.get(ctx);
  if (!s) {
    // Loaded on demand: tesseract.js is only needed when OCR is on.
    s = import('../../classifiers/ocr/ocr-service.js').then(({ createOcrService }) =>
      createOcrService({ cache: ctx.repos.ocrResults, cacheDir: path.resolve(ctx.config.dataDir, 'ocr') }),
    );
    services.set(ctx, s);
  }
  return s;
}

/** Ends the context's OCR workers, if any were started. */
export async function closeOcr(ctx: PipelineContext): Promise<void> {
  const s = services.get(ctx);
  services.delete(ctx);
  if (s) await (await s).close();
}

/**
 * Images → text. Each image is read once per content (the ocr_results table is
 * the cache); a bad image (corrupt, not an image, too large, a decompression
 * bomb, unreachable) is recorded on its image row with the reason, and the
 * listing is still classified from its text and its other images.
 */
export async function ocrListingImages(ctx: PipelineContext, listing: Listing, signal?: AbortSignal): Promise<ListingOcr> {
  const out: ListingOcr = { texts: [], rejections: [] };
  if (!ctx.config.ocr || !listing.images.length) return out;
  const service = await serviceFor(ctx);
  for (let i = 0; i < listing.images.length; i++) {
    const r = await readListingImage(service, listing, i, signal);
    if (r.ok) out.texts.push(r.text);
    else {
      out.rejections.push(r.rejection);
      await ctx.repos.images.markRejected(listing.id, i, listing.images[i].url, r.rejection.code, r.rejection.reason);
    }
  }
  return out;
}

/**
 * One image of a listing → its text, or why it could not be read. An image that
 * cannot be fetched (no file, an HTTP error) is a rejection like a corrupt one:
 * the listing is classified without it.
 */
export async function readListingImage(
  service: OcrService,
  listing: Listing,
  imageIndex: number,
  signal?: AbortSignal,
): Promise<{ ok: true; text: ImageText } | { ok: false; rejection: ImageRejection }> {
  let bytes: Buffer;
  try {
    bytes = await imageBytes(listing, imageIndex, signal);
  } catch (err) {
    const code = typeof (err as { code?: unknown }).code === 'string' ? String((err as { code: string }).code) : 'UNREADABLE';
    return { ok: false, rejection: { imageIndex, code, reason: (err as Error).message } };
  }
  return service.readImage(bytes, { imageIndex, language: listing.language, signal });
}
