import type { Verdict } from '../domain/labels.js';
import type { Listing } from '../domain/listing.js';
import type { StoreOutcome } from '../db/repositories/listing.repository.js';
import type { PipelineContext } from './context.js';
import type { ImportOutcome } from './importers/case-importer.js';
import { classifyListing } from './stages/classify.js';
import { storeListing } from './stages/store.js';
import { triageListing } from './stages/triage.js';

export interface ProcessResult {
  stored: StoreOutcome;
  verdict?: Verdict;
  caseOutcome?: ImportOutcome;
}

/** One listing through store → classify → triage. Unchanged content stops after store: nothing to redo. */
export async function processListing(ctx: PipelineContext, listing: Listing, crawlRunId?: number): Promise<ProcessResult> {
  const stored = await storeListing(ctx, listing, crawlRunId);
  if (stored === 'unchanged') return { stored };
  const verdict = await classifyListing(ctx, listing);
  const caseOutcome = await triageListing(ctx, listing, verdict);
  return { stored, verdict, caseOutcome };
}
