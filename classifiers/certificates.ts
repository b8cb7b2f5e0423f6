import { z } from 'zod';
import type { Evidence } from '../domain/labels.js';
import type { ClassifyInput } from './classifier.js';
import type { DetectorResult } from './health-claims.js';
import { loadRulesFile } from './rules/lexicon-loader.js';
import { bboxForSpan, sellerTextSources } from './rules/text-sources.js';
import { fold } from './text/fold.js';
import { regexUnion } from './text/regex-union.js';
import { TermMatcher } from './text/term-matcher.js';

/** Detector for missing_certificate: is this food, and does it show any certificate identifier anywhere? */
export const DETECTOR = 'certificates';

const perLanguage = z.record(z.array(z.string()));
const fileSchema = z.object({
  version: z.string(),
  scores: z.object({
    missing: z.number(),
    missing_with_unnumbered_mention: z.number(),
    present: z.number(),
    not_food: z.number(),
    unknown_category_food_terms: z.number(),
  }),
  food_categories: z.array(z.string()),
  non_food_categories: z.array(z.string()),
  identifier_patterns: z.array(z.object({ id: z.string(), type: z.string(), regex: z.string() })),
  unnumbered_mentions: z.array(z.string()),
  food_terms: perLanguage,
  non_food_terms: perLanguage,
  /** Attribute names (regex on the folded key) whose value is a certificate identifier: {"haccp_certificate": "HC-2024-3367"}. */
  identifier_attribute_keys: z.array(z.string()).default([]),
});

interface Compiled {
  version: string;
  scores: z.infer<typeof fileSchema>['scores'];
  food: Set<string>;
  nonFood: Set<string>;
  patterns: Array<{ id: string; type: string; re: RegExp }>;
  /** Matches a text iff one of `patterns` does (speed: most texts hold no identifier). */
  anyPattern?: RegExp;
  unnumbered: TermMatcher;
  foodTerms: TermMatcher;
  nonFoodTerms: TermMatcher;
  attributeKeys: RegExp[];
}
const cache = new Map<string, Compiled>();

function compile(modelsDir: string): Compiled {
  const hit = cache.get(modelsDir);
  if (hit) return hit;
  const f = loadRulesFile(modelsDir, 'certificates.v1.yaml', fileSchema);
  const c: Compiled = {
    version: f.version,
    scores: f.scores,
    food: new Set(f.food_categories),
    nonFood: new Set(f.non_food_categories),
    patterns: f.identifier_patterns.map((p) => ({ id: p.id, type: p.type, re: new RegExp(p.regex, "gu") })),
    anyPattern: regexUnion(f.identifier_patterns.map((p) => p.regex)),
    unnumbered: new TermMatcher(f.unnumbered_mentions),
    foodTerms: new TermMatcher(Object.values(f.food_terms).flat()),
    nonFoodTerms: new TermMatcher(Object.values(f.non_food_terms).flat()),
    attributeKeys: f.identifier_attribute_keys.map((k) => new RegExp(k, 'u')),
  };
  cache.set(modelsDir, c);
  return c;
}

export function certificatesVersion(modelsDir: string): string {
  return compile(modelsDir).version;
}

export type FoodStatus = 'food' | 'not_food' | 'unknown_food_terms' | 'unknown';

/** The category decides; without one, food words in the title weigh against non-food words. */
export function foodStatus(input: ClassifyInput, modelsDir: string): FoodStatus {
  const lex = compile(modelsDir);
  const cat = input.listing.category?.toLowerCase().replace(/[\s-]+/g, '_');
  if (cat && lex.food.has(cat)) return 'food';
  if (cat && lex.nonFood.has(cat)) return 'not_food';
  // Marketplace taxonomies ("Grocery > Snacks", "美容护肤/美体/精油"): weigh food against non-food words in the path.
  if (input.listing.category) {
    const path = fold(input.listing.category);
    const f = lex.foodTerms.find(path).length;
    const nf = lex.nonFoodTerms.find(path).length;
    if (f > nf) return 'food';
    if (nf > f) return 'not_food';
  }
  const title = fold(input.listing.title);
  const foodHits = lex.foodTerms.find(title).length;
  const nonFoodHits = lex.nonFoodTerms.find(title).length;
  if (nonFoodHits > foodHits) return 'not_food';
  if (foodHits > 0) return 'unknown_food_terms';
  return 'unknown';
}

