import type { Job } from 'bullmq';
import { LABELS } from '../../domain/labels.js';
import type { Listing } from '../../domain/listing.js';
import type { ImageText } from '../../domain/ocr.js';
import { listingJobId, type ClassifyJobData, type ClassifyJobResult, type OcrJobResult } from '../queues.js';
import { classifyListing } from '../stages/classify.js';
import type { WorkerDeps } from './deps.js';

/** Loads the stored listing for a job; a newer content version means this job has nothing left to do. */
export async function loadListing(deps: WorkerDeps, listingId: string, contentHash: string): Promise<Listing | 'missing' | 'superseded'> {
  const row = await deps.ctx.repos.listings.get(listingId);
  if (!row) return 'missing';
  if (row.contentHash !== contentHash) return 'superseded';
  return row.data;
}

/** The classify stage: the same `classifyListing` as inline, with the OCR text its image jobs returned. */
export function classifyProcessor(deps: WorkerDeps) {
  return async (job: Job<ClassifyJobData>): Promise<ClassifyJobResult> => {
    const { listingId, contentHash } = job.data;
    const listing = await loadListing(deps, listingId, contentHash);
    if (typeof listing === 'string') return { outcome: listing };
    const children = await job.getChildrenValues<OcrJobResult>();
    const ocr: ImageText[] = Object.values(children)
      .filter((r): r is Extract<OcrJobResult, { ok: true }> => !!r && r.ok)
      .map((r) => r.text)
      .sort((a, b) => a.imageIndex - b.imageIndex);
    const verdict = await classifyListing(deps.ctx, listing, ocr);
    for (const l of LABELS) if (verdict.labels[l].flagged) deps.metrics.flags.inc({ label: l });
    await deps.queues.queue('triage').add('triage', { listingId, contentHash, verdict }, { jobId: listingJobId('triage', listingId, contentHash) });
    return { outcome: 'classified' };
  };
}
