import { z } from 'zod';
import type { Evidence } from '../domain/labels.js';
import type { ClassifyInput } from './classifier.js';
import type { DetectorResult } from './health-claims.js';
import { loadRulesFile } from './rules/lexicon-loader.js';
import { sellerTextSources, sharedAnswer, spanEvidence, type TextSource } from './rules/text-sources.js';
import { fold } from './text/fold.js';
import { regexUnion } from './text/regex-union.js';
import { TermMatcher, type TermMatch } from './text/term-matcher.js';

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
  /** Terms that count neither as food nor as non-food and hide the words they cover ("food grade", "an toàn thực phẩm"). */
  neutral_terms: perLanguage.default({}),
  /** A food-safety scheme or licence word followed closely by an identifier token ("FDA FFR 18830274115"). */
  keyword_identifiers: z
    .object({
      keywords: z.array(z.object({ id: z.string(), type: z.string(), regex: z.string() })),
      /** Characters looked at after the keyword. */
      max_gap: z.number().int().positive(),
      /** An identifier token: the whole token must match (folded text). */
      token: z.string(),
      min_length: z.number().int().positive(),
      min_digits: z.number().int().positive(),
      /** Tokens that are not identifiers (whole-token regexes): years, dates, quantities, standard numbers. */
      not_identifiers: z.array(z.string()),
      /** Words that end the search: another number follows (VAT, company, lot, phone, standard) or the sentence ends. */
      stops: z.array(z.string()),
    })
    .optional(),
  /** Structured certificates that are not certificates: a product standard ("TCVN 7087:2013", "GB/T 20883"), a placeholder. */
  structured_excluded_types: z.array(z.string()).default([]),
  not_certificate_identifiers: z.array(z.string()).default([]),
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
  neutralTerms: TermMatcher;
  keywordIds?: {
    keywords: Array<{ id: string; type: string; re: RegExp }>;
    maxGap: number;
    token: RegExp;
    minLength: number;
    minDigits: number;
    notIdentifier: RegExp;
    stops: TermMatcher;
  };
  excludedTypes: Set<string>;
  notCertificate?: RegExp;
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
    neutralTerms: new TermMatcher(Object.values(f.neutral_terms).flat()),
    excludedTypes: new Set(f.structured_excluded_types.map((t) => t.toLowerCase())),
    notCertificate: f.not_certificate_identifiers.length ? new RegExp(f.not_certificate_identifiers.map((r) => `(?:${r})`).join('|'), 'u') : undefined,
  };
  const k = f.keyword_identifiers;
  if (k) {
    c.keywordIds = {
      keywords: k.keywords.map((w) => ({ id: w.id, type: w.type, re: new RegExp(w.regex, 'gu') })),
      maxGap: k.max_gap,
      token: new RegExp(k.token, 'gu'),
      minLength: k.min_length,
      minDigits: k.min_digits,
      notIdentifier: new RegExp(`^(?:${k.not_identifiers.map((r) => `(?:${r})`).join('|')})$`, 'u'),
      stops: new TermMatcher(k.stops),
    };
  }
  cache.set(modelsDir, c);
  return c;
}

export function certificatesVersion(modelsDir: string): string {
  return compile(modelsDir).version;
}

export type FoodStatus = 'food' | 'not_food' | 'unknown_food_terms' | 'unknown';

/**
 * Food and non-food words in a folded text. Where a food word and a non-food word overlap the
 * longer one counts ("food storage" is not "food", "sữa rửa mặt" is not "sữa", "火锅底料" is not
 * "锅"); words inside a neutral term count for neither ("food grade", "an toàn thực phẩm").
 */
export function foodWordCounts(folded: string, modelsDir: string): { food: number; nonFood: number } {
  const lex = compile(modelsDir);
  const neutral = lex.neutralTerms.find(folded);
  const inNeutral = (m: TermMatch) => neutral.some((n) => m.start < n.end && n.start < m.end);
  const food = lex.foodTerms.find(folded).filter((m) => !inNeutral(m));
  const nonFood = lex.nonFoodTerms.find(folded).filter((m) => !inNeutral(m));
  const beaten = (m: TermMatch, others: TermMatch[]) => others.some((o) => m.start < o.end && o.start < m.end && o.end - o.start > m.end - m.start);
  return { food: food.filter((m) => !beaten(m, nonFood)).length, nonFood: nonFood.filter((m) => !beaten(m, food)).length };
}

