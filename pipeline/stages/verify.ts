import { extractJsonLdListings } from '../../crawlers/json-ld/extract.js';
import type { TakedownStatus } from '../../db/schema/takedown-requests.js';
import type { PipelineContext } from '../context.js';

export type VerifyOutcome = 'verified_removed' | 'still_online' | 'not_awaiting' | 'missing';

/** What re-fetching the page says: gone (404/410, or no product on it any more) or still there. */
export async function probeListing(url: string, userAgent: string, signal?: AbortSignal): Promise<{ gone: boolean; status: number }> {
  const res = await fetch(url, { headers: { 'user-agent': userAgent }, redirect: 'follow', signal });
  if (res.status === 404 || res.status === 410) return { gone: true, status: res.status };
  // 5xx, 429, 403: the shop is unwell or blocks us; that says nothing about the listing. Thrown → retried with backoff.
  if (!res.ok) throw Object.assign(new Error(`GET ${url} answered ${res.status}; cannot tell whether the listing is gone`), { code: `HTTP_${res.status}` });
  const body = await res.text();
  // A removed listing often redirects to a category or search page: no Product data there means gone.
  const products = extractJsonLdListings(body, { url: res.url || url, platform: 'verify', fetchedAt: new Date().toISOString() });
  return { gone: products.length === 0, status: res.status };
}

/**
 * The takedown-verify stage: re-fetch the listing of a sent notice; 404/410 or
 * no product → listing marked removed and the request `verified_removed`;
 * still there → `still_online`. Both writes are idempotent.
 */
export async function verifyTakedown(ctx: PipelineContext, takedownId: number, opts: { now?: Date; signal?: AbortSignal } = {}): Promise<VerifyOutcome> {
  const repo = ctx.repos.takedownVerification;
  const t = await repo.target(takedownId);
  if (!t) return 'missing';
  const awaiting: TakedownStatus[] = ['sent', 'acknowledged', 'removed', 'still_online', 'escalated'];
  if (!awaiting.includes(t.status)) return 'not_awaiting';
  const now = opts.now ?? new Date();
  const probe = await probeListing(t.url, ctx.config.userAgent, opts.signal);
  if (probe.gone) {
    await ctx.repos.listings.markRemoved(t.listingId, now);
    await repo.transition(takedownId, t.status, 'verified_removed', now, { httpStatus: probe.status, url: t.url });
    return 'verified_removed';
  }
  await ctx.repos.listings.touch(t.listingId);
  if (t.status !== 'still_online' && t.status !== 'escalated') {
    await repo.transition(takedownId, t.status, 'still_online', now, { httpStatus: probe.status, url: t.url });
  }
  return 'still_online';
}
