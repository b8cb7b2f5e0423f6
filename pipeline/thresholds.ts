import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LABELS } from '../domain/labels.js';
import type { ThresholdRepository, ThresholdSet } from '../db/repositories/threshold.repository.js';
import { ConfigError } from '../config.js';

const pair = z.object({ flag: z.number().min(0).max(1), high: z.number().min(0).max(1) });
const fileSchema = z.object({
  version: z.number().int(),
  profiles: z.record(z.object(Object.fromEntries(LABELS.map((l) => [l, pair])) as Record<(typeof LABELS)[number], typeof pair>)),
});

/** Default thresholds from models/thresholds.default.v1.json for a jurisdiction profile (falls back to `default`). */
export function defaultThresholds(modelsDir: string, profile: string): ThresholdSet {
  const file = path.join(modelsDir, 'thresholds.default.v1.json');
  let parsed: z.infer<typeof fileSchema>;
  try {
    parsed = fileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (cause) {
    throw new ConfigError(`cannot load default thresholds from ${file}: ${(cause as Error).message}`, { cause });
  }
  const labels = parsed.profiles[profile] ?? parsed.profiles.default;
  if (!labels) throw new ConfigError(`no thresholds for profile "${profile}" and no "default" profile in ${file}`);
  return { profile, version: parsed.version, labels };
}

/** Active thresholds: the latest saved version in the database, else the defaults. */
export async function activeThresholds(repo: ThresholdRepository | undefined, modelsDir: string, profile: string): Promise<ThresholdSet> {
  const defaults = defaultThresholds(modelsDir, profile);
  return repo ? repo.active(profile, defaults) : defaults;
}
