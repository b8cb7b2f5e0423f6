import { z } from 'zod';
import type { Evidence } from '../domain/labels.js';
import { foodStatus } from './certificates.js';
import type { ClassifyInput } from './classifier.js';
import { loadRulesFile } from './rules/lexicon-loader.js';
import { sellerTextSources, spanEvidence, type TextSource } from './rules/text-sources.js';
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
  /** Disease abbreviations ("T2D", "THA", "ĐTĐ", "ㄷㄴ"), matched case-sensitively on the text as written. */
  abbreviations: z.array(z.string()).default([]),
  /** Verbs glued to a disease inside a hashtag ("#chuatieuduong"), besides the plain verbs. */
  hashtag_verbs: z.array(z.string()).default([]),
});
const fileSchema = z.object({
  version: z.string(),
  scores: z.object({ cure: z.number(), direct: z.number(), miracle: z.number(), fake_approval: z.number(), out_of_scope: z.number(), none: z.number() }),
  out_of_scope_categories: z.array(z.string()),
  // Pinyin of the Han characters in disease terms: "tang尿病", "结jie" spell a term with one syllable in Latin.
  pinyin: z.record(z.string()).default({}),
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
  /** Folded plain verb terms: a disease match that is one of them inside a longer verb ("trĩ" in "điều trị") is the verb. */
  verbWords: Set<string>;
  /** Folded plain term (separators removed) to its written forms (lower case, NFC, separators removed), for the diacritics check. */
  written: Map<string, string[]>;
  /** `written`: the negation as written (lower case, NFC), to tell "đừng" (don't) from "dùng" (use). */
  negations: Array<{ kind: 'after' | 'before-cjk' | 'before'; term: string; written?: string; re?: RegExp }>;
  /** Disease abbreviations on the text as written (not folded): "THA" is hypertension, "tha" is not. */
  abbreviations: RegExp | undefined;
  /** Folded plain verbs and diseases without separators, to split hashtags ("#curescancer"). */
  hashtagVerbs: Set<string>;
  hashtagDiseases: Set<string>;
}

const compiledCache = new Map<string, Compiled>();

/** Every language's terms are applied to every text: listings mix languages (English claims in a Vietnamese shop). */
function compile(modelsDir: string): Compiled {
  const hit = compiledCache.get(modelsDir);
  if (hit) return hit;
  const file = loadRulesFile(modelsDir, 'health-claims.v1.yaml', fileSchema);
  const all = (k: keyof z.infer<typeof languageLexicon>) => Object.values(file.languages).flatMap((l) => l[k]);
  const squeeze = (terms: string[]) => new Set(terms.filter((t) => !t.startsWith('re:')).map((t) => fold(t).replace(SEPARATORS, '')).filter((t) => t.length > 1));
  const written = new Map<string, string[]>();
  for (const t of [...all('verbs'), ...all('diseases')]) {
    if (t.startsWith('re:')) continue;
    const key = fold(t).replace(SEPARATORS, '');
    const w = t.normalize('NFC').toLowerCase().replace(SEPARATORS, '');
    const list = written.get(key) ?? [];
    if (!list.includes(w)) list.push(w);
    written.set(key, list);
  }
  const c: Compiled = {
    version: file.version,
    scores: file.scores,
    // Only disease terms: a pinyin verb ("不能用于zhi疗") would slip past the notices and negations written in Han.
    verbs: new TermMatcher(all('verbs')),
    diseases: new TermMatcher([...all('diseases'), ...pinyinVariants(all('diseases'), file.pinyin)]),
    direct: new TermMatcher(all('direct')),
    miracle: new TermMatcher(all('miracle')),
    approval: new TermMatcher(all('approval_claims')),
    safe: new TermMatcher(all('safe')),
    outOfScope: new TermMatcher(file.out_of_scope_categories),
    verbWords: new Set(all('verbs').filter((t) => !t.startsWith('re:')).map((t) => fold(t).trim())),
    abbreviations: abbreviationRegex(all('abbreviations')),
    hashtagVerbs: squeeze([...all('verbs'), ...all('hashtag_verbs')]),
    hashtagDiseases: squeeze(all('diseases')),
    written,
    negations: all('negations').map((raw) => {
      const term = fold(raw);
      // Hangul (jamo and syllables) only: the CJK ideographs lie between them and negate before the verb.
      if (/^[\u3131-\u318e\uac00-\ud7af]/.test(term)) return { kind: 'after' as const, term };
      if (/^[\u3400-\u9fff]/.test(term)) return { kind: 'before-cjk' as const, term };
      const esc = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      // "n't" ends a word ("don't", "doesn't"): it needs no word start before it.
      const start = /^n['’]t$/.test(term) ? '' : '(^|[^\\p{L}])';
      return { kind: 'before' as const, term, written: raw.normalize('NFC').toLowerCase(), re: new RegExp(`${start}(?<neg>${esc})(?=[^\\p{L}]|$)`, 'gu') };
    }),
  };
  compiledCache.set(modelsDir, c);
  return c;
}

const SEPARATORS = /[\s\-_]+/g;
const HAN = /[\u3400-\u9fff]/;

/**
 * One regex for the abbreviations, longest first and without lookarounds (so the engine can skip
 * ahead by first character). Latin ones must stand as words ("THA", not "THAI"), checked in
 * `abbreviationHits`; Hangul jamo ones glue to what follows ("ㄷㄴ환자").
 */
function abbreviationRegex(terms: readonly string[]): RegExp | undefined {
  if (!terms.length) return undefined;
  const esc = (s: string) => s.normalize('NFC').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp([...new Set(terms)].sort((a, b) => b.length - a.length).map(esc).join('|'), 'gu');
}

// A Latin abbreviation must not run on into Latin letters or digits ("THAI"); Han or Hangul may touch it ("tnb克星").
const WORD = /[\p{Script=Latin}\p{N}]/u;
const JAMO = /^[\u3131-\u318e]/;

/** Abbreviations in `text` (as written, NFC) as disease matches with folded terms. */
function abbreviationHits(re: RegExp | undefined, text: string): TermMatch[] {
  if (!re) return [];
  const out: TermMatch[] = [];
  for (const m of text.matchAll(re)) {
    const start = m.index!;
    const end = start + m[0].length;
    if (!JAMO.test(m[0]) && (WORD.test(text[start - 1] ?? '') || WORD.test(text[end] ?? ''))) continue;
    out.push({ term: fold(m[0]), start, end });
  }
  return out;
}

/**
 * Hashtags glue words: "#curescancer", "#beatcancer", "#chuatieuduong", "#hahuyetap". A hashtag
 * that is a verb followed by a disease (or a disease then a verb), with at most a "your/the/my"
 * between them, is the cure claim written as a tag. Returns the hashtags' spans in `folded`.
 */
const HASHTAG = /#([\p{L}\p{N}_]{4,60})/gu;
const HASHTAG_FILLER = /^(your|the|my|all|cac|moi|benh)/;
function hashtagClaims(folded: string, lex: Compiled): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (const m of folded.matchAll(HASHTAG)) {
    const body = m[1].replace(/_/g, '');
    const glued = (a: string, b: string) => {
      if (!a || !b) return false;
      if (lex.hashtagVerbs.has(a) && (lex.hashtagDiseases.has(b) || lex.hashtagDiseases.has(b.replace(HASHTAG_FILLER, '')))) return true;
      return lex.hashtagDiseases.has(a) && lex.hashtagVerbs.has(b);
    };
    for (let i = 2; i < body.length - 1; i++) {
      if (glued(body.slice(0, i), body.slice(i))) {
        out.push({ start: m.index!, end: m.index! + m[0].length });
        break;
      }
    }
  }
  return out;
}

// A question answered "no" right after it ("Will cinnamon cure my diabetes? A: No.") is a denial, not a claim.
const NEGATIVE_ANSWER = /^[?？\s]*(a\s*[:：.]\s*)?(no|nope|not really|absolutely not|khong|ko|不|没有|并不|아니|아뇨)(?![a-z])/;
function deniedQuestion(folded: string, end: number): boolean {
  const c = folded[end];
  return (c === '?' || c === '？') && NEGATIVE_ANSWER.test(folded.slice(end, end + 40));
}

/**
 * Han terms with one character spelt in pinyin ("tang尿病", "结jie", "甲状腺jie节"), as `re:` terms.
 * The pinyin must not run on from other Latin letters, and may be set off by one space.
 */
function pinyinVariants(terms: readonly string[], pinyin: Record<string, string>): string[] {
  const out: string[] = [];
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const t of terms) {
    if (t.startsWith('re:')) continue;
    const chars = [...t.trim()];
    if (chars.length < 2 || !chars.every((ch) => HAN.test(ch))) continue;
    const alts: string[] = [];
    chars.forEach((ch, i) => {
      const py = pinyin[ch];
      if (!py) return;
      const before = esc(chars.slice(0, i).join(''));
      const after = esc(chars.slice(i + 1).join(''));
      alts.push(`${before}${i ? ' ?' : '(?<![a-z])'}${py}${i < chars.length - 1 ? ' ?' : '(?![a-z])'}${after}`);
    });
    if (alts.length) out.push(`re:${alts.join('|')}`);
  }
  return out;
}

