import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { OcrSettingsError } from './errors.js';

/**
 * OCR settings as versioned data (models/ocr/ocr-settings.v1.json): which
 * tesseract languages read a listing's images, and the caps that keep hostile
 * images from costing memory or minutes. A change of these changes what OCR
 * reads, so it gets a new file version rather than an edit in place.
 */

export const DEFAULT_OCR_SETTINGS_PATH = fileURLToPath(new URL('../../models/ocr/ocr-settings.v1.json', import.meta.url));

/** `eng`, `chi_sim`, `vie+eng`: traineddata names joined by `+`. */
const tesseractLanguage = z
  .string()
  .regex(/^[a-z]{3}(_[a-z]+)?(\+[a-z]{3}(_[a-z]+)?)*$/, 'a tesseract language set looks like `vie+eng`');

export const imageLimitsSchema = z
  .object({
    /** Files above this many bytes are rejected as TOO_LARGE before decoding. */
    maxBytes: z.number().int().positive(),
    /** Declared width × height above this is rejected as DECOMPRESSION_BOMB and never decoded. */
    maxInputPixels: z.number().int().positive(),
    /** Long side of the prepared image, in pixels; larger images are scaled down. */
    maxSide: z.number().int().min(100),
    /** Thumbnails, i.e. images whose long side is below this (px), are enlarged by `upscaleFactor`. 0 disables upscaling. */
    upscaleBelowSide: z.number().int().min(0),
    upscaleFactor: z.number().min(1).max(4),
    /** sharp format names accepted as listing images; anything else is NOT_AN_IMAGE. */
    acceptedFormats: z.array(z.string().min(1)).min(1),
  })
  .strict();

export const ocrSettingsSchema = z
  .object({
    schema: z.literal('shelfwatch.ocr-settings/v1'),
    /** Listing language (primary subtag, lower case) → tesseract language set. */
    languages: z.record(z.string().regex(/^[a-z]{2,3}$/, 'keys are language subtags like `vi`'), tesseractLanguage),
    /** Used for a listing language the map does not name (`und`, `fr`, …). */
    fallbackLanguage: tesseractLanguage,
    image: imageLimitsSchema,
    tesseract: z
      .object({
        /** Tesseract page segmentation mode as tesseract.js expects it ('3' = automatic). */
        pageSegMode: z.string().regex(/^\d{1,2}$/),
        /** A recognition longer than this is treated as a stuck worker. */
        jobTimeoutMs: z.number().int().positive(),
        /** Workers alive across all language sets; null = twice the pool size. */
        maxWorkers: z.number().int().positive().nullable(),
      })
      .strict(),
    /** Free text explaining the numbers; not read by code. */
    notes: z.record(z.string()).optional(),
  })
  .strict()
  .refine((s) => s.image.upscaleBelowSide === 0 || s.image.upscaleFactor > 1, {
    message: 'upscaleFactor must be above 1 when upscaleBelowSide is set',
    path: ['image', 'upscaleFactor'],
  });

export type OcrSettings = z.output<typeof ocrSettingsSchema>;
export type ImageLimits = z.output<typeof imageLimitsSchema>;

/** Reads and validates a settings file; throws OcrSettingsError naming the file and the bad field. */
export function loadOcrSettings(file: string = DEFAULT_OCR_SETTINGS_PATH): OcrSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new OcrSettingsError(`OCR settings ${file} cannot be read as JSON: ${(cause as Error).message}`, { cause });
  }
  const parsed = ocrSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new OcrSettingsError(`OCR settings ${file} are invalid: ${issues}`, { cause: parsed.error });
  }
  return parsed.data;
}

/**
 * Tesseract language set for a listing language: `vi-VN` and `VI` read as `vi`;
 * a language the map does not name gets the fallback (Latin script is the most
 * common on the marketplaces we watch).
 */
export function tesseractLanguageFor(listingLanguage: string, settings: Pick<OcrSettings, 'languages' | 'fallbackLanguage'>): string {
  const primary = listingLanguage.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return settings.languages[primary] ?? settings.fallbackLanguage;
}
