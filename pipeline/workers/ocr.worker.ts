import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Job } from 'bullmq';
import { REPO_ROOT } from '../../config.js';
import type { Listing } from '../../domain/listing.js';
import type { OcrJobData, OcrJobResult } from '../queues.js';
import { fetchListingImages } from '../stages/fetch-images.js';
import { loadListing } from './classify.worker.js';
import type { WorkerDeps } from './deps.js';

/** Reads one image of a listing. The queue worker and the inline runner share one implementation of it. */
export type OcrImageStage = {
  read(listing: Listing, imageIndex: number, signal?: AbortSignal): Promise<OcrJobResult>;
  close(): Promise<void>;
};

/** Image bytes from a local path (relative to the working directory, then the repository) or its URL. */
export async function imageBytes(listing: Listing, imageIndex: number, signal?: AbortSignal): Promise<Buffer> {
  const img = listing.images[imageIndex];
  if (!img) throw new Error(`listing ${listing.id} has no image ${imageIndex}`);
  if (img.path) {
    for (const p of [path.resolve(img.path), path.join(REPO_ROOT, img.path)]) {
      try {
        return await readFile(p);
      } catch {
        // Not there: try the next base folder, then the URL.
      }
    }
  }
  if (!img.url) throw new Error(`image ${imageIndex} of ${listing.id} has no readable path and no URL`);
  const res = await fetch(img.url, { signal });
  if (!res.ok) throw Object.assign(new Error(`GET ${img.url} answered ${res.status}`), { code: `HTTP_${res.status}` });
  return Buffer.from(await res.arrayBuffer());
}

/**
 * The default OCR stage on tesseract.js: one small pool per worker process
 * (poolSize 1 by default, so a worker holds one tesseract instance per language
 * set and its memory stays bounded), created on first use and reused.
 */
export function createOcrImageStage(opts: { poolSize?: number } = {}): OcrImageStage {
  let service: Promise<import('../../classifiers/ocr/ocr-service.js').OcrService> | undefined;
  const get = () =>
    (service ??= import('../../classifiers/ocr/ocr-service.js').then(({ createOcrService }) => createOcrService({ poolSize: opts.poolSize ?? 1 })));
  return {
    async read(listing, imageIndex, signal) {
      let bytes: Buffer;
      try {
        bytes = await imageBytes(listing, imageIndex, signal);
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        // A 404 image will stay a 404: an expected outcome, not a retry.
        if (typeof code === 'string' && /^HTTP_4/.test(code)) return { ok: false, code, reason: (err as Error).message };
        throw err;
      }
      const r = await (await get()).readImage(bytes, { imageIndex, language: listing.language, signal });
      return r.ok ? { ok: true, text: r.text } : { ok: false, code: r.rejection.code, reason: r.rejection.reason };
    },
    async close() {
      if (service) await (await service).close();
    },
  };
}

/** The OCR stage: one image; its result becomes a child value of the listing's classify job. */
export function ocrProcessor(deps: WorkerDeps) {
  return async (job: Job<OcrJobData>, _token?: string, signal?: AbortSignal): Promise<OcrJobResult> => {
    const { listingId, contentHash, imageIndex } = job.data;
    const listing = await loadListing(deps, listingId, contentHash);
    if (typeof listing === 'string') return { ok: false, code: listing.toUpperCase(), reason: `listing ${listingId} is ${listing}` };
    if (!deps.ocr) return { ok: false, code: 'OCR_DISABLED', reason: 'this worker has no OCR engine' };
    // The crawl stage downloaded the bytes; this finds them by URL (no second download) and sets `path`.
    const local = await fetchListingImages(deps.ctx, listing);
    return deps.ocr.read(local, imageIndex, signal);
  };
}
