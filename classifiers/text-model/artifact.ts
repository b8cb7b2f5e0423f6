import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LABELS } from '../../domain/labels.js';

/** The saved text model: what `shelfwatch train` writes and the classifier loads. */

export class TextModelArtifactError extends Error {
  readonly code = 'TEXT_MODEL_INVALID';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TextModelArtifactError';
  }
}

const encoded = z.object({ bias: z.number(), scale: z.number(), count: z.number().int().nonnegative(), idx: z.string(), q: z.string() });
const calibrator = z.discriminatedUnion('method', [
  z.object({ method: z.literal('platt'), a: z.number(), b: z.number() }),
  z.object({ method: z.literal('isotonic'), x: z.array(z.number()), y: z.array(z.number()) }),
  z.object({ method: z.literal('none') }),
]);
const labelEnum = z.enum(LABELS);

export const artifactSchema = z.object({
  format: z.literal('shelfwatch.text-model'),
  formatVersion: z.literal(1),
  /** e.g. text-model@1.1.0+1a2b3c4d (corpus sha256, first 8 hex). */
  version: z.string(),
  createdAt: z.string(),
  corpus: z.object({
    path: z.string(),
    sha256: z.string(),
    listings: z.number().int(),
    extra: z.object({ path: z.string(), sha256: z.string(), listings: z.number().int() }).optional(),
  }),
  features: z.object({
    bits: z.number().int(),
    charMin: z.number().int(),
    charMax: z.number().int(),
    wordMax: z.number().int(),
    maxCrosses: z.number().int(),
    foodCategories: z.array(z.string()),
  }),
  labels: z.array(labelEnum),
  models: z.record(labelEnum, encoded),
  calibration: z.record(labelEnum, calibrator),
  training: z.record(z.unknown()),
  metrics: z.record(z.unknown()),
});
export type TextModelArtifact = z.infer<typeof artifactSchema>;

const FILE_RE = /^text-model\.v(\d+)\.json$/;

/** The highest-numbered `text-model.v<N>.json` in a folder, or undefined. */
export function latestArtifactFile(dir: string): { file: string; n: number } | undefined {
  if (!existsSync(dir)) return undefined;
  let best: { file: string; n: number } | undefined;
  for (const f of readdirSync(dir)) {
    const m = FILE_RE.exec(f);
    if (m && (!best || Number(m[1]) > best.n)) best = { file: path.join(dir, f), n: Number(m[1]) };
  }
  return best;
}

export function readArtifact(file: string): TextModelArtifact {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new TextModelArtifactError(`cannot read text model ${file}: ${(cause as Error).message}`, { cause });
  }
  const parsed = artifactSchema.safeParse(raw);
  if (!parsed.success) {
    throw new TextModelArtifactError(`text model ${file} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

export function writeArtifact(file: string, artifact: TextModelArtifact): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(artifact) + '\n');
}
