import type { Listing } from '../../domain/listing.js';
import type { StoreOutcome } from '../../db/repositories/listing.repository.js';
import type { PipelineContext } from '../context.js';

// Platforms this context has already made sure of: rows are never deleted, and re-upserting the same platform
// row for every listing cost a round trip per listing and made concurrent workers update one hot row.
const ensured = new WeakMap<PipelineContext, Set<string>>();

/** Crawl → storage: platform and seller upserted, listing stored with a snapshot only if its content changed. */
export async function storeListing(ctx: PipelineContext, listing: Listing, crawlRunId?: number): Promise<StoreOutcome> {
  let known = ensured.get(ctx);
  if (!known) ensured.set(ctx, (known = new Set()));
  if (!known.has(listing.platform)) {
    await ctx.repos.platforms.ensure({ id: listing.platform, name: listing.platform, baseUrl: new URL(listing.url).origin });
    known.add(listing.platform);
  }
  const sellerId = await ctx.repos.sellers.upsert(listing.platform, listing.seller);
  return ctx.repos.listings.store(listing, { sellerId, crawlRunId });
}
