import { LABELS, type Expected, type Label } from '../../domain/labels.js';
import { parseListing } from '../../domain/listing.js';
import type { LabeledExample } from '../../classifiers/text-model/trainer.js';

/** One reviewed case as the database holds it: the listing as it was when decided, the case labels, the outcome. */
export interface ReviewedCase {
  caseId: number;
  listingId: string;
  status: 'confirmed' | 'dismissed';
  labels: string[];
  data: unknown;
}

export interface DecisionExamples {
  examples: LabeledExample[];
  /** Cases whose stored listing no longer parses (schema drift), with the reason: reported, not trained on. */
  rejected: Array<{ caseId: number; listingId: string; reason: string }>;
}

/**
 * Reviewer decisions → labeled examples for active learning. A confirmed case
 * is a positive for the labels it was opened with and a negative for the rest
 * (the reviewer saw the whole listing); a dismissed case is a negative for
 * every label. Escalated cases are undecided and never reach here.
 */
export function examplesFromDecisions(rows: ReviewedCase[]): DecisionExamples {
  const examples: LabeledExample[] = [];
  const rejected: DecisionExamples['rejected'] = [];
  for (const r of rows) {
    let listing;
    try {
      listing = parseListing(r.data);
    } catch (e) {
      rejected.push({ caseId: r.caseId, listingId: r.listingId, reason: (e as Error).message.split('\n')[0] });
      continue;
    }
    const confirmed = new Set(r.status === 'confirmed' ? r.labels : []);
    const expected = Object.fromEntries(LABELS.map((l: Label) => [l, confirmed.has(l)])) as Expected;
    examples.push({ listing, expected });
  }
  return { examples, rejected };
}
