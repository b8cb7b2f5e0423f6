import type { ImageText } from '../../domain/ocr.js';

/**
 * OCR results by image content and language set: the same label photo shows up
 * on many listings and across crawls, and reading it again costs a core for
 * 100+ ms. The lead's database-backed cache (table `ocr_results`) implements the
 * same interface.
 */

/** An ImageText without the per-listing part: the cache is keyed by content, not by listing. */
export type CachedOcr = Omit<ImageText, 'imageIndex'>;

export interface OcrCache {
  /** The stored result for these bytes read with this tesseract language set, if any. */
  get(sha256: string, language: string): Promise<CachedOcr | undefined>;
  /** Stores (or replaces) the result under `entry.sha256` + `entry.language`. */
  set(entry: CachedOcr): Promise<void>;
}

/** In-process LRU cache; a Map keeps insertion order, so re-inserting on a hit makes the oldest entry first. */
export class MemoryOcrCache implements OcrCache {
  private readonly entries = new Map<string, CachedOcr>();

  /** @param maxEntries entries kept before the least recently used is dropped. Default 1000 (a few MB of text and boxes). */
  constructor(readonly maxEntries = 1000) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`maxEntries must be a whole number ≥ 1, got ${maxEntries}`);
  }

  get size(): number {
    return this.entries.size;
  }

  async get(sha256: string, language: string): Promise<CachedOcr | undefined> {
    const key = keyOf(sha256, language);
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  async set(entry: CachedOcr): Promise<void> {
    const key = keyOf(entry.sha256, entry.language);
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}

function keyOf(sha256: string, language: string): string {
  return `${sha256}\u0000${language}`;
}
