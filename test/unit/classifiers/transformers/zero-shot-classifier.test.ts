import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZeroShotClassificationPipeline } from '@huggingface/transformers';
import type { ClassifyInput } from '../../../../classifiers/classifier.js';
import { hypothesesFor, loadHypothesisSet, parseHypothesisSet } from '../../../../classifiers/transformers/hypotheses.js';
import { loadPipeline } from '../../../../classifiers/transformers/model-loader.js';
import { NliScorer } from '../../../../classifiers/transformers/nli-scorer.js';
import { createZeroShotClassifier, type ZeroShotClassifier } from '../../../../classifiers/transformers/zero-shot-classifier.js';
import { LABELS } from '../../../../domain/labels.js';
import { expectInUnitRange, listings, offlineSettings, tempDir, tinyNli } from './helpers.js';

describe('when the shipped hypotheses are loaded', () => {
  const set = loadHypothesisSet();

  it('has hypotheses in the four listing languages for each of its labels', () => {
    for (const byLang of Object.values(set.labels)) expect(Object.keys(byLang).sort()).toEqual(['en', 'ko', 'vi', 'zh']);
  });

  it('falls back to the fallback language for a language it does not have', () => {
    expect(hypothesesFor(set, 'false_health_claim', 'th')).toEqual(set.labels.false_health_claim!.en);
    expect(hypothesesFor(set, 'false_health_claim', 'vi')).toEqual(set.labels.false_health_claim!.vi);
  });

  it('rejects a label without fallback-language hypotheses', () => {
    expect(() => parseHypothesisSet({ ...set, labels: { false_health_claim: { vi: ['x'] } } })).toThrow(
      expect.objectContaining({ code: 'HYPOTHESES_INVALID' }),
    );
  });
});

describe('when listings are classified zero-shot with the tiny random NLI model', () => {
  const tmp = tempDir('zs');
  let clf: ZeroShotClassifier;
  const inputs: ClassifyInput[] = listings().map((listing) => ({ listing }));
  beforeAll(async () => {
    clf = await createZeroShotClassifier(tinyNli, offlineSettings(tmp.dir), { batchSize: 8 });
  });
  afterAll(async () => {
    await clf.close();
    tmp.remove();
  });

  it('reports its name, a version naming hypotheses and model, and the hypothesis labels', () => {
    expect(clf.name).toBe('zero-shot-nli');
    expect(clf.version).toMatch(/^\d+\.\d+\.\d+\+hypotheses@1\+tiny-random-nli@0123456$/);
    expect(clf.labels).toEqual(['false_health_claim']);
  });

  it('scores in [0,1] with the top segment as evidence for each label it knows', async () => {
    const p = await clf.classify(inputs[0]!);
    for (const l of LABELS) expectInUnitRange(p.scores[l]);
    expect(p.evidence).toHaveLength(1);
    const [e] = p.evidence;
    expect(e).toMatchObject({ label: 'false_health_claim', classifier: 'zero-shot-nli', version: clf.version, rule: 'tiny-random-nli' });
    expect(e!.span.length).toBeGreaterThan(0);
    expect(e!.note).toMatch(/^entails: /);
  });

  // tiny-random-nli is Gather → ReduceMean → MatMul: it averages over padding tokens, which a real
  // NLI model masks out. So here only padding-free runs can match; padded batching of the scorer is
  // checked below with pairs of equal token length.
  it('gives the same predictions for a batch of listings as one listing at a time', async () => {
    const unpadded = await createZeroShotClassifier(tinyNli, offlineSettings(tmp.dir), { batchSize: 1 });
    const batched = await unpadded.classifyBatch(inputs);
    for (const [i, input] of inputs.entries()) {
      const single = await unpadded.classify(input);
      for (const l of LABELS) expect(Math.abs(batched[i]!.scores[l] - single.scores[l])).toBeLessThan(1e-4);
      expect(batched[i]!.evidence.map((e) => e.field)).toEqual(single.evidence.map((e) => e.field));
    }
    await unpadded.close();
  });
});

describe('when the batched NLI scorer is compared with the transformers.js pipeline', () => {
  const tmp = tempDir('nli');
  let pipe: ZeroShotClassificationPipeline;
  beforeAll(async () => {
    pipe = await loadPipeline(tinyNli, offlineSettings(tmp.dir));
  });
  afterAll(async () => {
    await pipe.dispose();
    tmp.remove();
  });

  it('matches the pipeline multi_label entailment scores within 1e-4, batched', async () => {
    const scorer = new NliScorer(tinyNli, pipe, 4);
    // One-wordpiece words: every pair has the same token count, so batching adds no padding
    // (see the fixture note above) and any difference would come from the batching code itself.
    const premises = ['apple tea', 'lemon tea', 'green tea', 'black tea', 'white tea'];
    const hypotheses = ['this is food', 'this is milk'];
    const pairs = premises.flatMap((premise) => hypotheses.map((hypothesis) => ({ premise, hypothesis })));
    const lengths = pairs.map((p) => (pipe.tokenizer(p.premise, { text_pair: p.hypothesis }).input_ids as { dims: number[] }).dims[1]);
    expect(new Set(lengths).size).toBe(1);
    const ours = await scorer.entailment(pairs);
    expect(ours).toHaveLength(pairs.length);
    for (const [i, { premise, hypothesis }] of pairs.entries()) {
      const ref = await pipe(premise, [hypothesis], { hypothesis_template: '{}', multi_label: true });
      expect(Math.abs(ours[i]! - ref.scores[0]!)).toBeLessThan(1e-4);
    }
  });

  it('matches the pipeline one pair at a time for pairs of any length', async () => {
    const scorer = new NliScorer(tinyNli, pipe, 1);
    const pairs = [
      { premise: 'Chữa khỏi tiểu đường sau 7 ngày', hypothesis: 'This product claims to cure a disease.' },
      { premise: '降血糖神药', hypothesis: '该产品声称能治愈疾病。' },
    ];
    const ours = await scorer.entailment(pairs);
    for (const [i, { premise, hypothesis }] of pairs.entries()) {
      const ref = await pipe(premise, [hypothesis], { hypothesis_template: '{}', multi_label: true });
      expect(Math.abs(ours[i]! - ref.scores[0]!)).toBeLessThan(1e-4);
      expectInUnitRange(ours[i]!);
    }
  });

  it('refuses a registry label order that contradicts the model config', () => {
    const wrong = { ...tinyNli, nliLabels: ['entailment', 'neutral', 'contradiction'] as typeof tinyNli.nliLabels };
    expect(() => new NliScorer(wrong, pipe)).toThrow(expect.objectContaining({ code: 'MODEL_CONTRACT_MISMATCH' }));
  });
});
