import type { Verdict } from '../domain/labels.js';
import type { Listing } from '../domain/listing.js';
import type { StoreOutcome } from '../db/repositories/listing.repository.js';
import type { PipelineContext } from './context.js';
import type { ImportOutcome } from './importers/case-importer.js';
import { classifyListing } from './stages/classify.js';
import { fetchListingImages } from './stages/fetch-images.js';
import { ocrListingImages } from './stages/ocr.js';
import { storeListing } from './stages/store.js';
import { triageListing } from './stages/triage.js';

export interface ProcessResult {
  stored: StoreOutcome;
  verdict?: Verdict;
  caseOutcome?: ImportOutcome;
  /** Images OCR could not read, with the reason (the listing was classified without them). */
  imageRejections?: number;
}

/** One listing through store → images → classify → triage. Unchanged content stops after store: nothing to redo. */
export async function processListing(ctx: PipelineContext, crawled: Listing, crawlRunId?: number): Promise<ProcessResult> {
  const stored = await storeListing(ctx, crawled, crawlRunId);
  if (stored === 'unchanged') return { stored };
  // Images are downloaded once by sha256; from here on `listing.images[i].path` points at local bytes.
  // Their only consumer in the pipeline is OCR, so with OCR off (SHELFWATCH_OCR=false) they are not fetched.
  const listing = ctx.config.ocr ? await fetchListingImages(ctx, crawled) : crawled;
  const ocr = await ocrListingImages(ctx, listing);
  const verdict = await classifyListing(ctx, listing, ocr.texts);
  const caseOutcome = await triageListing(ctx, listing, verdict);
  return { stored, verdict, caseOutcome, imageRejections: ocr.rejections.length };
}
