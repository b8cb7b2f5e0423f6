import { fold } from './fold.js';

export interface TermMatch {
  term: string;
  start: number;
  end: number;
}

const WORD_CHAR = '[\\p{L}\\p{N}]';
// What a space inside a term matches: "blood sugar", "blood-sugar", "bloodsugar".
const WS = '[\\s\\-_]*';

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isCjk(term: string): boolean {
  return /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/.test(term);
}

/**
 * Finds any of a list of terms in folded text. Latin-script terms need word
 * boundaries ("cure" must not match "manicure"); CJK terms match as substrings
 * because those scripts do not separate words (Korean particles attach to nouns).
 * A term written as `re:<regex>` is used as a regular expression.
 */
export class TermMatcher {
  /**
   * The terms as one alternation: `re:` terms, then CJK terms behind a first-character guard,
   * then Latin terms in capture group `latinGroup` (0: none). The Latin terms' left word
   * boundary, (?<![\p{L}\p{N}]), is checked in code (`wordBefore`) rather than in the regex:
   * a lookbehind-led alternative keeps V8 from skipping ahead by first character, which made
   * every scan several times slower. Latin is the last alternative, so when its boundary fails
   * no alternative matches at that position and the search goes on from the next one, exactly
   * as the lookbehind would have it.
   */
  private readonly re: RegExp | undefined;
  private readonly latinGroup: number;
  /**
   * Quick rejection: `re` can only match a text that one of these matches. One holds the
   * `re:` terms exactly as `re` does (the same alternatives, in the same order, so group
   * numbers agree); the other the plain terms merged into a prefix tree (`trieSource`),
   * without guard or word boundaries. Most texts hold none of the terms and are turned
   * away by these cheap scans; `re` itself only runs on the few that pass.
   */
  private readonly pre: RegExp[];

  constructor(terms: readonly string[]) {
    const latin: string[] = [];
    const cjk: string[] = [];
    const regexes: string[] = [];
    const cjkFirst = new Set<string>();
    const plain: string[][] = [];
    for (const t of terms) {
      if (t.trim().length === 0) continue;
      if (t.startsWith('re:')) regexes.push(`(?:${t.slice(3)})`);
      else {
        const folded = fold(t).trim();
        const f = escape(folded).replace(/\s+/g, WS);
        plain.push(tokens(folded));
        if (isCjk(t)) {
          cjk.push(f);
          cjkFirst.add(escape([...folded][0]));
        } else latin.push(f);
      }
    }
    // Longest first so "blood sugar" wins over "sugar".
    const longestFirst = (a: string, b: string) => b.length - a.length;
    latin.sort(longestFirst);
    cjk.sort(longestFirst);
    regexes.sort(longestFirst);
    // Plain terms are grouped (CJK behind one first-character lookahead, Latin behind one word
    // boundary, checked in code) instead of one guard per term: the regex engine then rejects
    // most positions at once, about 9x faster on long texts than one alternative per term.
    const parts = [...regexes];
    if (cjk.length) parts.push(`(?=[${[...cjkFirst].join('')}])(?:${cjk.join('|')})`);
    this.latinGroup = 0;
    if (latin.length) {
      this.latinGroup = (regexes.length ? groupCount(regexes.join('|')) : 0) + 1;
      parts.push(`((?:${latin.join('|')})(?!${WORD_CHAR}))`);
    }
    this.re = parts.length ? new RegExp(parts.join('|'), 'gu') : undefined;
    // A top-level alternation matches somewhere iff one of its alternatives does, and each
    // plain alternative only matches where its bare term does: a necessary condition for `re`.
    this.pre = [];
    if (regexes.length) this.pre.push(new RegExp(regexes.join('|'), 'u'));
    if (plain.length) this.pre.push(new RegExp(trieSource(plain), 'u'));
  }

  /** False when `re` cannot match anywhere in `folded`. */
  private maybe(folded: string): boolean {
    const pre = this.pre;
    for (let i = 0; i < pre.length; i++) if (pre[i].test(folded)) return true;
    return false;
  }