/** An identifier has at least 3 characters and a digit. */
export function isIdentifier(s: string): boolean {
  return s.trim().length >= 3 && /\p{N}/u.test(s);
}

// Certificates that speak to food safety or registration; an organic certificate alone does not.
const SAFETY_TYPES_EXCLUDED = new Set(['organic']);

export interface CertificateFinding {
  type: string;
  identifier: string;
  field: string;
  rule: string;
}

/** Every certificate identifier the listing shows, from structured fields, text and OCR. */
export function findCertificates(input: ClassifyInput, modelsDir: string): { found: CertificateFinding[]; evidence: Evidence[] } {
  const lex = compile(modelsDir);
  const found: CertificateFinding[] = [];
  const evidence: Evidence[] = [];
  input.listing.certificates.forEach((c, i) => {
    // A placeholder ("申请中", "추후 업데이트", "pending") is not an identifier: it must hold a digit.
    if (isIdentifier(c.identifier)) {
      found.push({ type: c.type, identifier: c.identifier, field: `certificates[${i}]`, rule: 'structured' });
    }
  });
  for (const [key, value] of Object.entries(input.listing.attributes)) {
    const k = fold(key);
    const p = lex.attributeKeys.find((re) => re.test(k));
    if (p && isIdentifier(value)) found.push({ type: 'attribute', identifier: value, field: `attributes.${key}`, rule: 'attribute-key' });
  }
  for (const src of sellerTextSources(input)) {
    if (lex.anyPattern && !lex.anyPattern.test(src.folded)) continue;
    for (const p of lex.patterns) {
      p.re.lastIndex = 0;
      for (const m of src.folded.matchAll(p.re)) {
        const start = m.index ?? 0;
        const span = src.text.slice(start, start + m[0].length);
        found.push({ type: p.type, identifier: span, field: src.field, rule: p.id });
        evidence.push({
          label: 'info',
          field: src.field,
          span,
          start,
          end: start + m[0].length,
          classifier: 'rules',
          version: lex.version,
          rule: `${DETECTOR}/${p.id}`,
          score: 1,
          note: `certificate identifier (${p.type})`,
          ...(src.ocr ? { bbox: bboxForSpan(src.ocr, span) } : {}),
        });
      }
    }
  }
  return { found, evidence };
}

export function detectMissingCertificate(input: ClassifyInput, modelsDir: string): DetectorResult & { certificates: CertificateFinding[] } {
  const lex = compile(modelsDir);
  const status = foodStatus(input, modelsDir);
  const { found, evidence } = findCertificates(input, modelsDir);
  if (status === 'not_food' || status === 'unknown') {
    return { score: lex.scores.not_food, evidence, certificates: found };
  }
  const safety = found.filter((f) => !SAFETY_TYPES_EXCLUDED.has(f.type));
  if (safety.length) return { score: lex.scores.present, evidence, certificates: found };

  const base = status === 'food' ? lex.scores.missing : lex.scores.unknown_category_food_terms;
  let score = base;
  const out: Evidence[] = [...evidence];
  for (const src of sellerTextSources(input)) {
    for (const m of lex.unnumbered.find(src.folded)) {
      score = Math.max(score, status === 'food' ? lex.scores.missing_with_unnumbered_mention : base);
      out.push({
        label: 'missing_certificate',
        field: src.field,
        span: src.text.slice(m.start, m.end),
        start: m.start,
        end: m.end,
        classifier: 'rules',
        version: lex.version,
        rule: `${DETECTOR}/unnumbered-mention`,
        score,
        note: 'certificate mentioned without an identifier',
      });
    }
  }
  out.push({
    label: 'missing_certificate',
    field: 'listing',
    span: '',
    classifier: 'rules',
    version: lex.version,
    rule: `${DETECTOR}/none-found`,
    score,
    note: `${status === 'food' ? `food category "${input.listing.category}"` : 'food terms in the title'}; no certificate or declaration identifier in structured fields, text${input.ocr?.length ? ' or image text' : ''}`,
  });
  return { score, evidence: out, certificates: found };
}
