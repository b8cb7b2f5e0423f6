import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassifyInput } from '../../../../classifiers/classifier.js';
import { EmbeddingClassifier } from '../../../../classifiers/transformers/embedding-classifier.js';
import { trainEmbeddingHead, type EmbeddingHead } from '../../../../classifiers/transformers/embedding-head.js';
import { trainHeadFromTexts } from '../../../../classifiers/transformers/head-training.js';
import { createTransformersTextEncoder, type TransformersTextEncoder } from '../../../../classifiers/transformers/text-encoder.js';
import { LABELS } from '../../../../domain/labels.js';
import { expectInUnitRange, FAKE_REVISION, listings, offlineSettings, tempDir, tinyEmbedder } from './helpers.js';

describe('when listings are classified with the embedding head on the tiny random embedder', () => {
  const tmp = tempDir('emb-clf');
  let encoder: TransformersTextEncoder;
  let head: EmbeddingHead;
  let clf: EmbeddingClassifier;
  const inputs: ClassifyInput[] = listings().map((listing) => ({ listing }));
  inputs[0]!.ocr = [{ imageIndex: 0, text: 'Chữa khỏi tiểu đường', words: [], language: 'vie', engine: 'test', engineVersion: '0', sha256: 'x' }];

  beforeAll(async () => {
    encoder = await createTransformersTextEncoder(tinyEmbedder, offlineSettings(tmp.dir), { batchSize: 4 });
    // A head over the random model's real vectors; the labels are arbitrary, only the plumbing is under test.
    const texts = ['a', 'bb', 'ccc', 'dddd', 'eeeee', 'ffffff', 'ggggggg', 'hhhhhhhh'];
    const vectors = await encoder.encode(texts);
    head = trainEmbeddingHead(
      vectors.map((vector, i) => ({ vector, labels: { false_health_claim: i % 2 === 0, mislabeled_food: i < 4 } })),
      { modelId: tinyEmbedder.id, revision: FAKE_REVISION, version: 'test-7', labels: ['false_health_claim', 'mislabeled_food'], epochs: 50 },
    );
    clf = new EmbeddingClassifier(encoder, head, { batchSize: 4 });
  });
  afterAll(async () => {
    await clf.close();
    tmp.remove();
  });

  it('reports its name, the head version and the head labels', () => {
    expect(clf.name).toBe('embedding-head');
    expect(clf.version).toBe('test-7');
    expect(clf.labels).toEqual(['false_health_claim', 'mislabeled_food']);
  });

  it('scores every label in [0,1] and gives the top segment of each head label as evidence', async () => {
    const p = await clf.classify(inputs[0]!);
    expect(p.classifier).toBe('embedding-head');
    expect(p.version).toBe('test-7');
    for (const l of LABELS) expectInUnitRange(p.scores[l]);
    expect(p.scores.missing_certificate).toBe(0);
    expect(p.evidence.map((e) => e.label).sort()).toEqual(['false_health_claim', 'mislabeled_food']);
    const fields = ['title', 'description', 'labelClaims[0]', 'labelClaims[1]', 'ingredients', 'images[0].ocr'];
    for (const e of p.evidence) {
      expect(fields).toContain(e.field);
      expect(e.span.length).toBeGreaterThan(0);
      expect(e.score).toBe(p.scores[e.label as 'false_health_claim']);
      expect(e).toMatchObject({ classifier: 'embedding-head', version: 'test-7', rule: 'tiny-random-embedder' });
    }
  });

  it('gives the same predictions batched as one listing at a time', async () => {
    const batched = await clf.classifyBatch(inputs);
    expect(batched).toHaveLength(inputs.length);
    for (const [i, input] of inputs.entries()) {
      const single = await clf.classify(input);
      for (const l of LABELS) expect(Math.abs(batched[i]!.scores[l] - single.scores[l])).toBeLessThan(1e-4);
      expect(batched[i]!.evidence.map((e) => e.field)).toEqual(single.evidence.map((e) => e.field));
    }
  });

  it('trains a head from texts that names the encoder model and revision', async () => {
    const texts = ['Chữa khỏi tiểu đường', 'Trà xanh', 'Cures cancer', 'Green tea', '降血糖神药', '绿茶'];
    const trained = await trainHeadFromTexts(
      encoder,
      texts.map((text, i) => ({ text, labels: { false_health_claim: i % 2 === 0 } })),
      { version: 'from-texts', labels: ['false_health_claim'], epochs: 20 },
    );
    expect(trained.artifact).toMatchObject({ modelId: tinyEmbedder.id, revision: tinyEmbedder.revision, dimension: encoder.dimension });
    const c = new EmbeddingClassifier(encoder, trained);
    expect(c.version).toBe('from-texts');
  });

  it('refuses a head trained on another model', () => {
    const other = trainEmbeddingHead(
      [{ vector: new Float32Array(encoder.dimension!), labels: { false_health_claim: true } }, { vector: new Float32Array(encoder.dimension!).fill(0.1), labels: { false_health_claim: false } }],
      { modelId: 'Xenova/multilingual-e5-small', revision: FAKE_REVISION, version: 'x', labels: ['false_health_claim'], epochs: 1 },
    );
    expect(() => new EmbeddingClassifier(encoder, other)).toThrow(expect.objectContaining({ code: 'HEAD_MODEL_MISMATCH' }));
  });
});