  /** `folded` must be fold(original); offsets refer to both. */
  find(folded: string): TermMatch[] {
    const re = this.re;
    // Most texts hold none of the terms.
    if (!re || !this.maybe(folded)) return [];
    // What folded.matchAll(re) yields, without its per-call copy of the regex: empty matches
    // are skipped and move on by one code point (the `u` flag), as matchAll does.
    const out: TermMatch[] = [];
    const g = this.latinGroup;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(folded)) !== null) {
      if (g && m[g] !== undefined && wordBefore(folded, m.index)) {
        re.lastIndex = advance(folded, m.index);
        continue;
      }
      const term = m[0];
      if (!term) {
        re.lastIndex = advance(folded, re.lastIndex);
        continue;
      }
      out.push({ term, start: m.index, end: m.index + term.length });
    }
    re.lastIndex = 0;
    return out;
  }

  test(folded: string): boolean {
    const re = this.re;
    if (!re || !this.maybe(folded)) return false;
    const g = this.latinGroup;
    re.lastIndex = 0;
    let hit = false;
    let m: RegExpExecArray | null;
    while ((m = re.exec(folded)) !== null) {
      if (g && m[g] !== undefined && wordBefore(folded, m.index)) {
        re.lastIndex = advance(folded, m.index);
        continue;
      }
      hit = true;
      break;
    }
    re.lastIndex = 0;
    return hit;
  }
}

/** The index after the code point at `i` (AdvanceStringIndex for a unicode regex). */
function advance(s: string, i: number): number {
  if (i + 1 >= s.length) return i + 1;
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) return i + 1;
  const d = s.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff ? i + 2 : i + 1;
}

/** A plain term as regex tokens: each code point escaped, each run of spaces one WS. */
function tokens(folded: string): string[] {
  const out: string[] = [];
  let space = false;
  for (const ch of folded) {
    if (/\s/.test(ch)) {
      if (!space) out.push(WS);
      space = true;
    } else {
      out.push(escape(ch));
      space = false;
    }
  }
  return out;
}

interface TrieNode {
  end: boolean;
  next: Map<string, TrieNode>;
}

/**
 * A regex that matches a text iff one of the terms occurs in it, with the terms merged by
 * common prefix ("tieu duong|tieu chay" → "tieu (?:duong|chay)"): the engine then tries a few
 * branches per position instead of every term. Only for finding out whether a term occurs
 * (a term that extends a shorter one is dropped, the shorter one occurs first), not which.
 */
function trieSource(terms: string[][]): string {
  const root: TrieNode = { end: false, next: new Map() };
  for (const t of terms) {
    let n = root;
    for (const tok of t) {
      let k = n.next.get(tok);
      if (!k) n.next.set(tok, (k = { end: false, next: new Map() }));
      n = k;
    }
    n.end = true;
  }
  const emit = (n: TrieNode): string => {
    if (n.end || n.next.size === 0) return '';
    const alts = [...n.next].map(([tok, k]) => tok + emit(k));
    return alts.length === 1 ? alts[0] : `(?:${alts.join('|')})`;
  };
  return emit(root);
}

/** Capturing groups in a regex source. */
function groupCount(source: string): number {
  return new RegExp(`${source}|`, 'u').exec('')!.length - 1;
}

const WORD_RE = new RegExp(`^${WORD_CHAR}$`, 'u');
// Per BMP code unit: 0 = not known yet, 1 = letter or digit, 2 = not.
const wordUnit = new Uint8Array(65536);

/** Is the code point that ends at `at` a letter or digit (what (?<![\p{L}\p{N}]) rejects, unicode mode)? */
function wordBefore(s: string, at: number): boolean {
  if (at === 0) return false;
  const c = s.charCodeAt(at - 1);
  if (c >= 0xdc00 && c <= 0xdfff && at >= 2) {
    const lead = s.charCodeAt(at - 2);
    if (lead >= 0xd800 && lead <= 0xdbff) return WORD_RE.test(s.slice(at - 2, at));
  }
  let w = wordUnit[c];
  if (w === 0) wordUnit[c] = w = WORD_RE.test(String.fromCharCode(c)) ? 1 : 2;
  return w === 1;
}
