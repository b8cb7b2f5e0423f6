import { describe, expect, it } from 'vitest';
import type { Classifier } from '../../../classifiers/classifier.js';
import { bestF1Threshold, fitStacking, type StackingSample } from '../../../classifiers/ensemble-fit.js';
import { combine, type StackingCombiner, type Thresholds } from '../../../classifiers/ensemble.js';
import { prng } from '../../../classifiers/text-model/logistic.js';
import { LABELS, type Label, type Prediction } from '../../../domain/labels.js';

const T: Thresholds = { false_health_claim: { flag: 0.5, high: 0.85 }, missing_certificate: { flag: 0.5, high: 0.9 }, mislabeled_food: { flag: 0.5, high: 0.85 } };
const clf = (name: string, labels: readonly Label[] = LABELS): Classifier => ({ name, version: '1', labels, classify: () => { throw new Error('not used'); } });
const pred = (name: string, s: number): Prediction => ({ classifier: name, version: '1', scores: { false_health_claim: s, missing_certificate: s, mislabeled_food: s }, evidence: [] });

describe('when predictions are combined by weights', () => {
  it('takes the weighted mean of the classifiers that speak to a label', () => {
    const v = combine('x', [pred('a', 0.9), pred('b', 0.3)], [clf('a'), clf('b')], T, { a: { false_health_claim: 3 } });
    expect(v.labels.false_health_claim.score).toBeCloseTo(0.75, 4);
    expect(v.labels.missing_certificate.score).toBeCloseTo(0.6, 4);
    expect(v.labels.false_health_claim.flagged).toBe(true);
    expect(v.risk).toBe('medium');
  });

  it('ignores a classifier for labels it has no opinion on', () => {
    const v = combine('x', [pred('a', 0.9), pred('b', 0.1)], [clf('a'), clf('b', ['false_health_claim'])], T);
    expect(v.labels.mislabeled_food.score).toBe(0.9);
    expect(v.labels.false_health_claim.score).toBe(0.5);
  });
});

describe('when predictions are combined by a stacking combiner', () => {
  const rand = prng(11);
  // Classifier a is informative, b is noise.
  const samples: StackingSample[] = Array.from({ length: 400 }, () => {
    const y = rand() < 0.4;
    const a = Math.min(0.99, Math.max(0.01, (y ? 0.7 : 0.3) + (rand() - 0.5) * 0.5));
    return { scores: { a, b: rand() }, y };
  });
  const per = Object.fromEntries(LABELS.map((l) => [l, samples])) as Record<Label, StackingSample[]>;
  const names = Object.fromEntries(LABELS.map((l) => [l, ['a', 'b']])) as Record<Label, string[]>;
  const stack: StackingCombiner = fitStacking(per, names);

  it('learns to trust the informative classifier', () => {
    const m = stack.labels.false_health_claim!;
    expect(m.weights.a).toBeGreaterThan(1);
    expect(Math.abs(m.weights.b)).toBeLessThan(0.5);
  });

  it('gives probabilities in [0,1] that rise with the informative score', () => {
    let prev = -1;
    for (let s = 0; s <= 1.0001; s += 0.05) {
      const v = combine('x', [pred('a', s), pred('b', 0.5)], [clf('a'), clf('b')], T, stack);
      const p = v.labels.false_health_claim.score;
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
      expect(p).toBeGreaterThanOrEqual(prev);
      prev = p;
    }
    expect(prev).toBeGreaterThan(0.9);
  });

  it('fills in a classifier that did not run with its mean', () => {
    const v = combine('x', [pred('a', 0.95)], [clf('a')], T, stack);
    expect(v.labels.false_health_claim.score).toBeGreaterThan(0.8);
  });
});

describe('when a flag threshold is picked', () => {
  it('maximises F1 and falls between two scores', () => {
    const scores = [0.95, 0.9, 0.8, 0.6, 0.4, 0.3, 0.1];
    const y = [true, true, true, false, true, false, false];
    const best = bestF1Threshold(scores, y);
    expect(best.f1).toBeCloseTo(8 / 9, 4);
    expect(best.threshold).toBeGreaterThan(0.3);
    expect(best.threshold).toBeLessThanOrEqual(0.4);
  });
});
