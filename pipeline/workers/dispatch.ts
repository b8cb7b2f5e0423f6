import type { Listing } from '../../domain/listing.js';
import type { StoreOutcome } from '../../db/repositories/listing.repository.js';
import { DEFAULT_JOB_OPTIONS, listingJobId } from '../queues.js';
import type { WorkerDeps } from './deps.js';

/**
 * After the crawl stage stored a listing: hand it to OCR (one job per image,
 * as children of its classify job, so classify runs once all images are read)
 * or straight to classify. Job ids derive from the listing content version, so
 * enqueueing twice (a retried crawl job) adds nothing while the first job is
 * still known to Redis; the database dedupes the rest.
 *
 * An `unchanged` listing normally needs nothing, as in the inline runner. But a
 * crawl job that crashed after storing and before enqueueing would see
 * `unchanged` on its retry, so a content version without predictions is
 * enqueued again: that is what makes the hand-over loss-free.
 */
export async function dispatchStored(deps: WorkerDeps, listing: Listing, stored: StoreOutcome): Promise<'enqueued' | 'skipped'> {
  if (stored === 'unchanged' && (await deps.ctx.repos.predictions.hasFor(listing.id, listing.contentHash))) return 'skipped';
  const data = { listingId: listing.id, contentHash: listing.contentHash };
  const classifyId = listingJobId('classify', listing.id, listing.contentHash);
  // Fleet-wide setting, not this process's: the OCR jobs may well run on another machine.
  const images = deps.ctx.config.ocr ? listing.images.map((_, i) => i) : [];
  if (!images.length) {
    await deps.queues.queue('classify').add('classify', data, { jobId: classifyId });
    return 'enqueued';
  }
  // A flow re-added under an existing parent id would attach new children to a finished parent.
  if (await deps.queues.queue('classify').getJob(classifyId)) return 'skipped';
  await deps.queues.flows.add({
    name: 'classify',
    queueName: 'classify',
    data,
    opts: { ...DEFAULT_JOB_OPTIONS, jobId: classifyId },
    children: images.map((imageIndex) => ({
      name: 'ocr',
      queueName: 'ocr',
      data: { ...data, imageIndex },
      // An image that cannot be read must not hold the listing back: classify runs without it.
      opts: { ...DEFAULT_JOB_OPTIONS, jobId: listingJobId('ocr', listing.id, listing.contentHash, String(imageIndex)), ignoreDependencyOnFailure: true },
    })),
  });
  return 'enqueued';
}
