import { describe, expect, it } from 'vitest';
import { FeatureExtractor, copySparse } from '../../../../classifiers/text-model/features.js';
import { decodeModel, dequantise, encodeModel, margin, quantise, sigmoid, trainLogistic } from '../../../../classifiers/text-model/logistic.js';
import { syntheticCorpus } from './synthetic.js';

const fx = new FeatureExtractor({ ...new FeatureExtractor().params, bits: 16 });
const corpus = syntheticCorpus(240);
const train = corpus.slice(0, 180);
const held = corpus.slice(180);
const X = train.map((e) => copySparse(fx.extract({ listing: e.listing })));
const Xh = held.map((e) => copySparse(fx.extract({ listing: e.listing })));

describe('when logistic regression is trained on a small synthetic corpus', () => {
  it.each(['false_health_claim', 'missing_certificate', 'mislabeled_food'] as const)('separates held-out listings for %s', (label) => {
    const m = trainLogistic(X, train.map((e) => (e.expected[label] ? 1 : 0)), fx.dims, { epochs: 15, seed: 3 });
    let right = 0;
    held.forEach((e, i) => {
      if (sigmoid(margin(m, Xh[i].idx, Xh[i].val)) >= 0.5 === e.expected[label]) right++;
    });
    expect(right / held.length).toBeGreaterThan(0.9);
  });

  it('is deterministic for a seed', () => {
    const y = train.map((e) => (e.expected.false_health_claim ? 1 : 0));
    const a = trainLogistic(X, y, fx.dims, { epochs: 3, seed: 5 });
    const b = trainLogistic(X, y, fx.dims, { epochs: 3, seed: 5 });
    expect(a.bias).toBe(b.bias);
    expect(Buffer.from(a.weights.buffer).equals(Buffer.from(b.weights.buffer))).toBe(true);
  });

  it('round-trips the quantised weights through the compact encoding exactly', () => {
    const m = trainLogistic(X, train.map((e) => (e.expected.mislabeled_food ? 1 : 0)), fx.dims, { epochs: 3 });
    const q = quantise(m, 1e-3);
    const back = decodeModel(JSON.parse(JSON.stringify(encodeModel(q))));
    expect(Array.from(back.idx)).toEqual(Array.from(q.idx));
    expect(Array.from(back.q)).toEqual(Array.from(q.q));
    const d = dequantise(back, fx.dims);
    // Quantisation error is tiny next to the margin.
    expect(Math.abs(margin(d, Xh[0].idx, Xh[0].val) - margin(m, Xh[0].idx, Xh[0].val))).toBeLessThan(0.05);
  });
});
