import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';

export class LexiconError extends Error {
  readonly code = 'LEXICON_INVALID';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LexiconError';
  }
}

const cache = new Map<string, unknown>();

/** Loads and validates a versioned rules file under models/rules (cached per path). */
export function loadRulesFile<S extends z.ZodTypeAny>(modelsDir: string, file: string, schema: S): z.output<S> {
  const full = path.join(modelsDir, 'rules', file);
  const hit = cache.get(full);
  if (hit) return hit as z.output<S>;
  let raw: unknown;
  try {
    raw = YAML.parse(readFileSync(full, 'utf8'));
  } catch (cause) {
    throw new LexiconError(`cannot read rules file ${full}: ${(cause as Error).message}`, { cause });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new LexiconError(
      `rules file ${full} is invalid: ` + parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  }
  cache.set(full, parsed.data);
  return parsed.data;
}
