import { classifyAll } from '../../classifiers/ensemble.js';
import type { Verdict } from '../../domain/labels.js';
import type { Listing } from '../../domain/listing.js';
import type { ImageText } from '../../domain/ocr.js';
import type { PipelineContext } from '../context.js';

/** Runs the classifier set on a listing (and its OCR text), stores the raw predictions, returns the verdict. */
export async function classifyListing(ctx: PipelineContext, listing: Listing, ocr: ImageText[] = []): Promise<Verdict> {
  const thresholds = await ctx.thresholdsFor(listing.platform);
  const [{ verdict, predictions }] = await classifyAll([{ listing, ocr }], ctx.classifiers, thresholds.labels, ctx.combiner);
  await ctx.repos.predictions.save(listing.id, listing.contentHash, predictions);
  return verdict;
}
