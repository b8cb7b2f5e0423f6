import { env } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTransformersClassifiers } from '../../../../classifiers/transformers/factory.js';
import { loadModelRegistry, parseModelRegistry } from '../../../../classifiers/transformers/model-registry.js';
import { offlineSettings, tempDir, tinyEmbedder, tinyNli } from './helpers.js';

describe('when the transformers path is set up on a machine without weights', () => {
  const tmp = tempDir('factory');
  const fetchSpy = vi.fn(async () => {
    throw new Error('network access attempted');
  });
  const realEnvFetch = env.fetch;
  beforeAll(() => {
    env.fetch = fetchSpy;
  });
  afterAll(() => {
    env.fetch = realEnvFetch;
    tmp.remove();
  });
  const settings = { cacheDir: tmp.dir, offline: true };

  it('is off in auto mode, with a reason per classifier and nothing loaded', async () => {
    const r = await createTransformersClassifiers({ mode: 'auto', settings });
    expect(r.classifiers).toEqual([]);
    expect(r.skipped.map((s) => s.name)).toEqual(['embedding-head', 'zero-shot-nli']);
    expect(r.skipped[0]!.reason).toContain('shelfwatch models pull');
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('fails with MODEL_UNAVAILABLE when turned on explicitly', async () => {
    await expect(createTransformersClassifiers({ mode: 'on', settings })).rejects.toMatchObject({ code: 'MODEL_UNAVAILABLE' });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('does nothing when off', async () => {
    expect(await createTransformersClassifiers({ mode: 'off', settings })).toEqual({ classifiers: [], skipped: [] });
  });
});

describe('when the weights are present but no embedding head was trained', () => {
  const tmp = tempDir('factory-present');
  afterAll(tmp.remove);
  const shipped = loadModelRegistry();
  const registry = parseModelRegistry({
    ...shipped,
    defaults: { embedding: tinyEmbedder.id, nli: tinyNli.id },
    models: [tinyEmbedder, tinyNli],
  });

  it('runs the zero-shot classifier and skips the embedding head in auto mode', async () => {
    const r = await createTransformersClassifiers({ mode: 'auto', settings: offlineSettings(tmp.dir), registry });
    expect(r.classifiers.map((c) => c.name)).toEqual(['zero-shot-nli']);
    expect(r.skipped).toEqual([{ name: 'embedding-head', reason: expect.stringContaining('no trained embedding head') }]);
    await Promise.all(r.classifiers.map((c) => c.close?.()));
  });
});
