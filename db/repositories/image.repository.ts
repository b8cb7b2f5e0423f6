import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../client.js';
import { images } from '../schema/index.js';

export interface StoredImageRow {
  sha256: string;
  path: string;
  contentType: string;
  bytes: number;
}

/** Image slots of listings and where their bytes are (stored once by sha256). */
export class ImageRepository {
  constructor(private readonly db: Db) {}

  forListing(listingId: string) {
    return this.db.select().from(images).where(eq(images.listingId, listingId)).orderBy(images.position);
  }

  /** The latest stored copy of an image URL, so a URL seen on another listing or crawl is not downloaded again. */
  async storedByUrl(url: string): Promise<StoredImageRow | undefined> {
    const [row] = await this.db
      .select({ sha256: images.sha256, path: images.path, contentType: images.contentType, bytes: images.bytes })
      .from(images)
      .where(and(eq(images.url, url), eq(images.status, 'ok'), isNotNull(images.sha256), isNotNull(images.path)))
      .orderBy(desc(images.updatedAt))
      .limit(1);
    return row ? { sha256: row.sha256!, path: row.path!, contentType: row.contentType ?? 'application/octet-stream', bytes: row.bytes ?? 0 } : undefined;
  }

  /** Records where a slot's bytes are; creates the slot when the listing row has none yet. */
  async markStored(listingId: string, position: number, url: string | undefined, s: StoredImageRow): Promise<void> {
    const set = { sha256: s.sha256, path: s.path, contentType: s.contentType, bytes: s.bytes, status: 'ok', errorCode: null, errorReason: null, updatedAt: new Date() };
    await this.db
      .insert(images)
      .values({ listingId, position, url: url ?? null, ...set })
      .onConflictDoUpdate({ target: [images.listingId, images.position], set });
  }

  async markRejected(listingId: string, position: number, url: string | undefined, code: string, reason: string): Promise<void> {
    const set = { status: 'rejected', errorCode: code, errorReason: reason.slice(0, 500), sha256: null, path: null, updatedAt: new Date() };
    await this.db
      .insert(images)
      .values({ listingId, position, url: url ?? null, ...set })
      .onConflictDoUpdate({ target: [images.listingId, images.position], set });
  }
}
