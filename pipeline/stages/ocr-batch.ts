import type { Listing } from '../../domain/listing.js';
import type { ImageText } from '../../domain/ocr.js';
import { readListingImage } from './ocr.js';

export interface BatchOcr {
  /** Per listing, in input order: the text read from each of its images that could be read. */
  texts: ImageText[][];
  read: number;
  rejected: { listingId: string; imageIndex: number; code: string; reason: string }[];
}

/**
 * OCR for a labeled dataset outside the pipeline (eval, training): no database,
 * an in-memory cache, one tesseract.js pool for the whole batch. Images are
 * queued together so the pool keeps every core busy.
 */
export async function readAllImages(listings: Listing[], opts: { poolSize?: number } = {}): Promise<BatchOcr> {
  const { createOcrService } = await import('../../classifiers/ocr/ocr-service.js');
  const service = createOcrService(opts.poolSize ? { poolSize: opts.poolSize } : {});
  const out: BatchOcr = { texts: listings.map(() => []), read: 0, rejected: [] };
  try {
    const jobs = listings.flatMap((listing, li) =>
      listing.images.map(async (_img, ii) => {
        const r = await readListingImage(service, listing, ii);
        if (r.ok) {
          out.texts[li].push(r.text);
          out.read++;
        } else out.rejected.push({ listingId: listing.id, ...r.rejection });
      }),
    );
    await Promise.all(jobs);
  } finally {
    await service.close();
  }
  // Images finish in any order; evidence refers to them by index, so keep them sorted.
  for (const t of out.texts) t.sort((a, b) => a.imageIndex - b.imageIndex);
  return out;
}
