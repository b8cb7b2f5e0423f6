import type { Classified } from '../ensemble.js';
import { LABELS, type Expected, type Label } from '../../domain/labels.js';
import type { Listing } from '../../domain/listing.js';

/**
 * One wrong call of the combined model: what an analyst needs to decide whether
 * the rule, the threshold or the label is at fault, without re-running anything.
 */
export interface Mistake {
  id: string;
  language: string;
  label: Label;
  kind: 'false_positive' | 'false_negative';
  score: number;
  threshold: number;
  /** Each classifier's own score for this label. */
  classifierScores: Record<string, number>;
  /** Evidence the classifiers gave for this label (empty for most false negatives: that is the point). */
  evidence: Array<{ field: string; span: string; classifier: string; rule?: string; score: number }>;
  title: string;
}

export function findMistakes(
  rows: Array<{ listing: Listing; expected: Expected }>,
  results: Classified[],
  thresholds: Record<Label, { flag: number }>,
): Mistake[] {
  const out: Mistake[] = [];
  rows.forEach(({ listing, expected }, i) => {
    const { verdict, predictions } = results[i];
    for (const label of LABELS) {
      const flagged = verdict.labels[label].flagged;
      if (flagged === expected[label]) continue;
      out.push({
        id: listing.id,
        language: listing.language,
        label,
        kind: flagged ? 'false_positive' : 'false_negative',
        score: round(verdict.labels[label].score),
        threshold: thresholds[label].flag,
        classifierScores: Object.fromEntries(predictions.map((p) => [`${p.classifier}@${p.version}`, round(p.scores[label])])),
        evidence: predictions
          .flatMap((p) => p.evidence)
          .filter((e) => e.label === label)
          .map((e) => ({ field: e.field, span: e.span, classifier: e.classifier, rule: e.rule, score: round(e.score) })),
        title: listing.title,
      });
    }
  });
  return out;
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
