import { describe, expect, it } from 'vitest';
import { fold } from '../../../../classifiers/text/fold.js';
import { regexUnion } from '../../../../classifiers/text/regex-union.js';
import { TermMatcher, type TermMatch } from '../../../../classifiers/text/term-matcher.js';

const W = '[\\p{L}\\p{N}]';
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The matcher as one regex with the Latin boundary as a lookbehind, read with matchAll: what TermMatcher must equal. */
function reference(terms: string[]): (text: string) => TermMatch[] {
  const latin: string[] = [];
  const cjk: string[] = [];
  const regexes: string[] = [];
  const first = new Set<string>();
  for (const t of terms) {
    if (!t.trim()) continue;
    if (t.startsWith('re:')) regexes.push(`(?:${t.slice(3)})`);
    else {
      const f = fold(t).trim();
      const p = esc(f).replace(/\s+/g, '[\\s\\-_]*');
      if (/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/.test(t)) {
        cjk.push(p);
        first.add(esc([...f][0]));
      } else latin.push(p);
    }
  }
  const by = (a: string, b: string) => b.length - a.length;
  const parts = [...regexes.sort(by)];
  if (cjk.length) parts.push(`(?=[${[...first].join('')}])(?:${cjk.sort(by).join('|')})`);
  if (latin.length) parts.push(`(?<!${W})(?:${latin.sort(by).join('|')})(?!${W})`);
  const re = new RegExp(parts.join('|'), 'gu');
  return (text) => [...text.matchAll(re)].filter((m) => m[0]).map((m) => ({ term: m[0], start: m.index!, end: m.index! + m[0].length }));
}

const TERMS = ['cure', 'blood sugar', 'sugar', 'diabetes', 'chữa khỏi', '糖尿病', '당뇨', 're:(tri|chua) (vet )?nam(?![a-z])', 're:(\\d+) ?kg in (\\d+) days?'];

describe('when a term matcher looks for terms', () => {
  const m = new TermMatcher(TERMS);

  it('needs a word boundary before and after a Latin term, in code points', () => {
    expect(m.find('manicure')).toEqual([]);
    expect(m.find('cures')).toEqual([]);
    expect(m.find('1cure')).toEqual([]);
    // An astral letter before the term is a letter; an emoji or a lone surrogate is not.
    expect(m.find('\u{1d400}cure')).toEqual([]);
    expect(m.find('😀cure')).toEqual([{ term: 'cure', start: 2, end: 6 }]);
    expect(m.find('\udc00cure')).toEqual([{ term: 'cure', start: 1, end: 5 }]);
    expect(m.find('xcure cure')).toEqual([{ term: 'cure', start: 6, end: 10 }]);
  });

  it('prefers the longest term and lets spaces match hyphens or nothing', () => {
    expect(m.find('lowers blood-sugar').map((t) => t.term)).toEqual(['blood-sugar']);
    expect(m.find('bloodsugar sugar').map((t) => t.term)).toEqual(['bloodsugar', 'sugar']);
  });

  it('matches CJK terms inside words and regex terms with their own groups', () => {
    expect(m.find('治疗糖尿病')).toEqual([{ term: '糖尿病', start: 2, end: 5 }]);
    expect(m.find('giam 5 kg in 7 days, chua nam cure')).toEqual([
      { term: '5 kg in 7 days', start: 5, end: 19 },
      { term: 'chua nam', start: 21, end: 29 },
      { term: 'cure', start: 30, end: 34 },
    ]);
  });

  it('finds what one regex with a lookbehind finds, and tests true where it matches (even empty)', () => {
    const ref = reference(TERMS);
    const pieces = ['cure', 'mani', 'blood', ' ', '-', 'sugar', '糖尿病', '당뇨', '😀', '\u{1d400}', '1', 'x', 'chua nam', 'tri vet nam', 'namx', '5kg in 2 day', '\udc00', 'é', 'ữ'];
    let seed = 1;
    const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 3000; i++) {
      let text = '';
      for (let k = Math.floor(rnd() * 7); k >= 0; k--) text += pieces[Math.floor(rnd() * pieces.length)];
      expect(m.find(text), JSON.stringify(text)).toEqual(ref(text));
    }
    // A regex term that matches the empty string: test() says so, find() reports no empty spans.
    const empty = new TermMatcher(['re:x*', 'cure']);
    expect(empty.test('nothing here')).toBe(true);
    expect(empty.find('a xx cure')).toEqual([{ term: 'xx', start: 2, end: 4 }]);
    for (const text of ['a xx cure', '😀x', 'cure', '']) expect(empty.find(text)).toEqual(reference(['re:x*', 'cure'])(text));
    expect(new TermMatcher(['cure']).test('manicure')).toBe(false);
    expect(new TermMatcher(['cure']).test('a cure')).toBe(true);
  });

  it('matches nothing without terms', () => {
    expect(new TermMatcher([' ', '']).find('cure')).toEqual([]);
    expect(new TermMatcher([]).test('cure')).toBe(false);
  });
});

describe('when regexes are joined for a quick rejection', () => {
  it('matches a text iff one of them does', () => {
    const u = regexUnion(['\\d{4}-\\d{2}', '(?<![a-z])sc\\d{3}'])!;
    expect(u.test('no 2024-05')).toBe(true);
    expect(u.test('sc123')).toBe(true);
    expect(u.test('xsc123 2024-5')).toBe(false);
  });

  it('gives up on backreferences, whose numbers would shift', () => {
    expect(regexUnion(['(a)\\1'])).toBeUndefined();
    expect(regexUnion(['(?<x>a)\\k<x>'])).toBeUndefined();
    expect(regexUnion([])).toBeUndefined();
  });
});