const TONES = /[\u0300\u0301\u0303\u0309\u0323]/;

interface Syllable {
  tone: string | undefined;
  bases: Array<{ b: string; q: string }>;
  /** Has a tone or a vowel mark (đ alone does not count: "tieu đuong" writes the đ and nothing else). */
  vowelMarked: boolean;
  marked: boolean;
}

function syllable(s: string): Syllable {
  let tone: string | undefined;
  const bases: Syllable['bases'] = [];
  for (const ch of s.normalize('NFD')) {
    if (/[\u0300-\u036f]/.test(ch)) {
      if (TONES.test(ch)) tone = ch;
      else if (bases.length) bases[bases.length - 1].q += ch;
    } else bases.push(ch === 'đ' ? { b: 'd', q: 'đ' } : { b: ch, q: '' });
  }
  const vowelMarked = tone !== undefined || bases.some((x) => x.q && x.q !== 'đ');
  return { tone, bases, vowelMarked, marked: vowelMarked || bases.some((x) => x.q) };
}

/**
 * Folding makes different Vietnamese words one ("trị" treat / "trĩ" piles, "giấm" vinegar / "giảm"
 * reduce, "dầu đậu" soybean oil / "đau đầu" headache). Where the seller wrote the marks, a term
 * matches only the word it spells: per syllable the tone and the vowel marks must agree.
 * Unmarked writing (and a lexicon term written without marks) matches as before.
 */
