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
 * Stacking: per label, a logistic regression over the logits of the scores of
 * the classifiers (fitted on a calibration split, see ensemble-fit.ts), so the
 * combined score is itself a calibrated probability. A classifier the combiner
 * knows but that did not run counts with `fill` (its mean logit at fit time).
 */
export interface StackingCombiner {
  method: 'stacking';
  labels: Partial<Record<Label, { bias: number; weights: Record<string, number>; fill: Record<string, number> }>>;
}

/** What `combine` accepts: per-classifier weights for a weighted mean, or a fitted stacking combiner. */
export type Combiner = EnsembleWeights | StackingCombiner;

export function isStacking(c: Combiner | undefined): c is StackingCombiner {
  return !!c && (c as { method?: unknown }).method === 'stacking';
}

// Scores are clipped before the logit so a hard 0 or 1 from a rule stays finite.
const LOGIT_CLIP = 1e-3;
export function scoreLogit(s: number): number {
  const p = Math.min(1 - LOGIT_CLIP, Math.max(LOGIT_CLIP, s));
  return Math.log(p / (1 - p));
}

function stacked(label: Label, preds: Prediction[], classifiers: Classifier[], c: StackingCombiner): number | undefined {
  const m = c.labels[label];
  if (!m) return undefined;
  let z = m.bias;
  for (const [name, w] of Object.entries(m.weights)) {
    const i = preds.findIndex((p, k) => p.classifier === name && classifiers[k]?.labels.includes(label));
    z += w * (i >= 0 ? scoreLogit(preds[i].scores[label]) : (m.fill[name] ?? 0));
  }
  return 1 / (1 + Math.exp(-z));
}

/**
 * Combines classifier predictions into one verdict: a weighted mean of the
 * scores of the classifiers that speak to each label (or, given a stacking
 * combiner, its calibrated probability), flagged against per-label thresholds,
 * with risk from the highest flagged score.
 */
export function combine(id: string, preds: Prediction[], classifiers: Classifier[], thresholds: Thresholds, weights: Combiner = {}): Verdict {
  const labels = {} as Verdict['labels'];
  for (const label of LABELS) {
    const st = isStacking(weights) ? stacked(label, preds, classifiers, weights) : undefined;
    if (st !== undefined) {
      const score = round(st);
      labels[label] = { score, flagged: score >= thresholds[label].flag };
      continue;
    }
    const mean = isStacking(weights) ? {} : weights;
    let sum = 0;
    let wsum = 0;
    preds.forEach((p, i) => {
      if (!classifiers[i]?.labels.includes(label)) return;
      const w = mean[p.classifier]?.[label] ?? 1;
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
      for (const input of inputs) {
        const p = c.classify(input);
        // A synchronous classifier's result is used as is: no microtask per listing and classifier.
        out.push(p instanceof Promise ? await p : p);
      }
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
  weights?: Combiner,
): Promise<Classified[]> {
  const preds = await runClassifiers(inputs, classifiers);
  return inputs.map((input, i) => ({ verdict: combine(input.listing.id, preds[i], classifiers, thresholds, weights), predictions: preds[i] }));
}
