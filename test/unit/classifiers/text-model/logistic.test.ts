import { describe, expect, it } from 'vitest';
import { FeatureExtractor, copySparse } from '../../../../classifiers/text-model/features.js';
import { DEFAULT_LEARNING_RATES, decodeModel, dequantise, encodeModel, margin, prng, quantise, selectLearningRate, sigmoid, trainLogistic } from '../../../../classifiers/text-model/logistic.js';
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

  it.each(['false_health_claim', 'missing_certificate', 'mislabeled_food'] as const)('keeps every held-out prediction for %s through quantise → encode → decode → dequantise', (label) => {
    const m = trainLogistic(X, train.map((e) => (e.expected[label] ? 1 : 0)), fx.dims, { epochs: 15, seed: 3 });
    const d = dequantise(decodeModel(JSON.parse(JSON.stringify(encodeModel(quantise(m, 2e-3))))), fx.dims);
    Xh.forEach((r) => {
      const before = margin(m, r.idx, r.val);
      const after = margin(d, r.idx, r.val);
      expect(Math.abs(after - before)).toBeLessThan(0.05);
      expect(sigmoid(after) >= 0.5).toBe(sigmoid(before) >= 0.5);
    });
  });
});

describe('when the learning rate is chosen by cross-validation on the training rows', () => {
  it.each(['false_health_claim', 'missing_certificate', 'mislabeled_food'] as const)('keeps the largest rate for clean, separable labels (%s)', (label) => {
    const y = train.map((e) => (e.expected[label] ? 1 : 0));
    const picked = selectLearningRate(X, y, fx.dims, { epochs: 15, seed: 3 });
    expect(picked.learningRate).toBe(Math.max(...DEFAULT_LEARNING_RATES));
    expect(Object.keys(picked.cvLogLoss).map(Number).sort()).toEqual([...DEFAULT_LEARNING_RATES].sort());
  });

  // With 30 % of the labels flipped, a large rate memorises the noise (the held-out
  // log-loss of rate 0.4 is far above chance); the choice must fall to a small rate,
  // and its cross-validated log-loss must be close to chance rather than above it.
  it.each(['false_health_claim', 'missing_certificate', 'mislabeled_food'] as const)('picks a small rate when the labels are noisy (%s)', (label) => {
    const rand = prng(9);
    const y = train.map((e) => (e.expected[label] ? 1 : 0)).map((v) => (rand() < 0.3 ? 1 - v : v));
    const picked = selectLearningRate(X, y, fx.dims, { epochs: 15, seed: 3 });
    expect(picked.learningRate).toBeLessThanOrEqual(0.03);
    expect(picked.cvLogLoss['0.4']).toBeGreaterThan(Math.LN2);
    expect(Math.min(...Object.values(picked.cvLogLoss))).toBeLessThan(0.75);
  });

  it('is deterministic and honours an explicit grid', () => {
    const y = train.map((e) => (e.expected.mislabeled_food ? 1 : 0));
    expect(selectLearningRate(X, y, fx.dims, { epochs: 3, grid: [0.2, 0.05] })).toEqual(selectLearningRate(X, y, fx.dims, { epochs: 3, grid: [0.2, 0.05] }));
    expect(selectLearningRate(X, y, fx.dims, { epochs: 3, grid: [0.07] })).toEqual({ learningRate: 0.07, cvLogLoss: {} });
  });
});
