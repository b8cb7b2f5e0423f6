import type { ScoredCase } from '../db/repositories/analytics.repository.js';

export interface ThresholdPreview {
  threshold: number;
  /** Open cases whose score for the label is at or above the threshold. */
  openFlagged: number;
  openTotal: number;
  /** Reviewed (confirmed or dismissed) cases at or above the threshold. */
  pastFlagged: number;
  pastTotal: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number | null;
  recall: number | null;
}

/**
 * Precision and recall a threshold implies on the reviewed cases. Recall is
 * relative to cases that were reviewed at all (the queue only ever held
 * listings above the earlier threshold), so it overstates true recall.
 */
export function previewThreshold(cases: ScoredCase[], t: number): ThresholdPreview {
  let openFlagged = 0;
  let openTotal = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let pastTotal = 0;
  for (const c of cases) {
    const hit = c.score >= t;
    if (c.positive === null) {
      openTotal++;
      if (hit) openFlagged++;
      continue;
    }
    pastTotal++;
    if (c.positive && hit) tp++;
    else if (c.positive) fn++;
    else if (hit) fp++;
  }
  return {
    threshold: t,
    openFlagged,
    openTotal,
    pastFlagged: tp + fp,
    pastTotal,
    tp,
    fp,
    fn,
    precision: tp + fp ? round(tp / (tp + fp)) : null,
    recall: tp + fn ? round(tp / (tp + fn)) : null,
  };
}

/** Score histogram of reviewed cases, confirmed vs dismissed, in `bins` equal bins over [0, 1]. */
export function scoreHistogram(cases: ScoredCase[], bins = 20) {
  const confirmed = new Array<number>(bins).fill(0);
  const dismissed = new Array<number>(bins).fill(0);
  for (const c of cases) {
    if (c.positive === null) continue;
    const b = Math.min(bins - 1, Math.max(0, Math.floor(c.score * bins)));
    (c.positive ? confirmed : dismissed)[b]++;
  }
  const edges = Array.from({ length: bins }, (_, i) => round(i / bins));
  return { edges, confirmed, dismissed };
}

/** Precision-recall points at every distinct reviewed score (plus the ends), highest threshold first. */
export function prCurve(cases: ScoredCase[]) {
  const reviewed = cases.filter((c) => c.positive !== null).sort((a, b) => b.score - a.score);
  const positives = reviewed.filter((c) => c.positive).length;
  const points: Array<{ threshold: number; precision: number; recall: number }> = [];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < reviewed.length; i++) {
    if (reviewed[i].positive) tp++;
    else fp++;
    if (i + 1 < reviewed.length && reviewed[i + 1].score === reviewed[i].score) continue;
    points.push({ threshold: reviewed[i].score, precision: round(tp / (tp + fp)), recall: positives ? round(tp / positives) : 0 });
  }
  return points;
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
