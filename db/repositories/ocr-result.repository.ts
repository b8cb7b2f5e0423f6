import { and, eq } from 'drizzle-orm';
import type { ImageText } from '../../domain/ocr.js';
import type { Db } from '../client.js';
import { ocrResults } from '../schema/index.js';

type CachedOcr = Omit<ImageText, 'imageIndex'>;

/**
 * OCR results by image content and tesseract language set. Implements the
 * classifiers/ocr `OcrCache` interface structurally, so an image read once is
 * never read again by any process sharing the database.
 */
export class OcrResultRepository {
  constructor(private readonly db: Db) {}

  async get(sha256: string, language: string): Promise<CachedOcr | undefined> {
    const [row] = await this.db
      .select()
      .from(ocrResults)
      .where(and(eq(ocrResults.sha256, sha256), eq(ocrResults.language, language)));
    if (!row) return undefined;
    return { sha256: row.sha256, language: row.language, text: row.text, words: row.words, engine: row.engine, engineVersion: row.engineVersion };
  }

  async set(entry: CachedOcr): Promise<void> {
    const values = { text: entry.text, words: entry.words, engine: entry.engine, engineVersion: entry.engineVersion, createdAt: new Date() };
    await this.db
      .insert(ocrResults)
      .values({ sha256: entry.sha256, language: entry.language, ...values })
      .onConflictDoUpdate({ target: [ocrResults.sha256, ocrResults.language], set: values });
  }

  /** OCR of the images of one listing, for the evidence view. */
  async forImage(sha256: string) {
    return this.db.select().from(ocrResults).where(eq(ocrResults.sha256, sha256));
  }
}
