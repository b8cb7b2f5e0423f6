import { fold } from './fold.js';

export interface TermMatch {
  term: string;
  start: number;
  end: number;
}

const WORD_CHAR = '[\\p{L}\\p{N}]';

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
  private readonly re: RegExp | undefined;
  /**
   * Quick rejection: `re` can only match a text that one of these matches. One holds the
   * `re:` terms exactly as `re` does (the same alternatives, in the same order, so group
   * numbers agree); the other the plain terms as a bare alternation, without the guards
   * and word boundaries. V8 scans a bare alternation several times faster than `re`,
   * whose lookbehind-led alternatives defeat its first-character skipping, and most
   * texts hold none of the terms; `re` itself only runs on the few that pass.
   */
  private readonly pre: RegExp[];

  constructor(terms: readonly string[]) {
    const latin: string[] = [];
    const cjk: string[] = [];
    const regexes: string[] = [];
    const cjkFirst = new Set<string>();
    for (const t of terms) {
      if (t.trim().length === 0) continue;
      if (t.startsWith('re:')) regexes.push(`(?:${t.slice(3)})`);
      else {
        const folded = fold(t).trim();
        const f = escape(folded).replace(/\s+/g, '[\\s\\-_]*');
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
    // Plain terms are grouped behind one guard each (a word boundary for Latin, a first-character
    // lookahead for CJK) instead of one per term: the regex engine then rejects most positions at
    // once, about 9x faster on long texts than one alternative per term.
    const parts = [...regexes];
    if (cjk.length) parts.push(`(?=[${[...cjkFirst].join('')}])(?:${cjk.join('|')})`);
    if (latin.length) parts.push(`(?<!${WORD_CHAR})(?:${latin.join('|')})(?!${WORD_CHAR})`);
    this.re = parts.length ? new RegExp(parts.join('|'), 'gu') : undefined;
    // A top-level alternation matches somewhere iff one of its alternatives does, and each
    // plain alternative only matches where its bare term does: a necessary condition for `re`.
    this.pre = [];
    if (regexes.length) this.pre.push(new RegExp(regexes.join('|'), 'u'));
    if (cjk.length || latin.length) this.pre.push(new RegExp([...cjk, ...latin].join('|'), 'u'));
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
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(folded)) !== null) {
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
    re.lastIndex = 0;
    const hit = re.test(folded);
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
