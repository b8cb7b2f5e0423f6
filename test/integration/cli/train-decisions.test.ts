import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitOf } from '../../../classifiers/text-model/split.js';
import { openDatabase } from '../../../db/client.js';
import { repositories } from '../../../db/repositories/index.js';
import { ReviewRepository } from '../../../db/repositories/review.repository.js';
import { parseListing } from '../../../domain/listing.js';
import { ROOT, runCli, type CliResult } from '../../helpers/cli.js';
import { syntheticJsonl } from '../../unit/classifiers/text-model/synthetic.js';

/**
 * Active learning: reviewers confirm a cure claim the corpus never shows
 * ("zorbflax ... restores the pancreas") and dismiss look-alikes without it.
 * `train --from-decisions` reads those decisions from the workbench database,
 * holds out the ones on test-split listings, and reports the previous and the
 * retrained model on them: the retrained one must catch the new claim.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'train-decisions-'));
const models = path.join(dir, 'models');
const dataDir = path.join(dir, 'data');
const emptyDir = path.join(dir, 'empty');
const corpus = path.join(dir, 'corpus.jsonl');
const env = { SHELFWATCH_MODELS_DIR: models, SHELFWATCH_DATA_DIR: dataDir };
const DECISIONS = 160;
let run: CliResult;
let heldOut = 0;

async function seedDecisions() {
  const database = await openDatabase({ dataDir });
  try {
    const repos = repositories(database.db);
    const review = new ReviewRepository(database.db);
    await repos.platforms.ensure({ id: 'market' });
    for (let i = 0; i < DECISIONS; i++) {
      const claim = i % 2 === 0;
      const listing = parseListing({
        id: `market:${i}`,
        platform: 'market',
        url: `https://market.example/p/${i}`,
        title: `Herbal tea ${i % 13}`,
        description: claim ? `A refreshing daily drink. Zorbflax blend restores the pancreas fully. Made from selected leaves.` : `A refreshing daily drink. Zorbflax blend, a pleasant aroma. Made from selected leaves.`,
        language: 'en',
        category: 'herbal_tea',
        fetchedAt: '2026-01-01T00:00:00Z',
      });
      await repos.listings.store(listing);
      const caseId = await repos.cases.insert({
        listingId: listing.id,
        contentHash: listing.contentHash,
        labels: ['false_health_claim'],
        scores: { false_health_claim: 0.6, missing_certificate: 0, mislabeled_food: 0 },
        risk: 'medium',
        maxScore: 0.6,
        evidence: [],
      });
      await review.decide(caseId!, 'ana', claim ? 'confirm' : 'dismiss', claim ? 'cure_claim' : 'no_claim', null);
      if (splitOf(listing.id) === 'test') heldOut++;
    }
    // Escalated cases are undecided: never trained on.
    const esc = parseListing({ id: 'market:esc', platform: 'market', url: 'https://market.example/p/esc', title: 'Unclear', description: 'Zorbflax', language: 'en', fetchedAt: '2026-01-01T00:00:00Z' });
    await repos.listings.store(esc);
    const escId = await repos.cases.insert({ listingId: esc.id, contentHash: esc.contentHash, labels: ['false_health_claim'], scores: { false_health_claim: 0.6, missing_certificate: 0, mislabeled_food: 0 }, risk: 'medium', maxScore: 0.6, evidence: [] });
    await review.decide(escId!, 'ana', 'escalate', 'legal_review', null);
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  cpSync(path.join(ROOT, 'models', 'rules'), path.join(models, 'rules'), { recursive: true });
  cpSync(path.join(ROOT, 'models', 'thresholds.default.v1.json'), path.join(models, 'thresholds.default.v1.json'));
  writeFileSync(corpus, syntheticJsonl(300));
  const first = await runCli(['train', '--corpus', corpus, '--epochs', '8', '--no-ensemble'], { env });
  expect(first.code, first.stderr).toBe(0);
  await seedDecisions();
  run = await runCli(['train', '--corpus', corpus, '--epochs', '8', '--no-ensemble', '--from-decisions', '--json'], { env });
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('when shelfwatch train learns from reviewer decisions in the database', () => {
  it('trains on the confirmed and dismissed cases outside the test split and writes the next version', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(heldOut).toBeGreaterThan(5);
    expect(run.stderr).toContain(`database: ${heldOut} decision(s) about test-split listings held out`);
    const out = JSON.parse(run.stdout);
    expect(out.corpus.extra).toMatchObject({ path: 'database', listings: DECISIONS - heldOut });
    expect(out.corpus.extra.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readdirSync(path.join(models, 'text-model')).sort()).toEqual(['metrics.v1.json', 'metrics.v2.json', 'text-model.v1.json', 'text-model.v2.json']);
  });

  it('compares the previous and the retrained model on the held-out decisions and the corpus test split', () => {
    const out = JSON.parse(run.stdout);
    const v1 = JSON.parse(readFileSync(path.join(models, 'text-model', 'text-model.v1.json'), 'utf8')).version;
    expect(out.beforeAfter.before).toBe(v1);
    expect(out.beforeAfter.after).toBe(out.version);
    type Row = { set: string; label: string; support: number; before: { f1: number; recall: number } | null; after: { f1: number; recall: number } };
    const rows = out.beforeAfter.rows as Row[];
    expect(new Set(rows.map((r) => r.set))).toEqual(new Set(['corpus test', 'decisions held out']));
    const claim = rows.find((r) => r.set === 'decisions held out' && r.label === 'false_health_claim')!;
    expect(claim.support).toBeGreaterThan(0);
    // The earlier model never saw the new claim wording; the retrained one catches it.
    expect(claim.before!.recall).toBeLessThan(0.5);
    expect(claim.after.recall).toBeGreaterThanOrEqual(0.8);
    expect(claim.after.f1).toBeGreaterThan(claim.before!.f1);
    expect(JSON.parse(readFileSync(path.join(models, 'text-model', 'metrics.v2.json'), 'utf8')).beforeAfter.rows).toHaveLength(rows.length);
  });

  it('prints the before/after table without --json', async () => {
    const plain = await runCli(['train', '--corpus', corpus, '--epochs', '8', '--no-ensemble', '--from-decisions'], { env });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/before\/after \(text model at 0\.5\): text-model@\S+ → text-model@\S+/);
    expect(plain.stdout).toMatch(/decisions held out\s+false_health_claim/);
  }, 120_000);

  it('refuses with an actionable message when nothing has been reviewed', async () => {
    const empty = await runCli(['train', '--corpus', corpus, '--epochs', '2', '--no-ensemble', '--from-decisions'], { env: { ...env, SHELFWATCH_DATA_DIR: emptyDir } });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/no confirmed or dismissed cases to learn from: review cases in the workbench first/);
  }, 120_000);
});
