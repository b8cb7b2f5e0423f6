import { z } from 'zod';
import type { Evidence } from '../domain/labels.js';
import { foodStatus } from './certificates.js';
import type { ClassifyInput } from './classifier.js';
import { loadRulesFile } from './rules/lexicon-loader.js';
import { bboxForSpan, sellerTextSources, type TextSource } from './rules/text-sources.js';
import { fold } from './text/fold.js';
import { splitSentences } from './text/sentences.js';
import { TermMatcher, type TermMatch } from './text/term-matcher.js';

/** Detector for false_health_claim: cure/treat/prevent claims, miracle promises, approvals it does not show. */
export const DETECTOR = 'health-claims';

const languageLexicon = z.object({
  verbs: z.array(z.string()),
  diseases: z.array(z.string()),
  direct: z.array(z.string()),
  miracle: z.array(z.string()),
  approval_claims: z.array(z.string()),
  negations: z.array(z.string()),
  safe: z.array(z.string()),
});
const fileSchema = z.object({
  version: z.string(),
  scores: z.object({ cure: z.number(), direct: z.number(), miracle: z.number(), fake_approval: z.number(), out_of_scope: z.number(), none: z.number() }),
  out_of_scope_categories: z.array(z.string()),
  languages: z.record(languageLexicon),
});

interface Compiled {
  version: string;
  scores: z.infer<typeof fileSchema>['scores'];
  verbs: TermMatcher;
  diseases: TermMatcher;
  direct: TermMatcher;
  miracle: TermMatcher;
  approval: TermMatcher;
  safe: TermMatcher;
  outOfScope: TermMatcher;
  negations: Array<{ kind: 'after' | 'before-cjk' | 'before'; term: string; re?: RegExp }>;
}

const compiledCache = new Map<string, Compiled>();

/** Every language's terms are applied to every text: listings mix languages (English claims in a Vietnamese shop). */
function compile(modelsDir: string): Compiled {
  const hit = compiledCache.get(modelsDir);
  if (hit) return hit;
  const file = loadRulesFile(modelsDir, 'health-claims.v1.yaml', fileSchema);
  const all = (k: keyof z.infer<typeof languageLexicon>) => Object.values(file.languages).flatMap((l) => l[k]);
  const c: Compiled = {
    version: file.version,
    scores: file.scores,
    verbs: new TermMatcher(all('verbs')),
    diseases: new TermMatcher(all('diseases')),
    direct: new TermMatcher(all('direct')),
    miracle: new TermMatcher(all('miracle')),
    approval: new TermMatcher(all('approval_claims')),
    safe: new TermMatcher(all('safe')),
    outOfScope: new TermMatcher(file.out_of_scope_categories),
    negations: all('negations').map((raw) => {
      const term = fold(raw);
      // Hangul (jamo and syllables) only: the CJK ideographs lie between them and negate before the verb.
      if (/^[\u3131-\u318e\uac00-\ud7af]/.test(term)) return { kind: 'after' as const, term };
      if (/^[\u3400-\u9fff]/.test(term)) return { kind: 'before-cjk' as const, term };
      const esc = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return { kind: 'before' as const, term, re: new RegExp(`(^|[^\\p{L}])${esc}([^\\p{L}]|$)`, 'u') };
    }),
  };
  compiledCache.set(modelsDir, c);
  return c;
}

export function healthClaimsVersion(modelsDir: string): string {
  return compile(modelsDir).version;
}

// A negation this close before a verb (in folded chars) turns "does not cure" into a non-claim.
const NEGATION_WINDOW = 14;

function negated(sentence: string, verb: TermMatch, negations: Compiled['negations']): boolean {
  const before = sentence.slice(Math.max(0, verb.start - NEGATION_WINDOW), verb.start);
  const after = sentence.slice(verb.end, verb.end + 12);
  return negations.some((n) => {
    if (n.kind === 'after') return after.includes(n.term); // Korean negates after the verb stem.
    if (n.kind === 'before-cjk') return before.slice(-3).includes(n.term);
    return n.re!.test(before);
  });
}

