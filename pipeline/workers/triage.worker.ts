import type { Job } from 'bullmq';
import type { ImportOutcome } from '../importers/case-importer.js';
import type { TriageJobData } from '../queues.js';
import { triageListing } from '../stages/triage.js';
import { loadListing } from './classify.worker.js';
import type { WorkerDeps } from './deps.js';

/** The triage stage: the same `triageListing` as inline; the case importer dedupes by (listing, content hash). */
export function triageProcessor(deps: WorkerDeps) {
  return async (job: Job<TriageJobData>): Promise<{ outcome: ImportOutcome | 'missing' | 'superseded' }> => {
    const { listingId, contentHash, verdict } = job.data;
    const listing = await loadListing(deps, listingId, contentHash);
    if (typeof listing === 'string') return { outcome: listing };
    const outcome = await triageListing(deps.ctx, listing, verdict);
    deps.metrics.cases.inc({ outcome });
    return { outcome };
  };
}
