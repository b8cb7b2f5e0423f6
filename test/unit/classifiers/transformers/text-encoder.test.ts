import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTransformersTextEncoder,
  toNumberArrays,
  type TransformersTextEncoder,
} from '../../../../classifiers/transformers/text-encoder.js';
import { offlineSettings, tempDir, tinyEmbedder } from './helpers.js';

const texts = [
  'Viên uống giảm cân cấp tốc, chữa khỏi tiểu đường',
  'hi',
  '100% natural herbal tea cures cancer in 7 days, approved by doctors worldwide',
  '降血糖神药，三天见效',
  '홍삼 진액 면역력',
  'Organic green tea',
  'x',
];

describe('when texts are encoded with the tiny random embedder', () => {
  const tmp = tempDir('encoder');
  let encoder: TransformersTextEncoder;
  beforeAll(async () => {
    encoder = await createTransformersTextEncoder(tinyEmbedder, offlineSettings(tmp.dir), { batchSize: 4 });
  });
  afterAll(async () => {
    await encoder.close();
    tmp.remove();
  });

  it('returns one finite vector per text, all of one dimension', async () => {
    const vectors = await encoder.encode(texts);
    expect(vectors).toHaveLength(texts.length);
    const dim = vectors[0]!.length;
    expect(dim).toBeGreaterThan(0);
    expect(encoder.dimension).toBe(dim);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(dim);
      expect(v.every(Number.isFinite)).toBe(true);
    }
  });

  it('returns unit-length vectors when the entry asks for normalisation', async () => {
    for (const v of await encoder.encode(texts)) {
      expect(Math.hypot(...v)).toBeCloseTo(1, 4);
    }
  });

  it('gives the same vectors batched as one text at a time, in input order', async () => {
    const batched = await encoder.encode(texts, { batchSize: 16 });
    const single = await encoder.encode(texts, { batchSize: 1 });
    batched.forEach((v, i) => {
      const maxDiff = Math.max(...v.map((x, j) => Math.abs(x - single[i]![j]!)));
      expect(maxDiff).toBeLessThan(1e-4);
    });
  });

  it('returns an empty list for no texts', async () => {
    expect(await encoder.encode([])).toEqual([]);
  });

  it('stops between batches when aborted', async () => {
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await expect(encoder.encode(texts, { signal: ac.signal })).rejects.toThrow('stop');
  });

  it('converts to plain arrays for JSON', async () => {
    const [v] = toNumberArrays(await encoder.encode(['hi']));
    expect(Array.isArray(v)).toBe(true);
    expect(v!.every((x) => typeof x === 'number')).toBe(true);
  });
});
