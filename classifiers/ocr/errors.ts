/**
 * Errors of the OCR path. Each carries a string `code` because a failure stored
 * in a queue job can no longer be checked with `instanceof`.
 *
 * `ImageRejectedError` is about the input and is never worth retrying: the same
 * bytes fail the same way. `OcrService.readImage` turns it into an `ImageRejection`
 * value. `OcrEngineError` is about the engine (missing language data, a crashed
 * or stuck worker, a closed pool): a retry, or a fix to the installation, helps.
 */

export const IMAGE_REJECTION_CODES = ['EMPTY', 'NOT_AN_IMAGE', 'CORRUPT', 'TOO_LARGE', 'DECOMPRESSION_BOMB'] as const;
export type ImageRejectionCode = (typeof IMAGE_REJECTION_CODES)[number];

/** The bytes cannot or must not be decoded; the message says what a person can do about it. */
export class ImageRejectedError extends Error {
  constructor(
    readonly code: ImageRejectionCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ImageRejectedError';
  }
}

export type OcrEngineErrorCode =
  /** no traineddata for a requested language in the configured folder */
  | 'OCR_LANGUAGE_UNAVAILABLE'
  /** a worker failed to start, crashed, or tesseract failed on a prepared image */
  | 'OCR_ENGINE_FAILED'
  /** a recognition ran past its time limit; its worker set is replaced */
  | 'OCR_TIMEOUT'
  /** `close()` was called: no more work is accepted */
  | 'OCR_ENGINE_CLOSED';

export class OcrEngineError extends Error {
  constructor(
    readonly code: OcrEngineErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OcrEngineError';
  }
}

/** models/ocr/ocr-settings.*.json or an option passed in code does not hold together. */
export class OcrSettingsError extends Error {
  readonly code = 'OCR_SETTINGS_INVALID';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OcrSettingsError';
  }
}
