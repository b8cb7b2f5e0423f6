import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { LABELS, type Label } from '../../domain/labels.js';

/** NLI hypotheses per label and language, kept as data (models/transformers/zero-shot-hypotheses.v1.json). */

export const DEFAULT_HYPOTHESES_PATH = fileURLToPath(new URL('../../models/transformers/zero-shot-hypotheses.v1.json', import.meta.url));

const perLanguage = z.record(z.string().min(2).max(8), z.array(z.string().min(1)).min(1));

export const hypothesisSetSchema = z
  .object({
    schema: z.literal('shelfwatch.zero-shot-hypotheses/v1'),
    version: z.string().min(1),
    /** Used when a listing's language has no hypotheses of its own; the NLI model is cross-lingual. */
    fallbackLanguage: z.string().min(2),
    note: z.string().optional(),
    labels: z.record(z.enum(LABELS), perLanguage),
  })
  .strict()
  .superRefine((s, ctx) => {
    const labels = Object.keys(s.labels);
    if (labels.length === 0) ctx.addIssue({ code: 'custom', path: ['labels'], message: 'at least one label needs hypotheses' });
    for (const l of labels) {
      if (!s.labels[l as Label]![s.fallbackLanguage]) {
        ctx.addIssue({ code: 'custom', path: ['labels', l], message: `no hypotheses in the fallback language ${s.fallbackLanguage}` });
      }
    }
  });

export type HypothesisSet = z.output<typeof hypothesisSetSchema>;

export class HypothesesError extends Error {
  readonly code = 'HYPOTHESES_INVALID';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HypothesesError';
  }
}

export function parseHypothesisSet(data: unknown, source = '(inline)'): HypothesisSet {
  const r = hypothesisSetSchema.safeParse(data);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new HypothesesError(`zero-shot hypotheses ${source} are invalid: ${issues}`);
  }
  return r.data;
}

export function loadHypothesisSet(file: string = DEFAULT_HYPOTHESES_PATH): HypothesisSet {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new HypothesesError(`cannot read zero-shot hypotheses ${file}: ${(cause as Error).message}`, { cause });
  }
  return parseHypothesisSet(data, file);
}

/** Labels the set has hypotheses for, in the canonical LABELS order. */
export function hypothesisLabels(set: HypothesisSet): Label[] {
  return LABELS.filter((l) => set.labels[l] !== undefined);
}

/** Hypotheses in the listing's language, else in the fallback language. */
export function hypothesesFor(set: HypothesisSet, label: Label, language: string): string[] {
  const byLang = set.labels[label];
  if (!byLang) return [];
  return byLang[language.toLowerCase().slice(0, 2)] ?? byLang[set.fallbackLanguage] ?? [];
}
