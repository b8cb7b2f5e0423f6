import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { LABELS, type Label } from '../../domain/labels.js';

const basis = z.object({ instrument: z.string().min(1), article: z.string().min(1), summary: z.string().min(1) }).strict();

export const jurisdictionSchema = z
  .object({
    id: z.string().regex(/^[a-z]{2,12}$/),
    version: z.number().int().min(1),
    name: z.string().min(1),
    /** Whether the EU Digital Services Act applies (Art. 16 notice, statement of reasons). */
    dsa: z.boolean(),
    notice_language: z.string().min(2),
    legal_basis: z.object(Object.fromEntries(LABELS.map((l) => [l, z.array(basis).min(1)])) as Record<Label, z.ZodArray<typeof basis>>).strict(),
  })
  .strict();

export type JurisdictionProfile = z.infer<typeof jurisdictionSchema>;
export type LegalBasis = z.infer<typeof basis>;

export class JurisdictionError extends Error {
  readonly code = 'JURISDICTION_INVALID';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JurisdictionError';
  }
}

/** Profile used when a platform's profile has no file of its own (e.g. `default`). */
export const FALLBACK_PROFILE = 'eu';

/**
 * Loads every `models/jurisdictions/<id>.v<N>.yaml`, keeping the highest
 * version per id. Invalid files fail loudly: a notice must never cite a
 * half-read legal basis.
 */
export function loadJurisdictions(modelsDir: string): Map<string, JurisdictionProfile> {
  const dir = path.join(modelsDir, 'jurisdictions');
  const out = new Map<string, JurisdictionProfile>();
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /\.v\d+\.ya?ml$/.test(f));
  } catch (cause) {
    throw new JurisdictionError(`cannot read jurisdiction profiles in ${dir}: ${(cause as Error).message}`, { cause });
  }
  for (const f of files) {
    const file = path.join(dir, f);
    const parsed = jurisdictionSchema.safeParse(parse(readFileSync(file, 'utf8')));
    if (!parsed.success) {
      throw new JurisdictionError(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    const prev = out.get(parsed.data.id);
    if (!prev || prev.version < parsed.data.version) out.set(parsed.data.id, parsed.data);
  }
  if (!out.has(FALLBACK_PROFILE)) throw new JurisdictionError(`no "${FALLBACK_PROFILE}" profile in ${dir}; it is the fallback for unknown profiles`);
  return out;
}

/** The profile for a platform's profile name, or the fallback. */
export function resolveJurisdiction(profiles: Map<string, JurisdictionProfile>, name: string | undefined): JurisdictionProfile {
  return (name && profiles.get(name)) || profiles.get(FALLBACK_PROFILE)!;
}
