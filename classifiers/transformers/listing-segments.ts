import { listingTextFields } from '../../domain/listing.js';
import type { ClassifyInput } from '../classifier.js';
import { splitSentences } from '../text/sentences.js';

/** A piece of one field that a model reads as a whole; its offsets make it evidence a reviewer can find. */
export interface TextSegment {
  /** `title`, `description`, `labelClaims[0]`, `images[2].ocr`, ... (as in Evidence.field). */
  field: string;
  text: string;
  start: number;
  end: number;
}

export interface SegmentOptions {
  /**
   * Longest segment in characters. Default 400: a CJK character is about one
   * token, so 400 stays under the 512-token window of e5 and mDeBERTa, and a
   * short segment makes sharper evidence than a whole description.
   */
  maxChars?: number;
  /**
   * Most segments read per listing. Default 32: bounds the cost of one spammy
   * listing; fields come title first, so the cut drops the tail of long descriptions.
   */
  maxSegments?: number;
}

export const DEFAULT_MAX_CHARS = 400;
export const DEFAULT_MAX_SEGMENTS = 32;

/** The listing's text fields and OCR text, split at sentence ends into segments of at most maxChars. */
export function listingSegments(input: ClassifyInput, options: SegmentOptions = {}): TextSegment[] {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const maxSegments = options.maxSegments ?? DEFAULT_MAX_SEGMENTS;
  const fields = listingTextFields(input.listing);
  for (const o of input.ocr ?? []) if (o.text.trim()) fields.push({ field: `images[${o.imageIndex}].ocr`, text: o.text });
  const out: TextSegment[] = [];
  for (const f of fields) {
    for (const s of splitField(f.text, maxChars)) {
      out.push({ field: f.field, ...s });
      if (out.length >= maxSegments) return out;
    }
  }
  return out;
}

function splitField(text: string, maxChars: number): Array<{ text: string; start: number; end: number }> {
  if (text.length <= maxChars) return text.trim() ? [{ text, start: 0, end: text.length }] : [];
  const pieces: Array<{ start: number; end: number }> = [];
  for (const s of splitSentences(text)) {
    // A run-on "sentence" longer than the window is cut hard; the model would truncate it anyway.
    for (let a = s.start; a < s.end; a += maxChars) pieces.push({ start: a, end: Math.min(s.end, a + maxChars) });
  }
  // Neighbouring sentences are packed together up to maxChars: fewer, fuller model inputs.
  const windows: Array<{ start: number; end: number }> = [];
  for (const p of pieces) {
    const last = windows[windows.length - 1];
    if (last && p.end - last.start <= maxChars) last.end = p.end;
    else windows.push({ ...p });
  }
  return windows.map((w) => ({ text: text.slice(w.start, w.end), start: w.start, end: w.end })).filter((w) => w.text.trim());
}
