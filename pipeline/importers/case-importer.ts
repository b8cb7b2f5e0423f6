import { LABELS, type Verdict } from '../../domain/labels.js';
import type { Listing } from '../../domain/listing.js';
import type { CaseRepository } from '../../db/repositories/case.repository.js';

export type ImportOutcome = 'opened' | 'refreshed' | 'duplicate' | 'already_reviewed' | 'not_flagged';

/**
 * Turns a verdict into a review case, robotoff-style: deduplicated per listing
 * content version, an open case is refreshed with newer content, and a case a
 * human already decided is never overwritten.
 */
export async function importVerdict(
  cases: CaseRepository,
  listing: Listing,
  verdict: Verdict,
  opts: { thresholdVersion?: number; source?: string; force?: boolean } = {},
): Promise<{ outcome: ImportOutcome; caseId?: number }> {
  const flagged = LABELS.filter((l) => verdict.labels[l].flagged);
  if (!flagged.length && !opts.force) return { outcome: 'not_flagged' };

  const same = await cases.forContent(listing.id, listing.contentHash);
  if (same) return { outcome: same.status === 'open' ? 'duplicate' : 'already_reviewed', caseId: same.id };

  const scores = Object.fromEntries(LABELS.map((l) => [l, verdict.labels[l].score]));
  const row = {
    listingId: listing.id,
    contentHash: listing.contentHash,
    labels: flagged,
    scores,
    risk: opts.force && verdict.risk === 'low' ? ('high' as const) : verdict.risk,
    maxScore: Math.max(0, ...flagged.map((l) => verdict.labels[l].score)),
    evidence: verdict.evidence.filter((e) => e.label !== 'info' || e.rule?.includes('mandatory')),
    source: opts.source,
    thresholdVersion: opts.thresholdVersion,
  };
  const open = await cases.openFor(listing.id);
  if (open) {
    await cases.refreshOpen(open.id, row);
    return { outcome: 'refreshed', caseId: open.id };
  }
  const id = await cases.insert(row);
  // A concurrent run may have inserted the same content version first.
  return id ? { outcome: 'opened', caseId: id } : { outcome: 'duplicate' };
}
