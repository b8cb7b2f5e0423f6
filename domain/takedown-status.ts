/** Same union as db/schema/takedown-requests.ts (kept here so domain code needs no database import). */
export type TakedownStatus = 'draft' | 'sent' | 'acknowledged' | 'removed' | 'verified_removed' | 'still_online' | 'escalated';

/** Allowed moves of a takedown request; verified_removed and still_online are set by re-crawl checks. */
export const TAKEDOWN_TRANSITIONS: Record<TakedownStatus, TakedownStatus[]> = {
  draft: ['sent'],
  sent: ['acknowledged', 'removed', 'verified_removed', 'still_online'],
  acknowledged: ['removed', 'verified_removed', 'still_online'],
  removed: ['verified_removed', 'still_online'],
  still_online: ['escalated', 'verified_removed', 'sent'],
  escalated: ['sent', 'verified_removed'],
  verified_removed: ['still_online'],
};

export function canTransition(from: TakedownStatus, to: TakedownStatus): boolean {
  return TAKEDOWN_TRANSITIONS[from]?.includes(to) ?? false;
}

/** What a re-crawl says about a sent notice. Pure: the caller supplies the listing state and the clock. */
export function recrawlOutcome(
  t: { status: TakedownStatus; sentAt: Date | null },
  listing: { status: 'active' | 'removed'; lastSeenAt: Date },
  now: Date,
  stillOnlineAfterDays: number,
): TakedownStatus | undefined {
  if (!['sent', 'acknowledged', 'removed'].includes(t.status) || !t.sentAt) return undefined;
  if (listing.status === 'removed') return 'verified_removed';
  const dueAt = t.sentAt.getTime() + stillOnlineAfterDays * 86_400_000;
  if (listing.lastSeenAt.getTime() > t.sentAt.getTime() && now.getTime() >= dueAt) return 'still_online';
  return undefined;
}
