import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { env } from '@huggingface/transformers';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModelUnavailableError } from '../../../../classifiers/transformers/errors.js';
import {
  loadPipeline,
  locateModel,
  modelWeightsPresent,
  requiredModelFiles,
} from '../../../../classifiers/transformers/model-loader.js';
import { parseModelEntry } from '../../../../classifiers/transformers/model-registry.js';
import { FAKE_REVISION, offlineSettings, sharedModels, tempDir, tinyEmbedder } from './helpers.js';

const missingModel = parseModelEntry({
  id: 'nobody/no-such-model',
  revision: FAKE_REVISION,
  task: 'feature-extraction',
  dtype: 'q8',
});

describe('when model weights are looked up on disk', () => {
  const tmp = tempDir('loader');
  afterAll(tmp.remove);

  it('finds the shared test model in the local model dir', () => {
    const settings = offlineSettings(tmp.dir);
    expect(modelWeightsPresent(settings, tinyEmbedder)).toBe(true);
    expect(locateModel(settings, tinyEmbedder).found).toEqual({ source: 'local', dir: path.join(sharedModels, 'tiny-random-embedder') });
  });

  it('reports a missing model as absent, so the transformers path stays off', () => {
    expect(modelWeightsPresent(offlineSettings(tmp.dir), missingModel)).toBe(false);
  });

  it('finds a model in the cache under its pinned revision, the transformers.js layout', () => {
    const dir = path.join(tmp.dir, 'nobody/no-such-model', FAKE_REVISION);
    for (const f of requiredModelFiles(missingModel)) {
      mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      writeFileSync(path.join(dir, f), '{}');
    }
    expect(locateModel({ cacheDir: tmp.dir, offline: true }, missingModel).found).toEqual({ source: 'cache', dir });
  });

  it('refuses a local model dir that is also the cache', async () => {
    await expect(loadPipeline(tinyEmbedder, { localModelDir: tmp.dir, cacheDir: tmp.dir, offline: true })).rejects.toMatchObject({
      code: 'MODEL_SETTINGS_INVALID',
    });
  });

  it('names the dtype-specific ONNX file as required', () => {
    expect(requiredModelFiles({ dtype: 'q8' })).toContain('onnx/model_quantized.onnx');
    expect(requiredModelFiles({ dtype: 'fp32' })).toContain('onnx/model.onnx');
  });
});

describe('when a model is missing and loading is offline', () => {
  const tmp = tempDir('offline');
  const fetchSpy = vi.fn(async () => {
    throw new Error('network access attempted');
  });
  const realEnvFetch = env.fetch;
  beforeEach(() => {
    env.fetch = fetchSpy;
    vi.spyOn(globalThis, 'fetch').mockImplementation(fetchSpy);
  });
  afterEach(() => {
    env.fetch = realEnvFetch;
    vi.restoreAllMocks();
  });
  afterAll(tmp.remove);

  it('throws ModelUnavailableError with a message that says how to fix it, without any network attempt', async () => {
    const settings = offlineSettings(tmp.dir);
    const err = await loadPipeline(missingModel, settings).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelUnavailableError);
    const e = err as ModelUnavailableError;
    expect(e.code).toBe('MODEL_UNAVAILABLE');
    expect(e.reason).toBe('missing-offline');
    expect(e.modelIds).toEqual(['nobody/no-such-model']);
    expect(e.message).toContain('shelfwatch models pull');
    expect(e.message).toContain(path.join(sharedModels, 'nobody/no-such-model'));
    expect(e.message).toContain('onnx/model_quantized.onnx');
    expect(e.message).toMatch(/SHELFWATCH_OFFLINE=false/);
    expect(e.missing.map((m) => m.dir)).toContain(path.join(tmp.dir, 'nobody/no-such-model', FAKE_REVISION));
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('tells a user without a local model dir to set one', async () => {
    const err = (await loadPipeline(missingModel, { cacheDir: tmp.dir, offline: true }).catch((e: unknown) => e)) as Error;
    expect(err.message).toContain('SHELFWATCH_MODEL_DIR');
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('still loads a model that is present, without any network attempt', async () => {
    const pipe = await loadPipeline(tinyEmbedder, offlineSettings(tmp.dir));
    const out = await pipe('query: hello', { pooling: 'mean', normalize: true });
    expect(out.dims[0]).toBe(1);
    await pipe.dispose();
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(env.allowRemoteModels).toBe(false);
  });
});
