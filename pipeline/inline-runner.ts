import { crawlTarget } from '../crawlers/crawl-target.js';
import { adHocTarget, type Target } from '../crawlers/targets.js';
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
  /** A target from the targets file: crawled with its adapter; platform and startUrls then come from it. */
  target?: Target;
  /** Re-fetch the URLs of the platform's known active listings, so a 404/410 marks them removed. */
  revisitKnown?: boolean;
  onProgress?(p: { pages: number; listings: number; errors: number }): void;
  /** Mark active listings of this platform that the crawl did not see as removed. Only for full crawls. */
  markMissingRemoved?: boolean;
  /** What happens to each extracted listing. Default `processListing` (inline); the queue crawl stage stores and enqueues instead. */
  processListing?: typeof processListing;
  /** Awaited before every request (the queue workers' fleet-wide per-domain rate limit). */
  beforeRequest?(url: string): Promise<void>;
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
  const target = opts.target ?? adHocTarget(opts.platform, opts.startUrls);
  const platform = target.platform;
  const startUrls = target.startUrls.length ? target.startUrls : [target.apiBase!];
  await ctx.repos.platforms.ensure({ id: platform, name: target.name, adapter: target.adapter, baseUrl: new URL(startUrls[0]).origin, jurisdictionProfile: target.jurisdiction });
  // The previous finished run is the "since" of an incremental (sitemap lastmod) crawl.
  const lastCrawlAt = await ctx.repos.crawlRuns.lastFinishedAt(platform);
  const runId = await ctx.repos.crawlRuns.start(platform, startUrls);
  const stats = emptyStats();
  const flagged: Record<Label, number> = { false_health_claim: 0, missing_certificate: 0, mislabeled_food: 0 };
  const cases: Record<ImportOutcome, number> = { opened: 0, refreshed: 0, duplicate: 0, already_reviewed: 0, not_flagged: 0 };
  const seen = new Set<string>();
  let listings = 0;
  const onListing = async (listing: Listing) => {
    if (seen.has(listing.id)) return;
    seen.add(listing.id);
    listings++;
    const r = await (opts.processListing ?? processListing)(ctx, listing, runId);
    if (r.stored === 'new') stats.listingsNew++;
    else if (r.stored === 'changed') stats.listingsChanged++;
    else if (r.stored === 'relisted') stats.listingsRelisted = (stats.listingsRelisted ?? 0) + 1;
    else stats.listingsUnchanged++;
    if (r.verdict) for (const l of Object.keys(flagged) as Label[]) if (r.verdict.labels[l].flagged) flagged[l]++;
    if (r.caseOutcome) cases[r.caseOutcome]++;
  };
  try {
    const revisit = opts.revisitKnown ? await ctx.repos.listings.activeUrls(platform) : [];
    const result = await crawlTarget(target, {
      userAgent: ctx.config.userAgent,
      concurrency: ctx.config.crawlConcurrency,
      maxPages: ctx.config.maxPages,
      lastCrawlAt,
      revisitUrls: revisit,
      beforeRequest: opts.beforeRequest,
      onListing,
      onError: async ({ url, kind, message, listingId }) => {
        stats.errors[kind] = (stats.errors[kind] ?? 0) + 1;
        await ctx.repos.crawlRuns.recordError(runId, url, kind, message);
        // A known listing whose page answers 404/410 is gone: marked removed with the time it was seen so.
        if (kind === 'gone') {
          const ids = listingId ? [listingId] : await ctx.repos.listings.idsByUrl(platform, url);
          for (const id of ids) if (!seen.has(id) && (await ctx.repos.listings.markRemoved(id, new Date(), runId))) stats.listingsRemoved++;
        }
      },
      onProgress: (p) => opts.onProgress?.({ pages: p.pages, listings, errors: Object.values(stats.errors).reduce((a, b) => a + b, 0) }),
    });
    stats.pages = result.pages;
    // Only a run that saw the whole catalogue (no page cap hit, not incremental) can tell what disappeared.
    if (opts.markMissingRemoved && result.complete) {
      for (const id of await ctx.repos.listings.activeNotIn(platform, [...seen])) {
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
