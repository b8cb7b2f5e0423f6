import type { Verdict } from '../../domain/labels.js';
import type { Listing } from '../../domain/listing.js';
import type { PipelineContext } from '../context.js';
import { importVerdict, type ImportOutcome } from '../importers/case-importer.js';
import { watchlistHit } from '../importers/watchlist.js';

/** Verdict → review case when a label crosses its threshold (deduplicated; reviewed cases untouched). */
export async function triageListing(ctx: PipelineContext, listing: Listing, verdict: Verdict): Promise<ImportOutcome> {
  const hit = await watchlistHit(ctx.database.db, listing);
  const thresholds = await ctx.thresholdsFor(listing.platform);
  const { outcome } = await importVerdict(ctx.repos.cases, listing, verdict, { thresholdVersion: thresholds.version, ...hit });
  return outcome;
}