/** The category decides; without one, food words in the title weigh against non-food words. */
export function foodStatus(input: ClassifyInput, modelsDir: string): FoodStatus {
  // Asked by every detector of a classification: answered once.
  return sharedAnswer(input, `food-status\n${modelsDir}`, () => decideFoodStatus(input, modelsDir));
}

function decideFoodStatus(input: ClassifyInput, modelsDir: string): FoodStatus {
  const lex = compile(modelsDir);
  const cat = input.listing.category?.toLowerCase().replace(/[\s-]+/g, '_');
  if (cat && lex.food.has(cat)) return 'food';
  if (cat && lex.nonFood.has(cat)) return 'not_food';
  // Marketplace taxonomies ("Grocery > Snacks", "美容护肤/美体/精油"): weigh food against non-food words in the path.
  if (input.listing.category) {
    const { food: f, nonFood: nf } = foodWordCounts(fold(input.listing.category), modelsDir);
    if (f > nf) return 'food';
    if (nf > f) return 'not_food';
  }
  const { food: foodHits, nonFood: nonFoodHits } = foodWordCounts(fold(input.listing.title), modelsDir);
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
export function findCertificates(
  input: ClassifyInput,
  modelsDir: string,
): CertificateSearch {
  // The certificates detector and the organic check of label-contradictions both ask.
  return sharedAnswer(input, `certificates\n${modelsDir}`, () => searchCertificates(input, modelsDir));
}

interface CertificateSearch {
  found: CertificateFinding[];
  evidence: Evidence[];
  rejected: Array<{ field: string; identifier: string }>;
}

function searchCertificates(input: ClassifyInput, modelsDir: string): CertificateSearch {
  const lex = compile(modelsDir);
  const found: CertificateFinding[] = [];
  const evidence: Evidence[] = [];
  const rejected: Array<{ field: string; identifier: string }> = [];
  const notCertificate = (type: string, id: string) => lex.excludedTypes.has(type.toLowerCase()) || (lex.notCertificate?.test(fold(id.trim())) ?? false);
  input.listing.certificates.forEach((c, i) => {
    // A placeholder ("申请中", "추후 업데이트", "pending") is not an identifier: it must hold a digit.
    // A product standard ("TCVN 7087:2013", "GB/T 20883") is not a certificate.
    if (isIdentifier(c.identifier) && !notCertificate(c.type, c.identifier)) {
      found.push({ type: c.type, identifier: c.identifier, field: `certificates[${i}]`, rule: 'structured' });
    } else rejected.push({ field: `certificates[${i}]`, identifier: c.identifier });
  });
  for (const [key, value] of Object.entries(input.listing.attributes)) {
    const k = fold(key);
    const p = lex.attributeKeys.find((re) => re.test(k));
    if (p && isIdentifier(value) && !notCertificate('', value)) found.push({ type: 'attribute', identifier: value, field: `attributes.${key}`, rule: 'attribute-key' });
  }
  const record = (src: TextSource, type: string, rule: string, start: number, end: number) => {
    const span = src.text.slice(start, end);
    found.push({ type, identifier: span, field: src.field, rule });
    evidence.push(spanEvidence(src, span, start, end, { label: 'info', version: lex.version, rule: `${DETECTOR}/${rule}`, score: 1, note: `certificate identifier (${type})` }));
  };
  for (const src of sellerTextSources(input)) {
    for (const k of keywordIdentifiers(src.folded, lex)) record(src, k.type, `keyword-identifier/${k.id}`, k.start, k.end);
    if (lex.anyPattern && !lex.anyPattern.test(src.folded)) continue;
    for (const p of lex.patterns) {
      p.re.lastIndex = 0;
      for (const m of src.folded.matchAll(p.re)) {
        const start = m.index ?? 0;
        record(src, p.type, p.id, start, start + m[0].length);
      }
    }
  }
  return { found, evidence, rejected };
}

/**
 * "FDA FFR 18830274115", "NSF GMP registration #C0410572", "BRCGS certified (site code 7194823)",
 * "HACCP cert n. IT-HACCP-BA-20871": a scheme word, then within a few words of the same sentence a
 * token that holds enough digits and is not a year, a date, a quantity or a standard number. A
 * stop word (VAT, company, lot, phone, standard, pending, ...) or the end of the sentence ends the search.
 * Returns the span from the keyword to the end of the identifier.
 */
function keywordIdentifiers(folded: string, lex: Compiled): Array<{ id: string; type: string; start: number; end: number }> {
  const k = lex.keywordIds;
  if (!k) return [];
  const hits: Array<{ id: string; type: string; start: number; from: number }> = [];
  for (const kw of k.keywords) {
    kw.re.lastIndex = 0;
    for (const m of folded.matchAll(kw.re)) hits.push({ id: kw.id, type: kw.type, start: m.index ?? 0, from: (m.index ?? 0) + m[0].length });
  }
  hits.sort((a, b) => a.start - b.start);
  const out: Array<{ id: string; type: string; start: number; end: number }> = [];
  let covered = -1;
  for (const h of hits) {
    if (h.start < covered) continue;
    let window = sentenceRest(folded.slice(h.from, h.from + k.maxGap));
    const stop = k.stops.find(window)[0];
    if (stop) window = window.slice(0, stop.start);
    for (const t of window.matchAll(/[a-z0-9](?:[a-z0-9\-/.]*[a-z0-9])?/g)) {
      const tok = t[0];
      const digits = tok.replace(/\D/g, '').length;
      if (tok.length < k.minLength || digits < k.minDigits || k.notIdentifier.test(tok)) continue;
      k.token.lastIndex = 0;
      const shape = k.token.exec(tok);
      if (!shape || shape[0] !== tok) continue;
      const end = h.from + (t.index ?? 0) + tok.length;
      out.push({ id: h.id, type: h.type, start: h.start, end });
      covered = end;
      break;
    }
  }
  return out;
}

/** `text` up to the end of its sentence: a line break, a bullet, or a full stop after a word that is not an abbreviation ("no.", "reg.", "cert.", "n."). */
function sentenceRest(text: string): string {
  const hard = text.search(/[\n。；;|•!?！？]/u);
  let out = hard >= 0 ? text.slice(0, hard) : text;
  for (const m of out.matchAll(/([\p{L}\p{N}]*)\.(?=\s|$)/gu)) {
    if (/^\p{L}{1,4}$/u.test(m[1])) continue;
    out = out.slice(0, (m.index ?? 0) + m[1].length);
    break;
  }
  return out;
}

export function detectMissingCertificate(input: ClassifyInput, modelsDir: string): DetectorResult & { certificates: CertificateFinding[] } {
  const lex = compile(modelsDir);
  const status = foodStatus(input, modelsDir);
  const { found, evidence, rejected } = findCertificates(input, modelsDir);
  if (status === 'not_food' || status === 'unknown') {
    return { score: lex.scores.not_food, evidence, certificates: found };
  }
  const safety = found.filter((f) => !SAFETY_TYPES_EXCLUDED.has(f.type));
  if (safety.length) return { score: lex.scores.present, evidence, certificates: found };

  const base = status === 'food' ? lex.scores.missing : lex.scores.unknown_category_food_terms;
  let score = base;
  const out: Evidence[] = [...evidence];
  // A certificate field that holds no identifier (a product standard, a placeholder) names a certificate without its number.
  for (const r of rejected) {
    score = Math.max(score, status === 'food' ? lex.scores.missing_with_unnumbered_mention : base);
    out.push({
      label: 'missing_certificate',
      field: r.field,
      span: r.identifier,
      classifier: 'rules',
      version: lex.version,
      rule: `${DETECTOR}/not-an-identifier`,
      score,
      note: 'certificate field without a certificate identifier (a product standard or a placeholder)',
    });
  }
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
