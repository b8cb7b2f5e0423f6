import type { Listing } from '../../domain/listing.js';
import type { StoreOutcome } from '../../db/repositories/listing.repository.js';
import type { PipelineContext } from '../context.js';

/** Crawl → storage: platform and seller upserted, listing stored with a snapshot only if its content changed. */
export async function storeListing(ctx: PipelineContext, listing: Listing, crawlRunId?: number): Promise<StoreOutcome> {
  await ctx.repos.platforms.ensure({ id: listing.platform, name: listing.platform, baseUrl: new URL(listing.url).origin });
  const sellerId = await ctx.repos.sellers.upsert(listing.platform, listing.seller);
  return ctx.repos.listings.store(listing, { sellerId, crawlRunId });
}
