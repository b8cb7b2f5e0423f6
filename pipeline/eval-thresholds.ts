import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { openDatabase } from '../db/client.js';
import { ThresholdRepository, type ThresholdSet } from '../db/repositories/threshold.repository.js';
import { activeThresholds, defaultThresholds } from './thresholds.js';

export const THRESHOLD_SOURCES = ['auto', 'db', 'models'] as const;
export type ThresholdSource = (typeof THRESHOLD_SOURCES)[number];

export interface ResolvedThresholds {
  set: ThresholdSet;
  /** Where they came from, for the report: "database" or "models". */
  from: 'database' | 'models';
}

/**
 * The thresholds an evaluation runs at. `db` and `auto` read the version in force in the
 * database, as the pipeline and the workbench do, so an analyst's saved thresholds are
 * what gets measured; `auto` falls back to the defaults in models/ when there is no
 * database yet (a fresh checkout evaluating offline), and never creates one.
 */
export async function thresholdsForEval(config: Config, source: ThresholdSource): Promise<ResolvedThresholds> {
  const useDb = source === 'db' || (source === 'auto' && (config.databaseUrl !== undefined || existsSync(path.resolve(config.dataDir, 'pglite'))));
  if (!useDb) return { set: defaultThresholds(config.modelsDir, config.profile), from: 'models' };
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const set = await activeThresholds(new ThresholdRepository(database.db), config.modelsDir, config.profile);
    return { set, from: 'database' };
  } finally {
    await database.close();
  }
}
