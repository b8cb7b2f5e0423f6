import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ThresholdRepository } from '../../../db/repositories/threshold.repository.js';
import { openDatabase } from '../../../db/client.js';
import { ROOT, runCli } from '../../helpers/cli.js';
import { freshDatabase } from '../../helpers/databases.js';

// eval measures at the thresholds in force: an analyst's saved version, not only the defaults.
const dataset = path.join(ROOT, 'demo', 'ground-truth.jsonl');
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'eval-th-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function evalJson(env: NodeJS.ProcessEnv, extra: string[] = []) {
  const r = await runCli(['eval', '--dataset', dataset, '--json', ...extra], { env });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { thresholds: { from: string; version: number; labels: Record<string, { flag: number }> }; perLabel: Record<string, { recall: number }> };
}

describe('shelfwatch eval --thresholds', () => {
  it('uses the defaults in models/ when there is no database, and does not create one', async () => {
    const dataDir = tempDir();
    const report = await evalJson({ SHELFWATCH_DATA_DIR: dataDir, DATABASE_URL: '' });
    expect(report.thresholds.from).toBe('models');
    expect(existsSync(path.join(dataDir, 'pglite'))).toBe(false);
  }, 120_000);

  it('uses the version saved in the embedded database, unless told to use models/', async () => {
    const dataDir = tempDir();
    const database = await openDatabase({ dataDir });
    await new ThresholdRepository(database.db).save('default', 'false_health_claim', { flag: 0.9999, high: 0.99999 }, 'analyst', 'eval test');
    await database.close();
    const env = { SHELFWATCH_DATA_DIR: dataDir, DATABASE_URL: '' };

    const fromDb = await evalJson(env);
    expect(fromDb.thresholds.from).toBe('database');
    expect(fromDb.thresholds.labels.false_health_claim.flag).toBe(0.9999);
    const fromModels = await evalJson(env, ['--thresholds', 'models']);
    expect(fromModels.thresholds.from).toBe('models');
    // Almost nothing clears 0.9999: the saved threshold really is the one measured.
    expect(fromDb.perLabel.false_health_claim.recall).toBeLessThan(fromModels.perLabel.false_health_claim.recall);
  }, 180_000);

  it('reads PostgreSQL when DATABASE_URL is set', async () => {
    const db = await freshDatabase('pg');
    try {
      await new ThresholdRepository(db.db).save('default', 'mislabeled_food', { flag: 0.42, high: 0.9 }, 'analyst');
      const report = await evalJson({ DATABASE_URL: db.url!, SHELFWATCH_DATA_DIR: tempDir() }, ['--thresholds', 'db']);
      expect(report.thresholds.from).toBe('database');
      expect(report.thresholds.labels.mislabeled_food.flag).toBe(0.42);
    } finally {
      await db.dispose();
    }
  }, 120_000);

  it('refuses an unknown source with a one-line error', async () => {
    const r = await runCli(['eval', '--dataset', dataset, '--thresholds', 'file'], { env: { SHELFWATCH_DATA_DIR: tempDir() } });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--thresholds must be one of auto, db, models/);
  });
});
