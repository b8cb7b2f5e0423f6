import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitOf } from '../../../classifiers/text-model/split.js';
import { TEXT_MODEL_CODE_VERSION } from '../../../classifiers/text-model/trainer.js';
import { ROOT, runCli, type CliResult } from '../../helpers/cli.js';
import { sharedRegister } from '../../helpers/shared.js';
import { syntheticJsonl } from '../../unit/classifiers/text-model/synthetic.js';

// A private models folder: training writes the artifact, ensemble.v1.json and thresholds there.
const dir = mkdtempSync(path.join(tmpdir(), 'train-eval-'));
const models = path.join(dir, 'models');
const corpus = path.join(dir, 'corpus.jsonl');
const env = { SHELFWATCH_MODELS_DIR: models };
let train: CliResult;

beforeAll(async () => {
  cpSync(path.join(ROOT, 'models', 'rules'), path.join(models, 'rules'), { recursive: true });
  cpSync(path.join(ROOT, 'models', 'thresholds.default.v1.json'), path.join(models, 'thresholds.default.v1.json'));
  writeFileSync(corpus, syntheticJsonl(400));
  train = await runCli(['train', '--corpus', corpus, '--epochs', '8'], { env });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('when shelfwatch train runs on a labeled corpus', () => {
  it('writes a versioned artifact and its metrics', () => {
    expect(train.stderr).toBe('');
    expect(train.code).toBe(0);
    expect(readdirSync(path.join(models, 'text-model')).sort()).toEqual(['metrics.v1.json', 'text-model.v1.json']);
    const art = JSON.parse(readFileSync(path.join(models, 'text-model', 'text-model.v1.json'), 'utf8'));
    expect(art.version).toMatch(new RegExp(`^text-model@${TEXT_MODEL_CODE_VERSION.replaceAll('.', '\\.')}\\+[0-9a-f]{8}$`));
    expect(art.labels).toEqual(['false_health_claim', 'missing_certificate', 'mislabeled_food']);
    const n = readFileSync(corpus, 'utf8').trim().split('\n').filter((l) => splitOf(JSON.parse(l).id) === 'test').length;
    expect(art.training.split.test).toBe(n);
    const metrics = JSON.parse(readFileSync(path.join(models, 'text-model', 'metrics.v1.json'), 'utf8'));
    expect(Object.keys(metrics.textModel.test.perLanguage).sort()).toEqual(['en', 'ko', 'vi', 'zh']);
  });

  it('fits the ensemble and the default thresholds on the calibration split and bumps their versions', () => {
    const ens = JSON.parse(readFileSync(path.join(models, 'ensemble.v1.json'), 'utf8'));
    expect(ens.method).toBe('stacking');
    expect(ens.fittedOn.split).toBe('calibration');
    expect(Object.keys(ens.labels.false_health_claim.weights).sort()).toEqual(['rules', 'text-model']);
    const th = JSON.parse(readFileSync(path.join(models, 'thresholds.default.v1.json'), 'utf8'));
    const before = JSON.parse(readFileSync(path.join(ROOT, 'models', 'thresholds.default.v1.json'), 'utf8'));
    expect(th.version).toBe(before.version + 1);
    for (const l of ['false_health_claim', 'missing_certificate', 'mislabeled_food']) {
      expect(th.profiles.default[l].flag).toBeGreaterThan(0);
      expect(th.profiles.default[l].high).toBeGreaterThanOrEqual(th.profiles.default[l].flag);
    }
  });

  it('writes the next version on a second run, with identical weights (deterministic)', async () => {
    const again = await runCli(['train', '--corpus', corpus, '--epochs', '8', '--no-ensemble'], { env });
    expect(again.code).toBe(0);
    const a = JSON.parse(readFileSync(path.join(models, 'text-model', 'text-model.v1.json'), 'utf8'));
    const b = JSON.parse(readFileSync(path.join(models, 'text-model', 'text-model.v2.json'), 'utf8'));
    expect(b.models).toEqual(a.models);
    expect(b.calibration).toEqual(a.calibration);
  }, 120_000);
});

describe('when shelfwatch eval runs on the test split', () => {
  it('prints per-label and per-language tables and writes a valid SVG', async () => {
    const svg = path.join(dir, 'pr.svg');
    const prOut = path.join(dir, 'pr.json');
    const r = await runCli(['eval', '--dataset', corpus, '--split', 'test', '--plot', svg, '--pr-out', prOut], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\(test split: \d+ of 400\)/);
    expect(r.stdout).toMatch(new RegExp(`text-model@text-model@${TEXT_MODEL_CODE_VERSION.replaceAll('.', '\\.')}\\+`));
    expect(r.stdout).toMatch(/stacking/);
    for (const l of ['false_health_claim', 'missing_certificate', 'mislabeled_food']) expect(r.stdout).toMatch(new RegExp(`^${l}\\s+\\d\\.\\d{3}`, 'm'));
    expect(r.stdout).toMatch(/per language/);
    for (const lang of ['en', 'vi', 'zh', 'ko']) expect(r.stdout).toMatch(new RegExp(`^${lang}\\s+false_health_claim`, 'm'));
    const text = readFileSync(svg, 'utf8');
    expect(text.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(text.trim().endsWith('</svg>')).toBe(true);
    expect(text.match(/<polyline class="curve"/g)).toHaveLength(3);
    expect(text.match(/<circle class="operating-point"/g)?.length).toBeGreaterThanOrEqual(1);
    // Balanced tags: every opened element is closed or self-closing.
    const opens = (text.match(/<(?!\/)[a-z]+[^>]*[^/]>/g) ?? []).length;
    const closes = (text.match(/<\/[a-z]+>/g) ?? []).length;
    expect(opens).toBe(closes);
    expect(existsSync(prOut)).toBe(true);
  }, 120_000);

  it('reports its numbers as JSON for the test split only', async () => {
    const r = await runCli(['eval', '--dataset', corpus, '--split', 'test', '--json'], { env });
    const report = JSON.parse(r.stdout);
    expect(report.split).toBe('test');
    const n = readFileSync(corpus, 'utf8').trim().split('\n').filter((l) => splitOf(JSON.parse(l).id) === 'test').length;
    expect(report.items).toBe(n);
    expect(report.perLabel.false_health_claim.f1).toBeGreaterThan(0.8);
  }, 120_000);

  it('refuses an unknown split', async () => {
    const r = await runCli(['eval', '--dataset', corpus, '--split', 'dev'], { env });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--split must be one of train, calibration, test/);
  });
});

describe('when shelfwatch claims import reads a register with bad lines', () => {
  it('reports each bad line with its number and imports the rest', async () => {
    const src = readFileSync(sharedRegister, 'utf8').split('\n').slice(0, 4);
    const file = path.join(dir, 'register.jsonl');
    writeFileSync(file, [src[0], src[1], '{"claim_text": 5}', src[2], 'oops', src[3]].join('\n') + '\n');
    const out = path.join(dir, 'eu-register.v1.json');
    const r = await runCli(['claims', 'import', file, '--profile', 'eu', '--out', out, '--json'], { env });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: `));
    expect(r.stderr).toMatch(/:5: not valid JSON/);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ lines: 6, imported: 4, skipped: 2 });
    expect(JSON.parse(readFileSync(out, 'utf8')).claims).toHaveLength(4);
  });
});
