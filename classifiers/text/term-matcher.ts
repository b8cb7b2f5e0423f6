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
    const parts = terms
      .filter((t) => t.trim().length > 0)
      .map((t) => {
        if (t.startsWith('re:')) return `(?:${t.slice(3)})`;
        const f = escape(fold(t)).replace(/\s+/g, '[\\s\\-_]*');
        return isCjk(t) ? f : `(?<!${WORD_CHAR})${f}(?!${WORD_CHAR})`;
      })
      // Longest first so "blood sugar" wins over "sugar".
      .sort((a, b) => b.length - a.length);
    this.re = parts.length ? new RegExp(parts.join('|'), 'gu') : undefined;
  }

  /** `folded` must be fold(original); offsets refer to both. */
  find(folded: string): TermMatch[] {
    if (!this.re) return [];
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
