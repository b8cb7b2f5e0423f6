import type { Classifier } from '../classifiers/classifier.js';
import type { Combiner } from '../classifiers/ensemble.js';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { openDatabase } from '../db/client.js';
import { repositories, type Repositories } from '../db/repositories/index.js';
import type { ThresholdSet } from '../db/repositories/threshold.repository.js';
import { classifierSetFor } from './classifier-set.js';
import { closeOcr } from './stages/ocr.js';
import { ThresholdResolver } from './threshold-resolver.js';
import { activeThresholds } from './thresholds.js';

/** Everything a stage needs, built once per process (inline run or worker). */
export interface PipelineContext {
  config: Config;
  database: Database;
  repos: Repositories;
  classifiers: Classifier[];
  /** How classifier scores are combined (models/ensemble.v1.json when present). */
  combiner?: Combiner;
  /** Thresholds of the configured profile when the context was built (reports, benchmarks). */
  thresholds: ThresholdSet;
  /** The thresholds in force for a listing's platform (its jurisdiction profile, latest saved version). */
  thresholdsFor(platformId: string): Promise<ThresholdSet>;
}

export async function createPipelineContext(config: Config, opts: { database?: Database } = {}): Promise<PipelineContext> {
  const database = opts.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  const repos = repositories(database.db);
  const { classifiers, combiner } = await classifierSetFor(config);
  const thresholds = await activeThresholds(repos.thresholds, config.modelsDir, config.profile);
  const resolver = new ThresholdResolver(repos.platforms, repos.thresholds, config.modelsDir, config.profile, config.thresholdRefreshMs);
  return { config, database, repos, classifiers, combiner, thresholds, thresholdsFor: (p) => resolver.forPlatform(p) };
}

export async function closePipelineContext(ctx: PipelineContext): Promise<void> {
  for (const c of ctx.classifiers) await c.close?.();
  await closeOcr(ctx);
  await ctx.database.close();
}
