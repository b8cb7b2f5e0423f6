import { crawlJsonLd } from '../crawlers/json-ld/crawl.js';
import type { CrawlRunStats } from '../db/schema/crawl-runs.js';
import { emptyStats } from '../db/repositories/crawl-run.repository.js';
import type { Label } from '../domain/labels.js';
import type { Listing } from '../domain/listing.js';
import type { PipelineContext } from './context.js';
import type { ImportOutcome } from './importers/case-importer.js';
import { processListing } from './process-listing.js';

export interface CrawlPipelineOptions {
  platform: string;
  startUrls: string[];
  onProgress?(p: { pages: number; listings: number }): void;
  /** Mark active listings of this platform that the crawl did not see as removed. Only for full crawls. */
  markMissingRemoved?: boolean;
}

export interface CrawlPipelineSummary {
  crawlRunId: number;
  stats: CrawlRunStats;
  listings: number;
  flagged: Record<Label, number>;
  cases: Record<ImportOutcome, number>;
  seconds: number;
}

/**
 * The whole loop in one process (the embedded default): crawl → store →
 * classify → triage, each listing as soon as it is extracted. Queue workers
 * call the same stage functions.
 */
export async function runCrawlPipeline(ctx: PipelineContext, opts: CrawlPipelineOptions): Promise<CrawlPipelineSummary> {
  const started = Date.now();
  await ctx.repos.platforms.ensure({ id: opts.platform, baseUrl: new URL(opts.startUrls[0]).origin });
  const runId = await ctx.repos.crawlRuns.start(opts.platform, opts.startUrls);
  const stats = emptyStats();
  const flagged: Record<Label, number> = { false_health_claim: 0, missing_certificate: 0, mislabeled_food: 0 };
  const cases: Record<ImportOutcome, number> = { opened: 0, refreshed: 0, duplicate: 0, already_reviewed: 0, not_flagged: 0 };
  const seen = new Set<string>();
  let listings = 0;
  const onListing = async (listing: Listing) => {
    if (seen.has(listing.id)) return;
    seen.add(listing.id);
    listings++;
    const r = await processListing(ctx, listing, runId);
    if (r.stored === 'new') stats.listingsNew++;
    else if (r.stored === 'changed' || r.stored === 'relisted') stats.listingsChanged++;
    else stats.listingsUnchanged++;
    if (r.verdict) for (const l of Object.keys(flagged) as Label[]) if (r.verdict.labels[l].flagged) flagged[l]++;
    if (r.caseOutcome) cases[r.caseOutcome]++;
  };
  try {
    const result = await crawlJsonLd({
      startUrls: opts.startUrls,
      platform: opts.platform,
      userAgent: ctx.config.userAgent,
      concurrency: ctx.config.crawlConcurrency,
      maxPages: ctx.config.maxPages,
      onListing,
      onError: async (url, kind, message) => {
        stats.errors[kind] = (stats.errors[kind] ?? 0) + 1;
        await ctx.repos.crawlRuns.recordError(runId, url, kind, message);
      },
      onProgress: (pages) => opts.onProgress?.({ pages, listings }),
    });
    stats.pages = result.pages;
    if (opts.markMissingRemoved) {
      for (const id of await ctx.repos.listings.activeNotIn(opts.platform, [...seen])) {
        if (await ctx.repos.listings.markRemoved(id, new Date(), runId)) stats.listingsRemoved++;
      }
    }
    await ctx.repos.crawlRuns.finish(runId, stats, 'finished');
  } catch (err) {
    await ctx.repos.crawlRuns.finish(runId, stats, 'failed');
    throw err;
  }
  return { crawlRunId: runId, stats, listings, flagged, cases, seconds: (Date.now() - started) / 1000 };
}