function sameWord(original: string, term: string): boolean {
  const o = original.split(/[\s\-_]+/).filter(Boolean);
  const t = term.split(/[\s\-_]+/).filter(Boolean);
  if (o.length !== t.length) return true;
  // A term written with marks spells its unmarked syllables as level-tone, plain vowels ("gan", not "gần").
  const termMarked = term !== fold(term);
  return o.every((os, i) => {
    const a = syllable(os);
    const b = syllable(t[i]);
    if (!a.marked || a.bases.length !== b.bases.length) return true;
    if (!b.marked) return !(termMarked && a.vowelMarked);
    // Only the đ written ("tieu đuong"): the vowels say nothing.
    if (!a.vowelMarked) return a.bases.every((x, j) => !x.q || x.q === b.bases[j].q);
    // Who writes tones writes the vowel marks and the đ too: "dùng" (use) is not "đừng" (don't).
    return a.tone === b.tone && a.bases.every((x, j) => x.q === b.bases[j].q);
  });
}

function writtenAsTerm(lex: Compiled, m: TermMatch, original: string): boolean {
  if (original === m.term || original.toLowerCase() === m.term) return true;
  const forms = lex.written.get(m.term.replace(SEPARATORS, ''));
  if (!forms) return true;
  const o = original.normalize('NFC').toLowerCase();
  // Compare with the separators of the original kept: the forms are looked up without them.
  return forms.some((f) => f === fold(f) || (f.length === o.replace(SEPARATORS, '').length ? sameWord(o, respace(f, o)) : true));
}

/** `form` (no separators) cut into the original's words. */
function respace(form: string, original: string): string {
  const words = original.split(/[\s\-_]+/).filter(Boolean);
  const out: string[] = [];
  let at = 0;
  for (const w of words) {
    out.push(form.slice(at, at + w.length));
    at += w.length;
  }
  return out.join(' ');
}

/**
 * Seller text with the spellings that dodge filters undone: letters spaced or dotted apart
 * ("t.i.ể.u đ.ư.ờ.n.g", "G.O.U.T", "당 뇨", "痛 风 克 星", "预防中 风") and digits for letters
 * ("d1abetes", "g0ut"). Deleting characters changes offsets: `at` maps each index back to the
 * source. `evasive` marks where a spelling was undone (LEET_HERE, GAP_BEFORE).
 */
