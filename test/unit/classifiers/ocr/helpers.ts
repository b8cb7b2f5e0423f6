import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OcrEngine, OcrOutput, OcrRecognizeOptions } from '../../../../classifiers/ocr/ocr-engine.js';
import { loadOcrSettings, type OcrSettings } from '../../../../classifiers/ocr/settings.js';
import { TEST_MAX_BYTES } from '../../../fixtures/ocr/labels.js';

export const FIXTURES_DIR = fileURLToPath(new URL('../../../fixtures/ocr/', import.meta.url));

export function fixture(file: string): Buffer {
  return readFileSync(path.join(FIXTURES_DIR, file));
}

/** The shipped settings with the byte cap lowered, so the over-size fixture can stay ~120 KB. */
export function testSettings(): OcrSettings {
  const settings = loadOcrSettings();
  return { ...settings, image: { ...settings.image, maxBytes: TEST_MAX_BYTES } };
}

/** Whitespace-free, lower case, NFC: OCR spacing (and Chinese spacing in particular) varies. */
export function squash(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, '').toLowerCase();
}

/** Wraps an engine and counts recognitions, to prove the cache spares the engine. */
export class CountingEngine implements OcrEngine {
  calls = 0;
  constructor(private readonly inner: OcrEngine) {}
  get name(): string {
    return this.inner.name;
  }
  get version(): string {
    return this.inner.version;
  }
  recognize(image: Buffer, opts: OcrRecognizeOptions): Promise<OcrOutput> {
    this.calls += 1;
    return this.inner.recognize(image, opts);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** 60 s: worker start-up (1-2 s per language set) plus OCR on a busy 2-core machine. */
export const OCR_TIMEOUT_MS = 60_000;

/**
 * Fewest edits turning `needle` into some substring of `haystack` (Sellers'
 * algorithm), on squashed text. OCR may drop a diacritic or misread one glyph;
 * a test asks for the phrase within a small edit budget instead of verbatim.
 */
export function fuzzyDistance(haystack: string, needle: string): number {
  const h = [...squash(haystack)];
  const n = [...squash(needle)];
  let prev = n.map((_, j) => j + 1);
  prev.unshift(0);
  let best = prev[n.length]!;
  for (const ch of h) {
    const cur = [0];
    for (let j = 1; j <= n.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ch === n[j - 1] ? 0 : 1));
    }
    best = Math.min(best, cur[n.length]!);
    prev = cur;
  }
  return best;
}

/** Allowed edits: one in five characters of the phrase, at least one. */
export function editBudget(phrase: string): number {
  return Math.max(1, Math.floor([...squash(phrase)].length / 5));
}
