import type { ClassifyInput } from '../classifier.js';
import type { Evidence } from '../../domain/labels.js';
import { listingTextFields } from '../../domain/listing.js';
import type { ImageText } from '../../domain/ocr.js';
import { fold } from '../text/fold.js';

/** A piece of seller-written text with its folded form (same length) for matching. */
export interface TextSource {
  field: string;
  text: string;
  folded: string;
  ocr?: ImageText;
}

// The input whose sources and answers the detectors of one classification share (see withSharedTextSources).
let shared: { input: ClassifyInput; sources?: TextSource[]; answers?: Map<string, unknown> } | undefined;

/**
 * Runs `fn` (the detectors of one classification of `input`) with sellerTextSources(input)
 * normalised and folded once instead of once per detector, and each sharedAnswer computed
 * once. Outside `fn` nothing is kept.
 */
export function withSharedTextSources<T>(input: ClassifyInput, fn: () => T): T {
  const outer = shared;
  shared = { input };
  try {
    return fn();
  } finally {
    shared = outer;
  }
}

/**
 * `compute()` once per classification of `input` for questions several detectors ask (is it
 * food? which certificates does it show?); outside withSharedTextSources every call computes.
 * `key` names the question and whatever else the answer depends on (the models folder).
 */
export function sharedAnswer<T>(input: ClassifyInput, key: string, compute: () => T): T {
  if (shared?.input !== input) return compute();
  const answers = (shared.answers ??= new Map());
  if (!answers.has(key)) answers.set(key, compute());
  return answers.get(key) as T;
}

/** The seller's own words: listing fields plus what OCR read on the product images. Reviews are not included. */
export function sellerTextSources(input: ClassifyInput): TextSource[] {
  if (shared?.input === input) return (shared.sources ??= buildTextSources(input)).slice();
  return buildTextSources(input);
}

function buildTextSources(input: ClassifyInput): TextSource[] {
  const out: TextSource[] = listingTextFields(input.listing).map((f) => {
    const text = f.text.normalize('NFC');
    return { field: f.field, text, folded: fold(text) };
  });
  for (const o of input.ocr ?? []) {
    const text = o.text.normalize('NFC');
    if (text.trim()) out.push({ field: `images[${o.imageIndex}].ocr`, text, folded: fold(text), ocr: o });
  }
  return out;
}

/**
 * A rules detector's evidence for `span`, found at [start, end) of a field; on OCR text it carries
 * the span's box in the image. `rule` is the detector's rule id (`health-claims/cure-claim`).
 */
export function spanEvidence(
  src: { field: string; ocr?: ImageText },
  span: string,
  start: number,
  end: number,
  e: { label: Evidence['label']; version: string; rule: string; score: number; note?: string },
): Evidence {
  return {
    label: e.label,
    field: src.field,
    span,
    start,
    end,
    classifier: 'rules',
    version: e.version,
    rule: e.rule,
    score: e.score,
    ...(e.note ? { note: e.note } : {}),
    ...(src.ocr ? { bbox: bboxForSpan(src.ocr, span) } : {}),
  };
}

/** Union of the boxes of OCR words that make up a matched span, for evidence on images. */
export function bboxForSpan(ocr: ImageText, span: string): [number, number, number, number] | undefined {
  const target = fold(span).replace(/\s+/g, '');
  if (!target) return undefined;
  const words = ocr.words;
  for (let i = 0; i < words.length; i++) {
    let acc = '';
    for (let j = i; j < words.length && acc.length < target.length + 4; j++) {
      acc += fold(words[j].text).replace(/\s+/g, '');
      if (!target.startsWith(acc) && !acc.includes(target)) break;
      if (acc.includes(target) || acc === target) {
        const boxes = words.slice(i, j + 1).map((w) => w.bbox);
        return [
          Math.min(...boxes.map((b) => b[0])),
          Math.min(...boxes.map((b) => b[1])),
          Math.max(...boxes.map((b) => b[2])),
          Math.max(...boxes.map((b) => b[3])),
        ];
      }
    }
  }
  // The span may cut through a word (CJK): fall back to words that overlap it.
  const hits = words.filter((w) => {
    const f = fold(w.text).replace(/\s+/g, '');
    return f.length > 0 && (target.includes(f) || f.includes(target));
  });
  if (!hits.length) return undefined;
  return [
    Math.min(...hits.map((w) => w.bbox[0])),
    Math.min(...hits.map((w) => w.bbox[1])),
    Math.max(...hits.map((w) => w.bbox[2])),
    Math.max(...hits.map((w) => w.bbox[3])),
  ];
}
