import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  EmbeddingHead,
  evaluate,
  findHeadFile,
  headFileName,
  loadEmbeddingHead,
  saveEmbeddingHead,
  trainEmbeddingHead,
  type TrainingExample,
} from '../../../../classifiers/transformers/embedding-head.js';
import { expectInUnitRange, FAKE_REVISION, tempDir } from './helpers.js';

/** Deterministic PRNG (mulberry32) so the synthetic set is the same on every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Unit vectors around two centres per label: linearly separable by construction. */
function syntheticSet(n: number, dim: number, seed: number): TrainingExample[] {
  const r = rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
  const out: TrainingExample[] = [];
  for (let i = 0; i < n; i++) {
    const claim = r() < 0.3;
    const cert = r() < 0.5;
    const v = Array.from({ length: dim }, () => gauss() * 0.3);
    v[0]! += claim ? 1.5 : -1.5;
    v[1]! += cert ? 1.5 : -1.5;
    const norm = Math.hypot(...v);
    out.push({ vector: Float32Array.from(v.map((x) => x / norm)), labels: { false_health_claim: claim, missing_certificate: cert } });
  }
  return out;
}

const meta = { modelId: 'tiny-random-embedder', revision: FAKE_REVISION, version: '1', labels: ['false_health_claim', 'missing_certificate'] as const };

describe('when a head is trained on a separable synthetic set', () => {
  const train = syntheticSet(300, 16, 1);
  const holdout = syntheticSet(200, 16, 2);
  const head = trainEmbeddingHead(train, { ...meta, holdout, now: () => new Date('2025-01-01T00:00:00Z') });

  it('reaches more than 0.95 accuracy on held-out vectors for every label', () => {
    for (const l of meta.labels) {
      expect(evaluate(head, holdout, l).accuracy).toBeGreaterThan(0.95);
      expect(head.artifact.metrics.perLabel[l]!.accuracy).toBeGreaterThan(0.95);
    }
    expect(head.artifact.metrics.on).toBe('holdout');
  });

  it('scores only its labels, each in [0,1]', () => {
    const s = head.score(holdout[0]!.vector);
    expect(Object.keys(s).sort()).toEqual([...meta.labels].sort());
    for (const v of Object.values(s)) expectInUnitRange(v);
  });

  it('records model, revision, version and training settings in the artifact', () => {
    expect(head.artifact).toMatchObject({ schema: 'shelfwatch.embedding-head/v1', modelId: meta.modelId, revision: FAKE_REVISION, version: '1', dimension: 16 });
    expect(head.artifact.training.examples).toBe(300);
  });
});

describe('when a head is saved and loaded', () => {
  const tmp = tempDir('head');
  afterAll(tmp.remove);
  const head = trainEmbeddingHead(syntheticSet(100, 8, 3), { ...meta, epochs: 50 });

  it('round-trips the artifact and its scores exactly', () => {
    const file = saveEmbeddingHead(head, path.join(tmp.dir, headFileName(meta.modelId, '1')));
    const loaded = loadEmbeddingHead(file);
    expect(loaded.artifact).toEqual(head.artifact);
    const v = syntheticSet(1, 8, 9)[0]!.vector;
    expect(loaded.score(v)).toEqual(head.score(v));
    expect(JSON.parse(readFileSync(file, 'utf8')).schema).toBe('shelfwatch.embedding-head/v1');
  });

  it('finds the newest version of a model head by number, not by string order', () => {
    saveEmbeddingHead(head, path.join(tmp.dir, headFileName(meta.modelId, '2')));
    saveEmbeddingHead(head, path.join(tmp.dir, headFileName(meta.modelId, '10')));
    expect(findHeadFile(meta.modelId, tmp.dir)).toBe(path.join(tmp.dir, 'embedding-head.tiny-random-embedder.v10.json'));
    expect(findHeadFile('other/model', tmp.dir)).toBeUndefined();
  });

  it('rejects a corrupted artifact with HEAD_INVALID', () => {
    const bad = { ...head.artifact, dimension: 9 };
    expect(() => new EmbeddingHead(bad)).toThrow(expect.objectContaining({ code: 'HEAD_INVALID' }));
  });
});

describe('when a head meets the wrong encoder or bad training data', () => {
  const head = trainEmbeddingHead(syntheticSet(60, 8, 4), { ...meta, epochs: 20 });

  it('refuses an encoder of another model', () => {
    expect(() => head.assertFits({ modelId: 'other', revision: FAKE_REVISION, dimension: 8 })).toThrow(
      expect.objectContaining({ code: 'HEAD_MODEL_MISMATCH' }),
    );
  });

  it('refuses vectors of another dimension', () => {
    expect(() => head.score(new Float32Array(3))).toThrow(expect.objectContaining({ code: 'HEAD_MODEL_MISMATCH' }));
  });

  it('refuses to train a label that has no positive example', () => {
    const set = syntheticSet(20, 8, 5).map((e) => ({ ...e, labels: { ...e.labels, mislabeled_food: false } }));
    expect(() => trainEmbeddingHead(set, { ...meta, labels: ['mislabeled_food'] })).toThrow(/needs both/);
  });
});