interface Normalized {
  folded: string;
  text: string;
  at: ArrayLike<number>;
  evasive: Uint8Array;
}

const LEET_HERE = 1;
const GAP_BEFORE = 2;
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '@': 'a', $: 's' };
// Cyrillic letters that look Latin, written inside a Latin word ("hypertensiоn" with a Cyrillic о).
const LOOKALIKE: Record<string, string> = { а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ո: 'n', һ: 'h', к: 'k', м: 'm', т: 't', в: 'b', н: 'h' };
const LOOKALIKE_IN_WORD = /(?<=[a-z])[аеорсухіјѕԁոһкмтвн]|[аеорсухіјѕԁոһкмтвн](?=[a-z])/g;

// What any evasive spelling needs: a digit or @/$ inside a word, a Han or Hangul character next to a
// space, or two single letters set apart. Most texts have none and skip the work below.
const MAYBE_EVASIVE = /[a-z][01345@$а-яіјѕԁոһ]|[а-яіјѕԁոһ][a-z]|[\u3400-\u9fff\uac00-\ud7af][ \t\u3000]|[ \t\u3000][\u3400-\u9fff\uac00-\ud7af]|(?<![\p{L}\p{N}])[a-z][.*·_\-\s]{1,2}[a-z](?![\p{L}\p{N}])/u;

function deobfuscate(folded: string, text: string): Normalized {
  const n = folded.length;
  if (!MAYBE_EVASIVE.test(folded)) return { folded, text, at: identityOffsets(n), evasive: new Uint8Array(n) };
  // Code units, as offsets are: the patterns below only touch BMP characters.
  const chars = folded.split('');
  const drop = new Uint8Array(n);
  const evasive = new Uint8Array(n);
  for (const m of folded.matchAll(/(?<=[a-z])[01345@$](?=[a-z])/g)) {
    chars[m.index!] = LEET[m[0]];
    evasive[m.index!] = 1;
  }
  for (const m of folded.matchAll(LOOKALIKE_IN_WORD)) {
    chars[m.index!] = LOOKALIKE[m[0]];
    evasive[m.index!] = 1;
  }
  const leet = chars.join('');
  // Gaps between tokens of one script: dropped when `join(prev, next, gap)` says so.
  const gaps = (token: RegExp, join: (a: string, b: string, gap: string) => boolean) => {
    let prev: RegExpExecArray | undefined;
    for (const m of leet.matchAll(token)) {
      if (prev) {
        const from = prev.index! + prev[0].length;
        const gap = leet.slice(from, m.index);
        if (join(prev[0], m[0], gap)) for (let i = from; i < m.index!; i++) drop[i] = 1;
      }
      prev = m;
    }
  };
  // Chinese is written without spaces: a lone character set apart belongs to its neighbour.
  gaps(/[\u3400-\u9fff]+/g, (a, b, gap) => /^[ \t\u3000]+$/.test(gap) && (a.length === 1 || b.length === 1));
  // Korean separates words: only single syllables spaced apart ("고 혈 압") are one word.
  gaps(/[\uac00-\ud7af]+/g, (a, b, gap) => /^[ \t\u3000]$/.test(gap) && a.length === 1 && b.length === 1);
  // Latin: runs of three or more single letters set apart by dots, stars or spaces.
  const singles = [...leet.matchAll(/(?<![\p{L}\p{N}])[a-z](?![\p{L}\p{N}])/gu)];
  let run: RegExpMatchArray[] = [];
  const flush = () => {
    if (run.length >= 3) for (let k = 1; k < run.length; k++) for (let i = run[k - 1].index! + 1; i < run[k].index!; i++) drop[i] = 1;
  };
  for (const m of singles) {
    const last = run[run.length - 1];
    if (last && /^(?:[.*·_\-]\s?|\s)$/.test(leet.slice(last.index! + 1, m.index))) run.push(m);
    else {
      flush();
      run = [m];
    }
  }
  flush();
  let outF = '';
  let outT = '';
  const at: number[] = [];
  const ev: number[] = [];
  let gapBefore = false;
  for (let i = 0; i < n; i++) {
    if (drop[i]) {
      gapBefore = at.length > 0;
      continue;
    }
    outF += leet[i];
    outT += text[i];
    at.push(i);
    ev.push((evasive[i] ? LEET_HERE : 0) | (gapBefore ? GAP_BEFORE : 0));
    gapBefore = false;
  }
  at.push(n);
  return { folded: outF, text: outT, at, evasive: Uint8Array.from(ev) };
}

