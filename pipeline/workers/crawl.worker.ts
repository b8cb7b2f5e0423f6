import type { Job } from 'bullmq';
import { emptyStats } from '../../db/repositories/crawl-run.repository.js';
import type { CrawlRunStats } from '../../db/schema/crawl-runs.js';
import { safeParseListing, type Listing } from '../../domain/listing.js';
import type { PipelineContext } from '../context.js';
import { runCrawlPipeline } from '../inline-runner.js';
import type { ProcessResult } from '../process-listing.js';
import type { CrawlJobData } from '../queues.js';
import { fetchListingImages } from '../stages/fetch-images.js';
import { storeListing } from '../stages/store.js';
import type { WorkerDeps } from './deps.js';
import { dispatchStored } from './dispatch.js';

export interface CrawlJobResult {
  crawlRunId?: number;
  stats: CrawlRunStats;
  listings: number;
}

/**
 * The crawl stage's per-listing step in queue mode: the first half of
 * `processListing` (store, then fetch images, the same stage functions), and
 * instead of classifying in place, a hand-over to the OCR/classify queues.
 */
export function storeAndDispatch(deps: WorkerDeps) {
  return async (ctx: PipelineContext, crawled: Listing, crawlRunId?: number): Promise<ProcessResult> => {
    const stored = await storeListing(ctx, crawled, crawlRunId);
    deps.metrics.listingsStored.inc({ outcome: stored });
    if (stored !== 'unchanged') await fetchListingImages(ctx, crawled);
    await dispatchStored(deps, crawled, stored);
    return { stored };
  };
}

/**
 * The crawl stage: a whole target through the same `runCrawlPipeline` as
 * inline mode (adapters, crawl run, removals), or a batch of extracted
 * listings. Every request first takes a token from the fleet-wide per-domain
 * bucket in Redis.
 */
export function crawlProcessor(deps: WorkerDeps) {
  const handle = storeAndDispatch(deps);
  return async (job: Job<CrawlJobData>, _token?: string, signal?: AbortSignal): Promise<CrawlJobResult> => {
    const data = job.data;
    if (data.kind === 'listings') {
      const stats = emptyStats();
      let listings = 0;
      // Listings of a batch are stored a few at a time (crawlConcurrency, as the inline runner gets them
      // from concurrent requests): each store is a handful of round trips, so overlapping them pays.
      let next = 0;
      const one = async (input: (typeof data.listings)[number]) => {
        signal?.throwIfAborted();
        const parsed = safeParseListing({ ...input, platform: input.platform ?? data.platform });
        if (!parsed.ok) {
          // A bad record is an expected outcome: counted, not retried (a retry cannot fix it).
          stats.errors.invalid_listing = (stats.errors.invalid_listing ?? 0) + 1;
          deps.log.warn({ jobId: job.id, err: parsed.error.message }, 'invalid listing in batch skipped');
          return;
        }
        listings++;
        const { stored } = await handle(deps.ctx, parsed.listing, data.crawlRunId);
        if (stored === 'new') stats.listingsNew++;
        else if (stored === 'changed') stats.listingsChanged++;
        else if (stored === 'relisted') stats.listingsRelisted = (stats.listingsRelisted ?? 0) + 1;
        else stats.listingsUnchanged++;
      };
      await Promise.all(
        Array.from({ length: Math.min(deps.ctx.config.crawlConcurrency, data.listings.length) }, async () => {
          while (next < data.listings.length) await one(data.listings[next++]);
        }),
      );
      return { crawlRunId: data.crawlRunId, stats, listings };
    }
    const { target } = data;
    const perSecond = target.rateLimit?.requestsPerSecond;
    const summary = await runCrawlPipeline(deps.ctx, {
      platform: target.platform,
      startUrls: target.startUrls,
      target,
      markMissingRemoved: data.markMissingRemoved,
      revisitKnown: data.revisitKnown,
      processListing: handle,
      beforeRequest: (url) => deps.limiter.acquire(url, signal, perSecond),
    });
    deps.metrics.crawlPages.inc({ platform: target.platform }, summary.stats.pages);
    return { crawlRunId: summary.crawlRunId, stats: summary.stats, listings: summary.listings };
  };
}
