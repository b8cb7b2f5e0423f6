import { describe, expect, it } from 'vitest';
import {
  embeddingModel,
  loadModelRegistry,
  nliModel,
  parseModelRegistry,
  type ModelRegistry,
} from '../../../../classifiers/transformers/model-registry.js';

describe('when the shipped registry is loaded', () => {
  const registry = loadModelRegistry();

  it('has an embedding default with e5 settings and a pinned revision', () => {
    const e = embeddingModel(registry);
    expect(e.id).toBe('Xenova/multilingual-e5-small');
    expect(e.revision).toMatch(/^[0-9a-f]{40}$/);
    expect(e).toMatchObject({ task: 'feature-extraction', dtype: 'q8', pooling: 'mean', normalize: true, queryPrefix: 'query: ' });
  });

  it('has an NLI default whose label order names entailment and contradiction', () => {
    const n = nliModel(registry);
    expect(n.task).toBe('zero-shot-classification');
    expect(n.revision).toMatch(/^[0-9a-f]{40}$/);
    expect(n.nliLabels).toContain('entailment');
    expect(n.nliLabels).toContain('contradiction');
  });

  it('refuses to hand out a model for the wrong role', () => {
    expect(() => nliModel(registry, registry.defaults.embedding)).toThrow(/not an NLI model/);
    expect(() => embeddingModel(registry, 'nobody/nothing')).toThrow(expect.objectContaining({ code: 'MODEL_REGISTRY_INVALID' }));
  });
});

describe('when a registry entry is not pinned or inconsistent', () => {
  const base = (): ModelRegistry => JSON.parse(JSON.stringify(loadModelRegistry()));

  it('rejects a branch name as revision', () => {
    const r = base() as unknown as { models: Array<{ revision: string }> };
    r.models[0]!.revision = 'main';
    expect(() => parseModelRegistry(r)).toThrow(/full 40-character commit sha/);
  });

  it('rejects a default that points at a model of another task', () => {
    const r = base();
    r.defaults.nli = r.defaults.embedding;
    expect(() => parseModelRegistry(r)).toThrow(/expected zero-shot-classification/);
  });

  it('rejects NLI labels without entailment', () => {
    const r = base() as unknown as { models: Array<Record<string, unknown>> };
    r.models[1]!.nliLabels = ['neutral', 'contradiction'];
    expect(() => parseModelRegistry(r)).toThrow(expect.objectContaining({ code: 'MODEL_REGISTRY_INVALID' }));
  });
});
