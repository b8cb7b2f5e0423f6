import sharp, { type Metadata } from 'sharp';
import type { OcrWord } from '../../domain/ocr.js';
import { ImageRejectedError } from './errors.js';
import type { ImageLimits } from './settings.js';

/**
 * Turns untrusted listing image bytes into what tesseract reads best: upright,
 * grey, on white, text tall enough, not absurdly large. Anything that cannot or
 * must not be decoded becomes an ImageRejectedError with a code and a message a
 * person can act on.
 */

export interface PreparedImage {
  /** 8-bit grey PNG handed to the OCR engine. */
  png: Buffer;
  /** Prepared size ÷ original size (2 when a thumbnail was enlarged, below 1 when a huge photo was shrunk). */
  scale: number;
  width: number;
  height: number;
  /**
   * Original size as displayed, i.e. after EXIF orientation: browsers apply it,
   * so that is the frame a reviewer sees and word boxes are mapped back into.
   */
  originalWidth: number;
  originalHeight: number;
  /** sharp's name of the input format (`jpeg`, `png`, …). */
  format: string;
}

// PNG at zlib level 1: the buffer only crosses to a worker thread, so encode speed beats size.
const PNG_COMPRESSION_LEVEL = 1;

export async function preprocessImage(bytes: Buffer, limits: ImageLimits): Promise<PreparedImage> {
  if (bytes.length === 0) {
    throw new ImageRejectedError('EMPTY', 'the image file is empty (0 bytes): the download probably failed; fetch it again');
  }
  if (bytes.length > limits.maxBytes) {
    throw new ImageRejectedError(
      'TOO_LARGE',
      `the image is ${formatBytes(bytes.length)}, above the ${formatBytes(limits.maxBytes)} limit: ` +
        'use a smaller copy of the image or raise image.maxBytes in the OCR settings',
    );
  }

  // The pixel limit also guards metadata(): sharp refuses to even parse past it.
  const input = { limitInputPixels: limits.maxInputPixels, failOn: 'truncated' as const };
  let meta: Metadata;
  try {
    meta = await sharp(bytes, input).metadata();
  } catch (cause) {
    throw rejectionFor(cause, limits);
  }

  const format = meta.format ?? 'unknown';
  if (!limits.acceptedFormats.includes(format)) {
    throw new ImageRejectedError(
      'NOT_AN_IMAGE',
      `the file is ${format === 'pdf' || format === 'svg' ? `a ${format.toUpperCase()} document` : `in ${format} format`}, ` +
        `not a photo format OCR reads (${limits.acceptedFormats.join(', ')}): convert it to JPEG or PNG`,
    );
  }
  if (!meta.width || !meta.height) {
    throw new ImageRejectedError('CORRUPT', 'the image header gives no width or height: the file is damaged; fetch it again');
  }
  if (meta.width * meta.height > limits.maxInputPixels) {
    throw bombError(meta.width, meta.height, limits);
  }

  const originalWidth = meta.autoOrient?.width ?? meta.width;
  const originalHeight = meta.autoOrient?.height ?? meta.height;
  const scale = chooseScale(originalWidth, originalHeight, limits);
  const width = Math.max(1, Math.round(originalWidth * scale));
  const height = Math.max(1, Math.round(originalHeight * scale));

  let png: Buffer;
  try {
    png = await sharp(bytes, input)
      .rotate() // EXIF orientation: a phone photo of a label is often stored sideways
      .flatten({ background: '#ffffff' }) // transparent pixels are often black: dark text would vanish into them
      .grayscale()
      .toColourspace('b-w') // one channel out: sharp otherwise writes grey as three identical channels
      .resize(width, height, { fit: 'fill' })
      .png({ compressionLevel: PNG_COMPRESSION_LEVEL })
      .toBuffer();
  } catch (cause) {
    throw rejectionFor(cause, limits);
  }
  return { png, scale, width, height, originalWidth, originalHeight, format };
}

/**
 * Enlarges thumbnails and shrinks huge photos (tesseract's time grows with area).
 * The test is the long side, not the height: a wide 800×220 label strip already
 * has text at a size tesseract reads best, and doubling it raised the character
 * error rate on the demo labels (zh 6.7 % → 15 %); a 300 px thumbnail does not.
 */
export function chooseScale(width: number, height: number, limits: ImageLimits): number {
  const longSide = Math.max(width, height);
  let scale = limits.upscaleBelowSide > 0 && longSide < limits.upscaleBelowSide ? limits.upscaleFactor : 1;
  if (longSide * scale > limits.maxSide) scale = limits.maxSide / longSide;
  return scale;
}

/**
 * Maps a word box from prepared-image pixels back to the original (oriented)
 * image. Each axis uses its own ratio because sizes were rounded to whole pixels;
 * the result is clamped so a box never leaves the image.
 */
export function toOriginalBox(
  bbox: OcrWord['bbox'],
  prepared: Pick<PreparedImage, 'width' | 'height' | 'originalWidth' | 'originalHeight'>,
): OcrWord['bbox'] {
  const sx = prepared.originalWidth / prepared.width;
  const sy = prepared.originalHeight / prepared.height;
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
  const [x0, y0, x1, y1] = bbox;
  return [
    clamp(Math.floor(x0 * sx), prepared.originalWidth),
    clamp(Math.floor(y0 * sy), prepared.originalHeight),
    clamp(Math.ceil(x1 * sx), prepared.originalWidth),
    clamp(Math.ceil(y1 * sy), prepared.originalHeight),
  ];
}

function bombError(width: number, height: number, limits: ImageLimits): ImageRejectedError {
  return new ImageRejectedError(
    'DECOMPRESSION_BOMB',
    `the image declares ${width}×${height} pixels (${((width * height) / 1e6).toFixed(0)} MP), above the ` +
      `${(limits.maxInputPixels / 1e6).toFixed(0)} MP limit: it would take gigabytes to decode; ` +
      'if it is a genuine photo, use a smaller copy',
  );
}

/** sharp reports problems as plain Errors; their messages are the only way to tell them apart. */
function rejectionFor(cause: unknown, limits: ImageLimits): ImageRejectedError {
  const message = cause instanceof Error ? cause.message : String(cause);
  if (/unsupported image format/i.test(message)) {
    return new ImageRejectedError(
      'NOT_AN_IMAGE',
      'the file is not an image (no known image signature): the URL probably served an error page or a document; check the image link',
      { cause },
    );
  }
  if (/exceeds pixel limit/i.test(message)) {
    return new ImageRejectedError(
      'DECOMPRESSION_BOMB',
      `the image declares more than ${(limits.maxInputPixels / 1e6).toFixed(0)} MP: it would take gigabytes to decode; ` +
        'if it is a genuine photo, use a smaller copy',
      { cause },
    );
  }
  return new ImageRejectedError(
    'CORRUPT',
    `the image is damaged or cut short and cannot be decoded (${firstLine(message)}): fetch it again`,
    { cause },
  );
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.trim() || 'no detail';
}
