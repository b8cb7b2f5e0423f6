import { createHash } from 'node:crypto';
import { and, count, eq, notInArray, sql } from 'drizzle-orm';
import type { Listing } from '../../domain/listing.js';
import type { Db } from '../client.js';
import { images, listingSnapshots, listings, reviews } from '../schema/index.js';

/** What storing a crawled listing did; callers count these on the crawl run. */
export type StoreOutcome = 'new' | 'changed' | 'unchanged' | 'relisted';

export class ListingRepository {
  constructor(private readonly db: Db) {}

  /**
   * Stores a crawled listing. A snapshot is written only when the content hash
   * differs from the current one, so re-crawling an unchanged page is a no-op
   * apart from last_seen_at. Safe to run twice for the same input.
   */
  async store(listing: Listing, opts: { sellerId?: string; crawlRunId?: number } = {}): Promise<StoreOutcome> {
    return this.db.transaction(async (tx) => {
      const [current] = await tx
        .select({ contentHash: listings.contentHash, status: listings.status })
        .from(listings)
        .where(eq(listings.id, listing.id))
        .for('update');
      const fetchedAt = new Date(listing.fetchedAt);
      const row = {
        platformId: listing.platform,
        sellerId: opts.sellerId ?? null,
        url: listing.url,
        title: listing.title,
        language: listing.language,
        category: listing.category ?? null,
        contentHash: listing.contentHash,
        data: listing,
        lastSeenAt: fetchedAt,
        updatedAt: new Date(),
      };
      let outcome: StoreOutcome;
      if (!current) {
        const inserted = await tx
          .insert(listings)
          .values({ id: listing.id, ...row, firstSeenAt: fetchedAt })
          .onConflictDoNothing()
          .returning({ id: listings.id });
        // A concurrent store of the same new listing (two queue workers, a retried job) won the insert:
        // its snapshot is the one, so this call writes none.
        if (!inserted.length) return 'unchanged';
        outcome = 'new';
      } else if (current.status === 'removed') {
        await tx.update(listings).set({ ...row, status: 'active', relistedAt: fetchedAt, removedAt: null }).where(eq(listings.id, listing.id));
        outcome = 'relisted';
      } else if (current.contentHash !== listing.contentHash) {
        await tx.update(listings).set(row).where(eq(listings.id, listing.id));
        outcome = 'changed';
      } else {
        await tx.update(listings).set({ lastSeenAt: fetchedAt }).where(eq(listings.id, listing.id));
        return 'unchanged';
      }
      await tx.insert(listingSnapshots).values({
        listingId: listing.id,
        contentHash: listing.contentHash,
        data: listing,
        crawlRunId: opts.crawlRunId ?? null,
        fetchedAt,
        event: outcome === 'relisted' ? 'relisted' : 'changed',
      });
      await this.storeReviews(tx as unknown as Db, listing);
      await this.storeImageSlots(tx as unknown as Db, listing);
      return outcome;
    });
  }

  private async storeReviews(tx: Db, listing: Listing): Promise<void> {
    if (!listing.reviews.length) return;
    const rows = listing.reviews.map((r) => ({
      listingId: listing.id,
      reviewHash: createHash('sha256').update(JSON.stringify([r.author ?? '', r.date ?? '', r.text])).digest('hex').slice(0, 32),
      author: r.author ?? null,
      rating: r.rating ?? null,
      text: r.text,
      date: r.date ?? null,
    }));
    await tx.insert(reviews).values(rows).onConflictDoNothing();
  }

  private async storeImageSlots(tx: Db, listing: Listing): Promise<void> {
    if (!listing.images.length) return;
    for (const [position, img] of listing.images.entries()) {
      await tx
        .insert(images)
        .values({ listingId: listing.id, position, url: img.url ?? null, path: img.path ?? null, sha256: img.sha256 ?? null })
        .onConflictDoUpdate({
          target: [images.listingId, images.position],
          set: { url: img.url ?? null, path: img.path ?? null, updatedAt: new Date() },
        });
    }
  }

  /** Marks a listing removed (404/410 or gone from the catalogue); idempotent. */
  async markRemoved(listingId: string, at: Date, crawlRunId?: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [current] = await tx.select().from(listings).where(eq(listings.id, listingId)).for('update');
      if (!current || current.status === 'removed') return false;
      await tx.update(listings).set({ status: 'removed', removedAt: at, updatedAt: new Date() }).where(eq(listings.id, listingId));
      await tx.insert(listingSnapshots).values({
        listingId,
        contentHash: current.contentHash,
        data: current.data,
        crawlRunId: crawlRunId ?? null,
        fetchedAt: at,
        event: 'removed',
      });
      return true;
    });
  }

  /** Active listings of a platform that a full crawl did not see: candidates for removal. */
  async activeNotIn(platformId: string, seenIds: string[]): Promise<string[]> {
    const where = seenIds.length
      ? and(eq(listings.platformId, platformId), eq(listings.status, 'active'), notInArray(listings.id, seenIds))
      : and(eq(listings.platformId, platformId), eq(listings.status, 'active'));
    const rows = await this.db.select({ id: listings.id }).from(listings).where(where);
    return rows.map((r) => r.id);
  }

  /** Listings of a platform at a URL (a 404/410 there means they are gone). */
  async idsByUrl(platformId: string, url: string): Promise<string[]> {
    const rows = await this.db.select({ id: listings.id }).from(listings).where(and(eq(listings.platformId, platformId), eq(listings.url, url)));
    return rows.map((r) => r.id);
  }

  /** URLs of a platform's active listings, to re-check them for 404/410. */
  async activeUrls(platformId: string, limit = 10_000): Promise<string[]> {
    const rows = await this.db
      .selectDistinct({ url: listings.url })
      .from(listings)
      .where(and(eq(listings.platformId, platformId), eq(listings.status, 'active')))
      .limit(limit);
    return rows.map((r) => r.url);
  }

  async get(id: string) {
    const [row] = await this.db.select().from(listings).where(eq(listings.id, id));
    return row;
  }

  async snapshots(listingId: string) {
    return this.db.select().from(listingSnapshots).where(eq(listingSnapshots.listingId, listingId)).orderBy(listingSnapshots.id);
  }

  async counts(): Promise<{ listings: number; snapshots: number; reviews: number }> {
    const [[l], [s], [r]] = await Promise.all([
      this.db.select({ n: count() }).from(listings),
      this.db.select({ n: count() }).from(listingSnapshots),
      this.db.select({ n: count() }).from(reviews),
    ]);
    return { listings: Number(l.n), snapshots: Number(s.n), reviews: Number(r.n) };
  }

  async touch(listingId: string): Promise<void> {
    await this.db.update(listings).set({ lastSeenAt: sql`now()` }).where(eq(listings.id, listingId));
  }
}
