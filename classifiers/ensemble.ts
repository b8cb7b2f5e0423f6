import { LABELS, type Evidence, type Label, type Prediction, type RiskLevel, type Verdict } from '../domain/labels.js';
import type { Classifier, ClassifyInput } from './classifier.js';

export interface LabelThreshold {
  flag: number;
  high: number;
}
export type Thresholds = Record<Label, LabelThreshold>;

/** How much each classifier counts per label; a classifier absent from a label's map has weight 1. */
export type EnsembleWeights = Partial<Record<string, Partial<Record<Label, number>>>>;

/**
 * Combines classifier predictions into one verdict: a weighted mean of the
 * scores of the classifiers that speak to each label, flagged against
 * per-label thresholds, with risk from the highest flagged score.
 */
export function combine(id: string, preds: Prediction[], classifiers: Classifier[], thresholds: Thresholds, weights: EnsembleWeights = {}): Verdict {
  const labels = {} as Verdict['labels'];
  for (const label of LABELS) {
    let sum = 0;
    let wsum = 0;
    preds.forEach((p, i) => {
      if (!classifiers[i]?.labels.includes(label)) return;
      const w = weights[p.classifier]?.[label] ?? 1;
      if (w <= 0) return;
      sum += w * p.scores[label];
      wsum += w;
    });
    const score = wsum ? round(sum / wsum) : 0;
    labels[label] = { score, flagged: score >= thresholds[label].flag };
  }
  const risk = riskOf(labels, thresholds);
  const evidence: Evidence[] = preds.flatMap((p) => p.evidence);
  return { id, labels, risk, evidence, classifiers: preds.map((p) => ({ name: p.classifier, version: p.version })) };
}

export function riskOf(labels: Verdict['labels'], thresholds: Thresholds): RiskLevel {
  let risk: RiskLevel = 'low';
  for (const label of LABELS) {
    if (!labels[label].flagged) continue;
    if (labels[label].score >= thresholds[label].high) return 'high';
    risk = 'medium';
  }
  return risk;
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/** Runs every classifier on a batch (batched where the classifier supports it); result[i][c] is classifier c on input i. */
export async function runClassifiers(inputs: ClassifyInput[], classifiers: Classifier[]): Promise<Prediction[][]> {
  const perClassifier: Prediction[][] = [];
  for (const c of classifiers) {
    if (c.classifyBatch) perClassifier.push(await c.classifyBatch(inputs));
    else {
      const out: Prediction[] = [];
      for (const input of inputs) out.push(await c.classify(input));
      perClassifier.push(out);
    }
  }
  return inputs.map((_, i) => perClassifier.map((p) => p[i]));
}

export interface Classified {
  verdict: Verdict;
  predictions: Prediction[];
}

/** Classifies a batch and combines each listing's predictions into a verdict. */
export async function classifyAll(
  inputs: ClassifyInput[],
  classifiers: Classifier[],
  thresholds: Thresholds,
  weights?: EnsembleWeights,
): Promise<Classified[]> {
  const preds = await runClassifiers(inputs, classifiers);
  return inputs.map((input, i) => ({ verdict: combine(input.listing.id, preds[i], classifiers, thresholds, weights), predictions: preds[i] }));
}