// Offsets 0..n (inclusive) mapped to themselves, shared between calls: the common case of deobfuscate.
let identity = new Int32Array(0);
function identityOffsets(n: number): ArrayLike<number> {
  if (identity.length <= n) {
    identity = new Int32Array(Math.max(n + 1, identity.length * 2));
    for (let i = 0; i < identity.length; i++) identity[i] = i;
  }
  return identity;
}

// A line that lists ingredients names foods, not claims ("dau dau nanh" is soybean oil, not "đau đầu").
const INGREDIENT_LINE = /^\s*(thanh phan|nguyen lieu|ingredients?|配料表?|原料|成分|원재료명?|원료명?|재료|성분)\s*[:：]/;

export function healthClaimsVersion(modelsDir: string): string {
  return compile(modelsDir).version;
}

// A negation this close before a verb (in folded chars) turns "does not cure" into a non-claim.
const NEGATION_WINDOW = 14;

/** `original`: the sentence as written (same length), where the marks tell "đừng" (don't) from "dùng" (use). */
function negated(sentence: string, verb: TermMatch, negations: Compiled['negations'], original?: string): boolean {
  const from = Math.max(0, verb.start - NEGATION_WINDOW);
  const before = sentence.slice(from, verb.start);
  // Korean negates after the stem, within its clause: "한 달에 -8kg, 빠지지 않으면 환불" does not negate the -8kg.
  const after = sentence.slice(verb.end, verb.end + 12).split(/[,，、]/)[0];
  return negations.some((n) => {
    if (n.kind === 'after') return after.includes(n.term); // Korean negates after the verb stem.
    if (n.kind === 'before-cjk') return before.slice(-3).includes(n.term);
    for (const m of before.matchAll(n.re!)) {
      if (!original || n.written === n.term) return true;
      const neg = m.groups!.neg;
      const at = from + m.index! + m[0].length - neg.length;
      if (sameWord(original.slice(at, at + neg.length).toLowerCase(), n.written!)) return true;
    }
    return false;
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
  const push = (src: TextSource, start: number, end: number, rule: string, score: number, note?: string) =>
    evidence.push(spanEvidence(src, src.text.slice(start, end), start, end, { label: 'false_health_claim', version: lex.version, rule: `${DETECTOR}/${rule}`, score, note }));

  for (const src of sellerTextSources(input)) {
    // An ingredient list makes no claims ("cà phê hòa tan, bột nấm" holds a verb and a disease by accident).
    if (src.field === 'ingredients') continue;
    const norm = deobfuscate(src.folded, src.text);
    // Offsets in the normalized text back to the source.
    const from = (i: number) => norm.at[i];
    const to = (i: number) => (i > 0 ? norm.at[i - 1] + 1 : 0);
    const pushN = (start: number, end: number, rule: string, score: number, note?: string) => push(src, from(start), to(end), rule, score, note);
    const terms = (m: TermMatcher, sentence: string, at: number) =>
      m.find(sentence).filter((t) => writtenAsTerm(lex, t, norm.text.slice(at + t.start, at + t.end)));
    /** Unnegated verbs that are not part of a disease term, and diseases that are not part of a verb. */
    const abbr = abbreviationHits(lex.abbreviations, norm.text);
    const claimTerms = (sentence: string, at: number) => {
      const diseases = terms(lex.diseases, sentence, at);
      for (const a of abbr) {
        if (a.start >= at && a.end <= at + sentence.length) diseases.push({ term: a.term, start: a.start - at, end: a.end - at });
      }
      if (abbr.length) diseases.sort((a, b) => a.start - b.start);
      if (!diseases.length) return { verbs: [], diseases };
      const original = norm.text.slice(at, at + sentence.length);
      const verbs = terms(lex.verbs, sentence, at).filter((v) => !negated(sentence, v, lex.negations, original));
      // A verb overlapping a disease term ("tiểu đường" holds no verb, but "phòng" vs "phòng ngừa") is fine; a disease used as the verb is not.
      const real = verbs.filter((v) => !diseases.some((d) => v.start >= d.start && v.end <= d.end));
      // "trị" (treat) folds like "trĩ" (piles): inside "điều trị" it is the verb.
      const ds = diseases.filter((d) => !(lex.verbWords.has(d.term) && real.some((v) => v.start <= d.start && v.end >= d.end && v.end - v.start > d.end - d.start)));
      return { verbs: real, diseases: ds };
    };
    const sentences = splitSentences(norm.folded, norm.text).filter((s) => !lex.safe.test(s.text) && !INGREDIENT_LINE.test(s.text));
    let fieldHasVerb: boolean | undefined;
    const hasVerb = (o: { text: string; start: number }) =>
      terms(lex.verbs, o.text, o.start).some((v) => !negated(o.text, v, lex.negations, norm.text.slice(o.start, o.start + o.text.length)));
    if (norm.folded.includes('#')) {
      for (const h of hashtagClaims(norm.folded, lex)) {
        if (!sentences.some((s) => h.start >= s.start && h.end <= s.end)) continue; // inside a notice
        pushN(h.start, h.end, 'hashtag-cure-claim', lex.scores.cure, 'cure claim glued into a hashtag');
      }
    }
    for (const s of sentences) {
      const sentence = s.text;
      const original = norm.text.slice(s.start, s.end);
      if (deniedQuestion(norm.folded, s.end)) continue;
      // "Không có tác dụng hạ đường huyết", "本品没有降血糖作用": a negated direct claim is a denial.
      for (const m of lex.direct.find(sentence)) if (!negated(sentence, m, lex.negations, original)) pushN(s.start + m.start, s.start + m.end, 'direct', lex.scores.direct);
      for (const m of lex.miracle.find(sentence)) if (!negated(sentence, m, lex.negations, original)) pushN(s.start + m.start, s.start + m.end, 'miracle', lex.scores.miracle);
      for (const m of lex.approval.find(sentence)) pushN(s.start + m.start, s.start + m.end, 'fake-approval', lex.scores.fake_approval, 'approval claimed without a number');
      const { verbs, diseases } = claimTerms(sentence, s.start);
      if (!diseases.length) continue;
      // "Plant sterols have been shown to lower blood cholesterol" is an authorised claim, not a cure claim.
      if (verbs.length) {
        if (lawful?.isLawful(sentence)) continue;
        const first = Math.min(verbs[0].start, diseases[0].start);
        const last = Math.max(verbs[0].end, diseases[0].end);
        pushN(s.start + first, s.start + last, 'cure-claim', lex.scores.cure);
        continue;
      }
      // A disease spelt to get past filters ("d1abetes", "당 뇨", "tang尿病") is written to sell a cure:
      // the promise may sit in another sentence of the same text. OCR spaces letters by itself, so not there.
      if (src.ocr) continue;
      const dodged = diseases.find((d) => isEvasive(norm, s.start + d.start, s.start + d.end, d.term));
      if (!dodged) continue;
      fieldHasVerb ??= sentences.some(hasVerb);
      if (fieldHasVerb) pushN(s.start + dodged.start, s.start + dodged.end, 'evasive-cure-claim', lex.scores.cure, 'disease name spelt to dodge filters; the cure promise is in another sentence');
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

function isEvasive(norm: Normalized, start: number, end: number, term: string): boolean {
  // Pinyin for one character of a Han term.
  if (HAN.test(term) && /[a-z]/.test(term)) return true;
  // A digit for a letter anywhere in it.
  for (let i = start; i < end; i++) if (norm.evasive[i] & LEET_HERE) return true;
  // Every letter set apart ("당 뇨", "痛 风", "G.O.U.T"); one stray space in Chinese text ("糖 尿病") is not enough.
  if (end - start < 2) return false;
  for (let i = start + 1; i < end; i++) if (!(norm.evasive[i] & GAP_BEFORE)) return false;
  return true;
}

/** The platform's category names a non-food, non-cosmetic product (clothing, kitchenware, electronics, toys...). */
function outOfScope(input: ClassifyInput, modelsDir: string, lex: Compiled): boolean {
  const category = input.listing.category;
  if (!category || !lex.outOfScope.test(fold(category))) return false;
  // Both must agree: a category path that also names food ("Kitchen > Spices") stays in scope.
  return foodStatus(input, modelsDir) === 'not_food';
}
