import { createHash } from 'node:crypto';
import os from 'node:os';
import type { ImageRejection, ImageText } from '../../domain/ocr.js';
import { ImageRejectedError } from './errors.js';
import { MemoryOcrCache, type CachedOcr, type OcrCache } from './ocr-cache.js';
import type { OcrEngine } from './ocr-engine.js';
import { preprocessImage, toOriginalBox } from './preprocess.js';
import { loadOcrSettings, tesseractLanguageFor, type OcrSettings } from './settings.js';
import { TesseractPool, type TesseractPoolOptions } from './tesseract-pool.js';
import { tidyOcrText } from './tidy-text.js';

/**
 * Reads the text of one listing image: validate and prepare the bytes, look the
 * content up in the cache, otherwise OCR it. A bad image is an expected outcome
 * (a rejection value the listing is still classified without); engine trouble
 * (missing language data, a crashed worker, an abort) is thrown.
 */

export type ReadImageResult =
  /** `cached`: no OCR ran for this call (a cache hit, or the same image being read for another caller). */
  | { ok: true; text: ImageText; cached: boolean }
  | { ok: false; rejection: ImageRejection };

type ReadOutcome = { ok: true; result: CachedOcr } | { ok: false; code: string; reason: string };

export interface ReadImageOptions {
  /** Index into listing.images, copied into the result. */
  imageIndex: number;
  /** The listing's language (`vi`, `zh-CN`, …); mapped to a tesseract language set by the settings. */
  language: string;
  signal?: AbortSignal;
}

export interface OcrServiceOptions {
  engine: OcrEngine;
  /** Default: an in-memory LRU of 1000 entries. */
  cache?: OcrCache;
  /** Default: models/ocr/ocr-settings.v1.json. */
  settings?: OcrSettings;
}

export class OcrService {
  private readonly engine: OcrEngine;
  private readonly cache: OcrCache;
  readonly settings: OcrSettings;
  /** Reads under way, so the same image arriving twice at once is OCR'd once. */
  private readonly inFlight = new Map<string, { read: Promise<ReadOutcome>; signal?: AbortSignal }>();

  constructor(options: OcrServiceOptions) {
    this.engine = options.engine;
    this.cache = options.cache ?? new MemoryOcrCache();
    this.settings = options.settings ?? loadOcrSettings();
  }

  get engineVersion(): string {
    return this.engine.version;
  }

  async readImage(bytes: Buffer, options: ReadImageOptions): Promise<ReadImageResult> {
    const { imageIndex, signal } = options;
    signal?.throwIfAborted();
    const language = tesseractLanguageFor(options.language, this.settings);
    const sha256 = createHash('sha256').update(bytes).digest('hex');

    const hit = await this.cache.get(sha256, language);
    // A result from another engine or data version may read differently: read the image again.
    if (hit && hit.engineVersion === this.engine.version) return { ok: true, text: { ...hit, imageIndex }, cached: true };

    const key = `${sha256}:${language}`;
    let entry = this.inFlight.get(key);
    const shared = entry !== undefined;
    if (!entry) {
      const read = this.read(bytes, sha256, language, signal).finally(() => this.inFlight.delete(key));
      entry = { read, signal };
      this.inFlight.set(key, entry);
    }
    let outcome: ReadOutcome;
    try {
      outcome = await entry.read;
    } catch (error) {
      // The caller who started the shared read gave up; that is no reason for this one to fail.
      if (shared && entry.signal?.aborted && !signal?.aborted) return this.readImage(bytes, options);
      throw error;
    }
    if (!outcome.ok) return { ok: false, rejection: { imageIndex, code: outcome.code, reason: outcome.reason } };
    return { ok: true, text: { ...outcome.result, imageIndex }, cached: shared };
  }

  close(): Promise<void> {
    return this.engine.close();
  }

  private async read(bytes: Buffer, sha256: string, language: string, signal?: AbortSignal): Promise<ReadOutcome> {
    let prepared;
    try {
      prepared = await preprocessImage(bytes, this.settings.image);
    } catch (error) {
      if (error instanceof ImageRejectedError) return { ok: false, code: error.code, reason: error.message };
      throw error;
    }
    const output = await this.engine.recognize(prepared.png, { language, signal });
    const result: CachedOcr = {
      sha256,
      language,
      text: tidyOcrText(output.text),
      words: output.words.map((w) => ({ ...w, bbox: toOriginalBox(w.bbox, prepared) })),
      engine: this.engine.name,
      engineVersion: this.engine.version,
    };
    await this.cache.set(result);
    return { ok: true, result };
  }
}

export interface CreateOcrServiceOptions extends TesseractPoolOptions {
  cache?: OcrCache;
  /** Default: models/ocr/ocr-settings.v1.json. */
  settings?: OcrSettings;
}

/** An OcrService on a tesseract.js pool configured from the settings file; options override the file. */
export function createOcrService(options: CreateOcrServiceOptions = {}): OcrService {
  const { cache, settings: given, ...poolOptions } = options;
  const settings = given ?? loadOcrSettings();
  return new OcrService({ engine: new TesseractPool(tesseractPoolOptions(settings, poolOptions)), cache, settings });
}

/** Pool options from the settings file, with `overrides` on top. */
export function tesseractPoolOptions(settings: OcrSettings, overrides: TesseractPoolOptions = {}): TesseractPoolOptions {
  const poolSize = overrides.poolSize ?? os.availableParallelism();
  const languageSets = new Set([...Object.values(settings.languages), settings.fallbackLanguage]).size;
  return {
    pageSegMode: settings.tesseract.pageSegMode,
    jobTimeoutMs: settings.tesseract.jobTimeoutMs,
    // Every language set keeps a worker while the busiest has one per core: mixed-language queues do not churn workers.
    maxWorkers: settings.tesseract.maxWorkers ?? poolSize + languageSets,
    ...overrides,
    poolSize,
  };
}
