export interface Sentence {
  text: string;
  start: number;
  end: number;
}

// Sentence ends in the four scripts, plus line breaks, bullets and semicolons:
// listings run claims together with these rather than with full stops.
const BOUNDARY = /[.!?。！？;；\n\r•·|]+|\s[-–—]\s/g;

// A line that goes on in lower case continues the line above: labels and OCR wrap a
// sentence ("không có\ntác dụng thay thế thuốc chữa bệnh"), and splitting there cuts a
// notice or a negation off from the words it governs.
const SOFT_WRAP = /^\r?\n[ \t]*\p{Ll}/u;

/**
 * Splits text into sentences. `original` is the unfolded text the offsets refer to
 * (same length): folded text is all lower case, so only the original tells a wrapped
 * line from a new one.
 */
export function splitSentences(text: string, original?: string): Sentence[] {
  const out: Sentence[] = [];
  let last = 0;
  // An exec loop rather than matchAll, which copies the regex on every call. BOUNDARY never matches empty.
  BOUNDARY.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = BOUNDARY.exec(text)) !== null) {
    const idx = m.index;
    // "Ver. 2.0" or "10.5 g": a dot between digits is not a boundary.
    if (m[0] === '.' && /\d/.test(text[idx - 1] ?? '') && /\d/.test(text[idx + 1] ?? '')) continue;
    if (original && (m[0] === '\n' || m[0] === '\r\n') && SOFT_WRAP.test(original.slice(idx, idx + m[0].length + 8))) continue;
    if (idx > last) out.push({ text: text.slice(last, idx), start: last, end: idx });
    last = idx + m[0].length;
  }
  BOUNDARY.lastIndex = 0;
  if (last < text.length) out.push({ text: text.slice(last), start: last, end: text.length });
  return out.filter((s) => s.text.trim().length > 0);
}
