import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { fold } from '../text/fold.js';

/**
 * The EU Register of nutrition and health claims (Regulation (EC) No 1924/2006):
 * the raw line format we import, and the compact normalised register the
 * ClaimsRegisterClassifier reads (models/claims/eu-register.v1.json).
 */

export const rawRegisterLine = z
  .object({
    claim_text: z.string().min(1, 'claim_text must not be empty'),
    status: z.enum(['Authorised', 'Non-authorised', 'Revoked']),
    claim_type: z.string().min(1),
    ingredient: z.string().nullable().optional(),
    conditions_of_use: z.string().nullable().optional(),
    reasons_for_non_authorisation: z.array(z.string()).nullable().optional(),
    source_url: z.string().url().nullable().optional(),
    document_id: z.string().optional(),
  })
  .passthrough();
export type RawRegisterLine = z.infer<typeof rawRegisterLine>;

export const STATUS_CODES = { Authorised: 'A', 'Non-authorised': 'N', Revoked: 'R' } as const;
export type StatusCode = (typeof STATUS_CODES)[keyof typeof STATUS_CODES];

const compactClaim = z.object({
  id: z.string(),
  status: z.enum(['A', 'N', 'R']),
  type: z.string(),
  ingredient: z.string().optional(),
  /** The claim as published (shortened), for evidence notes. */
  text: z.string(),
  /** Normalised wordings: a register entry often lists several, separated by dashes or semicolons. */
  phrases: z.array(z.string()),
  url: z.string().optional(),
});
export type CompactClaim = z.infer<typeof compactClaim>;

export const registerFileSchema = z.object({
  format: z.literal('shelfwatch.claims-register'),
  version: z.string(),
  profile: z.string(),
  source: z.object({ file: z.string(), sha256: z.string(), lines: z.number().int(), imported: z.number().int(), skipped: z.number().int() }),
  createdAt: z.string(),
  claims: z.array(compactClaim),
});
export type RegisterFile = z.infer<typeof registerFileSchema>;

export class ClaimsRegisterError extends Error {
  readonly code = 'CLAIMS_REGISTER_INVALID';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ClaimsRegisterError';
  }
}

/** Lowercase, no diacritics, letters and digits separated by single spaces. */
export function normaliseClaimText(text: string): string {
  return fold(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// Wordings inside one register entry: "- good for X - supports Y;- helps Z".
const PHRASE_SPLIT = /\s[-–•]\s|;|\n|^\s*-|\.\s+(?=[A-Z])/;
// Revoked-entry commentary ("Following the amendment of Annex III ...") is not claim wording.
const COMMENTARY = /\s(Following the amendment|The claim may be used|In order to bear the claim)\b/;

export function claimPhrases(text: string): string[] {
  const body = text.split(COMMENTARY)[0];
  const out = new Set<string>();
  for (const part of body.split(PHRASE_SPLIT)) {
    const n = normaliseClaimText(part ?? '');
    if (n.split(' ').length >= 3) out.add(n);
  }
  const whole = normaliseClaimText(body);
  if (!out.size && whole) out.add(whole);
  return [...out];
}

export interface ImportResult {
  register: RegisterFile;
  errors: Array<{ line: number; message: string }>;
}

/** Validates each line; a bad line is reported with its number and skipped, the rest imported. */
export function importRegister(file: string, opts: { profile?: string; now?: () => Date } = {}): ImportResult {
  if (!existsSync(file)) throw new ClaimsRegisterError(`register file ${file} does not exist`);
  const raw = readFileSync(file);
  const lines = raw.toString('utf8').split(/\r?\n/);
  const errors: ImportResult['errors'] = [];
  const claims: CompactClaim[] = [];
  let count = 0;
  lines.forEach((text, i) => {
    if (!text.trim()) return;
    count++;
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      errors.push({ line: i + 1, message: `not valid JSON (${(e as Error).message})` });
      return;
    }
    const p = rawRegisterLine.safeParse(obj);
    if (!p.success) {
      errors.push({ line: i + 1, message: p.error.issues.map((x) => `${x.path.join('.') || '(root)'}: ${x.message}`).join('; ') });
      return;
    }
    const r = p.data;
    const phrases = claimPhrases(r.claim_text);
    if (!phrases.length) {
      errors.push({ line: i + 1, message: 'claim_text holds no usable wording' });
      return;
    }
    claims.push({
      id: r.document_id ?? `line-${i + 1}`,
      status: STATUS_CODES[r.status],
      type: r.claim_type,
      ...(r.ingredient ? { ingredient: r.ingredient } : {}),
      text: r.claim_text.length > 240 ? r.claim_text.slice(0, 239) + '…' : r.claim_text,
      phrases,
      ...(r.source_url ? { url: r.source_url } : {}),
    });
  });
  return {
    errors,
    register: {
      format: 'shelfwatch.claims-register',
      version: `eu-register@1.0.0+${createHash('sha256').update(raw).digest('hex').slice(0, 8)}`,
      profile: opts.profile ?? 'eu',
      source: { file: path.basename(file), sha256: createHash('sha256').update(raw).digest('hex'), lines: count, imported: claims.length, skipped: errors.length },
      createdAt: (opts.now?.() ?? new Date()).toISOString(),
      claims,
    },
  };
}

export function writeRegister(file: string, register: RegisterFile): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(register) + '\n');
}

export function readRegister(file: string): RegisterFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new ClaimsRegisterError(`cannot read claims register ${file}: ${(cause as Error).message}`, { cause });
  }
  const p = registerFileSchema.safeParse(raw);
  if (!p.success) throw new ClaimsRegisterError(`claims register ${file} is invalid: ${p.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return p.data;
}