export interface DetectorResult {
  score: number;
  evidence: Evidence[];
}

/** Lawful wording a cure-claim hit must not be reported on (e.g. an EU-authorised claim, see claims-register.ts). */
export interface LawfulWording {
  readonly version: string;
  /** Is this (folded) sentence lawful wording? */
  isLawful(sentence: string): boolean;
}

export function detectHealthClaims(input: ClassifyInput, modelsDir: string, lawful?: LawfulWording): DetectorResult {
  const lex = compile(modelsDir);
  const evidence: Evidence[] = [];
  const push = (src: TextSource, start: number, end: number, rule: string, score: number, note?: string) => {
    const span = src.text.slice(start, end);
    evidence.push({
      label: 'false_health_claim',
      field: src.field,
      span,
      start,
      end,
      classifier: 'rules',
      version: lex.version,
      rule: `${DETECTOR}/${rule}`,
      score,
      ...(src.ocr ? { bbox: bboxForSpan(src.ocr, span) } : {}),
      ...(note ? { note } : {}),
    });
  };

  for (const src of sellerTextSources(input)) {
    // An ingredient list makes no claims ("cà phê hòa tan, bột nấm" holds a verb and a disease by accident).
    if (src.field === 'ingredients') continue;
    for (const s of splitSentences(src.folded, src.text)) {
      const sentence = s.text;
      // Mandatory notices ("not a medicine") mention cures only to deny them.
      if (lex.safe.test(sentence)) continue;
      // "Không có tác dụng hạ đường huyết", "本品没有降血糖作用": a negated direct claim is a denial.
      for (const m of lex.direct.find(sentence)) if (!negated(sentence, m, lex.negations)) push(src, s.start + m.start, s.start + m.end, 'direct', lex.scores.direct);
      for (const m of lex.miracle.find(sentence)) if (!negated(sentence, m, lex.negations)) push(src, s.start + m.start, s.start + m.end, 'miracle', lex.scores.miracle);
      for (const m of lex.approval.find(sentence)) push(src, s.start + m.start, s.start + m.end, 'fake-approval', lex.scores.fake_approval, 'approval claimed without a number');
      const diseases = lex.diseases.find(sentence);
      if (!diseases.length) continue;
      const verbs = lex.verbs.find(sentence).filter((v) => !negated(sentence, v, lex.negations));
      // A verb overlapping a disease term ("tiểu đường" holds no verb, but "phòng" vs "phòng ngừa") is fine; a disease used as the verb is not.
      const real = verbs.filter((v) => !diseases.some((d) => v.start >= d.start && v.end <= d.end));
      if (!real.length) continue;
      // "Plant sterols have been shown to lower blood cholesterol" is an authorised claim, not a cure claim.
      if (lawful?.isLawful(sentence)) continue;
      const first = Math.min(real[0].start, diseases[0].start);
      const last = Math.max(real[0].end, diseases[0].end);
      push(src, s.start + first, s.start + last, 'cure-claim', lex.scores.cure);
    }
  }
  if (evidence.length && outOfScope(input, modelsDir, lex)) {
    // The label covers foods, supplements, herbal and cosmetic products; a knee sleeve that
    // "relieves arthritis" is a device claim for another regime. Kept as evidence, scored low.
    const note = `category "${input.listing.category}" is outside false_health_claim (not a food, supplement, herbal or cosmetic product)`;
    for (const e of evidence) {
      e.score = lex.scores.out_of_scope;
      e.note = e.note ? `${e.note}; ${note}` : note;
    }
  }
  const score = evidence.length ? Math.max(...evidence.map((e) => e.score)) : lex.scores.none;
  return { score, evidence };
}

/** The platform's category names a non-food, non-cosmetic product (clothing, kitchenware, electronics, toys...). */
function outOfScope(input: ClassifyInput, modelsDir: string, lex: Compiled): boolean {
  const category = input.listing.category;
  if (!category || !lex.outOfScope.test(fold(category))) return false;
  // Both must agree: a category path that also names food ("Kitchen > Spices") stays in scope.
  return foodStatus(input, modelsDir) === 'not_food';
}
