export interface Sentence {
  text: string;
  start: number;
  end: number;
}

// Sentence ends in the four scripts, plus line breaks, bullets and semicolons:
// listings run claims together with these rather than with full stops.
const BOUNDARY = /[.!?。！？;；\n\r•·|]+|\s[-–—]\s/g;

export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let last = 0;
  // An exec loop rather than matchAll, which copies the regex on every call. BOUNDARY never matches empty.
  BOUNDARY.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = BOUNDARY.exec(text)) !== null) {
    const idx = m.index;
    // "Ver. 2.0" or "10.5 g": a dot between digits is not a boundary.
    if (m[0] === '.' && /\d/.test(text[idx - 1] ?? '') && /\d/.test(text[idx + 1] ?? '')) continue;
    if (idx > last) out.push({ text: text.slice(last, idx), start: last, end: idx });
    last = idx + m[0].length;
  }
  BOUNDARY.lastIndex = 0;
  if (last < text.length) out.push({ text: text.slice(last), start: last, end: text.length });
  return out.filter((s) => s.text.trim().length > 0);
}
