import { existsSync } from 'node:fs';
import path from 'node:path';
import { env } from '@huggingface/transformers';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ModelUnavailableError } from '../../../../classifiers/transformers/errors.js';
import { loadPipeline, requiredModelFiles } from '../../../../classifiers/transformers/model-loader.js';
import { parseModelEntry, type ModelEntry } from '../../../../classifiers/transformers/model-registry.js';
import { pullModels, type PullEvent } from '../../../../classifiers/transformers/model-pull.js';
import { startMirror } from '../../../helpers/model-mirror.js';
import { expectInUnitRange, FAKE_REVISION, offlineSettings, sharedModels, tempDir, tinyEmbedder, tinyNli } from './helpers.js';

const missing = (id: string): ModelEntry =>
  parseModelEntry({ id, revision: FAKE_REVISION, task: 'zero-shot-classification', dtype: 'q8', nliLabels: ['contradiction', 'neutral', 'entailment'] });

describe('when models are pulled offline', () => {
  const tmp = tempDir('pull-offline');
  const fetchSpy = vi.fn(async () => {
    throw new Error('network access attempted');
  });
  const realEnvFetch = env.fetch;
  beforeAll(() => {
    env.fetch = fetchSpy;
    vi.spyOn(globalThis, 'fetch').mockImplementation(fetchSpy);
  });
  afterAll(() => {
    env.fetch = realEnvFetch;
    vi.restoreAllMocks();
    tmp.remove();
  });

  it('reports models already in the local model dir as present', async () => {
    const events: PullEvent[] = [];
    const results = await pullModels([tinyEmbedder, tinyNli], offlineSettings(tmp.dir), (e) => events.push(e));
    expect(results.map((r) => r.status)).toEqual(['present', 'present']);
    expect(results[0]!.dir).toBe(path.join(sharedModels, 'tiny-random-embedder'));
    expect(events.filter((e) => e.type === 'model-present')).toHaveLength(2);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('fails before any request, naming every missing model and file and how to get them', async () => {
    const events: PullEvent[] = [];
    const err = (await pullModels([tinyEmbedder, missing('acme/first'), missing('acme/second')], offlineSettings(tmp.dir), (e) =>
      events.push(e),
    ).catch((e: unknown) => e)) as ModelUnavailableError;
    expect(err).toBeInstanceOf(ModelUnavailableError);
    expect(err.code).toBe('MODEL_UNAVAILABLE');
    expect(err.modelIds).toEqual(['acme/first', 'acme/second']);
    for (const f of requiredModelFiles({ dtype: 'q8' })) expect(err.message).toContain(f);
    expect(err.message).toContain(path.join(sharedModels, 'acme/first'));
    expect(err.message).toMatch(/copy a transformers\.js model folder/);
    expect(err.message).toContain('shelfwatch models pull');
    // Nothing was started: the check runs for all models first.
    expect(events).toEqual([]);
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});

describe('when models are pulled from a hub', () => {
  const tmp = tempDir('pull-online');
  let mirror: Awaited<ReturnType<typeof startMirror>>;
  beforeAll(async () => {
    mirror = await startMirror();
  });
  afterAll(async () => {
    // fetch keeps connections alive for seconds; close them so the file does not wait on them.
    await mirror.close();
    tmp.remove();
  });
  afterEach(() => {
    mirror.requests.length = 0;
  });

  const remote = parseModelEntry({ ...tinyEmbedder, id: 'shelfwatch-test/tiny-random-embedder' });

  it('downloads every file into the cache at the pinned revision, reporting progress', async () => {
    const events: PullEvent[] = [];
    const settings = { cacheDir: tmp.dir, offline: false, remoteHost: mirror.url, threads: 1 };
    const [result] = await pullModels([remote], settings, (e) => events.push(e));
    const dir = path.join(tmp.dir, 'shelfwatch-test/tiny-random-embedder', FAKE_REVISION);
    expect(result).toEqual({ modelId: remote.id, status: 'downloaded', source: 'cache', dir });
    for (const f of requiredModelFiles(remote)) expect(existsSync(path.join(dir, f))).toBe(true);
    expect(mirror.requests.some((u) => u.includes(`/resolve/${FAKE_REVISION}/onnx/model_quantized.onnx`))).toBe(true);
    const progress = events.filter((e): e is Extract<PullEvent, { type: 'model-progress' }> => e.type === 'model-progress');
    expect(progress.length).toBeGreaterThan(0);
    for (const p of progress) expectInUnitRange(p.fraction);
    expect(events.at(-1)).toEqual({ type: 'model-done', modelId: remote.id, dir });
  });

  it('then loads the pulled model offline from the cache with no request', async () => {
    const pipe = await loadPipeline(remote as typeof tinyEmbedder, { cacheDir: tmp.dir, offline: true, remoteHost: mirror.url, threads: 1 });
    const out = await pipe(['query: a', 'query: bb'], { pooling: 'mean', normalize: true });
    expect(out.dims[0]).toBe(2);
    await pipe.dispose();
    expect(mirror.requests).toEqual([]);
  });

  it('reports a model the hub does not have as not-on-hub, with what to check', async () => {
    const settings = { cacheDir: tmp.dir, offline: false, remoteHost: mirror.url, threads: 1 };
    const err = (await pullModels([missing('shelfwatch-test/no-such-model')], settings).catch((e: unknown) => e)) as ModelUnavailableError;
    expect(err).toBeInstanceOf(ModelUnavailableError);
    expect(err.reason).toBe('not-on-hub');
    expect(err.message).toMatch(/registry\.v1\.json/);
  });
});
