import type { OcrWord } from '../../domain/ocr.js';

/**
 * The port between Shelfwatch and an OCR engine, so tesseract.js can be swapped
 * (native tesseract, another library, a counting fake in tests).
 * An engine sees prepared images only: validation, orientation and scaling are
 * done before (see preprocess.ts), and word boxes come back in the coordinates
 * of the image it was given.
 */

export interface OcrOutput {
  /** Text as the engine reads it, lines separated by `\n`. */
  text: string;
  words: OcrWord[];
  /** Mean confidence over the page, 0..100. */
  confidence: number;
}

export interface OcrRecognizeOptions {
  /** Engine language set, e.g. `vie+eng` (script language first). */
  language: string;
  /** Stops waiting for the result; a queued image is never started. */
  signal?: AbortSignal;
}

export interface OcrEngine {
  /** Engine name stored with each result, e.g. `tesseract.js`. */
  readonly name: string;
  /** Engine and data version: a cached result from another version is read again. */
  readonly version: string;
  recognize(image: Buffer, opts: OcrRecognizeOptions): Promise<OcrOutput>;
  /** Ends all workers; pending calls reject with code `OCR_ENGINE_CLOSED`. */
  close(): Promise<void>;
}
