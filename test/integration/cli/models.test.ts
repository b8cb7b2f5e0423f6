import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../../helpers/cli.js';
import { sharedModels, startMirror, type ModelMirror } from '../../helpers/model-mirror.js';

// A registry of the random-weight test models, once as local folders and once as hub ids served by a loopback mirror.
const REV = '0123456789abcdef0123456789abcdef01234567';
const entries = (prefix: string) => [
  { id: `${prefix}tiny-random-embedder`, revision: REV, task: 'feature-extraction', dtype: 'q8', pooling: 'mean', normalize: true, queryPrefix: 'query: ' },
  { id: `${prefix}tiny-random-nli`, revision: REV, task: 'zero-shot-classification', dtype: 'q8', nliLabels: ['contradiction', 'neutral', 'entailment'] },
];
const registry = (prefix: string) => ({
  schema: 'shelfwatch.transformers-registry/v1',
  defaults: { embedding: `${prefix}tiny-random-embedder`, nli: `${prefix}tiny-random-nli` },
  models: entries(prefix),
});

const dir = mkdtempSync(path.join(tmpdir(), 'models-cli-'));
const localRegistry = path.join(dir, 'local.json');
const hubRegistry = path.join(dir, 'hub.json');
writeFileSync(localRegistry, JSON.stringify(registry('')));
writeFileSync(hubRegistry, JSON.stringify(registry('shelfwatch-test/')));
const listings = path.join(ROOT, 'test', 'fixtures', 'listings', 'labeled-small.jsonl');
let mirror: ModelMirror;

beforeAll(async () => {
  mirror = await startMirror();
});
afterAll(async () => {
  await mirror.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('when the models are in a local model folder', () => {
  const env = { SHELFWATCH_MODEL_REGISTRY: localRegistry, SHELFWATCH_MODEL_DIR: sharedModels, SHELFWATCH_DATA_DIR: path.join(dir, 'local') };

  it('models list says where each one is', async () => {
    const r = await runCli(['models', 'list', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.transformers).toBe('auto');
    expect(out.models.map((m: { present: string }) => m.present)).toEqual([
      `local: ${path.join(sharedModels, 'tiny-random-embedder')}`,
      `local: ${path.join(sharedModels, 'tiny-random-nli')}`,
    ]);
  });

  it('classify runs the transformer classifiers whose weights are present and says why the others did not run', async () => {
    const r = await runCli(['classify', '-i', listings], { env });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(readFileSync(listings, 'utf8').trim().split('\n').length);
    expect(lines[0].classifiers.map((c: { name: string }) => c.name)).toContain('zero-shot-nli');
    expect(r.stderr).toMatch(/zero-shot-nli@/);
    expect(r.stderr).toMatch(/embedding-head: not run, no trained embedding head/);
  }, 120_000);

  it('train-head trains the embedding head on the corpus, after which classify runs it too', async () => {
    const models = path.join(dir, 'models');
    cpSync(path.join(ROOT, 'models'), models, { recursive: true });
    const withModels = { ...env, SHELFWATCH_MODELS_DIR: models };
    const train = await runCli(['train-head', '--epochs', '50', '--json'], { env: withModels });
    expect(train.code, train.stderr).toBe(0);
    const summary = JSON.parse(train.stdout);
    expect(summary.file).toBe(path.join(models, 'transformers', 'heads', 'embedding-head.tiny-random-embedder.v1.json'));
    expect(summary.train).toBeGreaterThan(1000);
    expect(summary.metrics.on).toBe('holdout');
    expect(Object.keys(summary.metrics.perLabel).sort()).toEqual(['false_health_claim', 'mislabeled_food', 'missing_certificate']);
    const r = await runCli(['classify', '-i', listings], { env: withModels });
    expect(r.code, r.stderr).toBe(0);
    const first = JSON.parse(r.stdout.trim().split('\n')[0]!);
    expect(first.classifiers.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['embedding-head', 'zero-shot-nli']));
    expect(r.stderr).not.toMatch(/embedding-head: not run/);
  }, 180_000);

  it('classify --transformers off leaves them out', async () => {
    const r = await runCli(['classify', '-i', listings, '--transformers', 'off'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/zero-shot-nli/);
  }, 120_000);
});

describe('when the models are not on this machine', () => {
  const env = { SHELFWATCH_MODEL_REGISTRY: hubRegistry, SHELFWATCH_MODEL_HOST: '', SHELFWATCH_DATA_DIR: path.join(dir, 'hub') };

  it('models pull offline fails without a request, naming every missing file and how to fix it', async () => {
    const before = mirror.requests.length;
    const r = await runCli(['models', 'pull'], { env: { ...env, SHELFWATCH_MODEL_HOST: mirror.url } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[MODEL_UNAVAILABLE]');
    expect(r.stderr).toContain('shelfwatch-test/tiny-random-nli');
    expect(r.stderr).toContain('onnx/model_quantized.onnx');
    expect(r.stderr).toContain('SHELFWATCH_OFFLINE=false');
    expect(mirror.requests.length).toBe(before);
  });

  it('classify --transformers on refuses to run without them', async () => {
    const r = await runCli(['classify', '-i', listings, '--transformers', 'on'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not available offline');
  }, 120_000);

  it('models pull --online downloads them into the cache with progress; the next run finds them offline', async () => {
    const withHost = { ...env, SHELFWATCH_MODEL_HOST: mirror.url };
    const pull = await runCli(['models', 'pull', '--online'], { env: withHost });
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.stderr).toContain('[1/2] shelfwatch-test/tiny-random-embedder');
    expect(pull.stderr).toMatch(/saved to .*tiny-random-nli/);
    expect(pull.stdout).toMatch(/shelfwatch-test\/tiny-random-nli\s+downloaded\s+cache/);
    const list = await runCli(['models', 'list', '--json'], { env });
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).models.every((m: { present: string }) => m.present.startsWith('cache: '))).toBe(true);
    const again = await runCli(['models', 'pull'], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/shelfwatch-test\/tiny-random-embedder\s+present\s+cache/);
  }, 180_000);
});
