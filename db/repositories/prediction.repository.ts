import { and, eq } from 'drizzle-orm';
import type { Prediction } from '../../domain/labels.js';
import { LABELS } from '../../domain/labels.js';
import type { Db } from '../client.js';
import { predictions } from '../schema/index.js';

export class PredictionRepository {
  constructor(private readonly db: Db) {}

  /** One row per (listing, content version, classifier, version, label); re-running adds nothing. */
  async save(listingId: string, contentHash: string, preds: Prediction[]): Promise<number> {
    const rows = preds.flatMap((p) =>
      LABELS.map((label) => ({
        listingId,
        contentHash,
        classifier: p.classifier,
        version: p.version,
        label,
        score: p.scores[label],
        evidence: p.evidence.filter((e) => e.label === label),
      })),
    );
    if (!rows.length) return 0;
    const inserted = await this.db.insert(predictions).values(rows).onConflictDoNothing().returning({ id: predictions.id });
    return inserted.length;
  }

  /** Whether this listing content version was classified already (the queue crawl stage's crash check). */
  async hasFor(listingId: string, contentHash: string): Promise<boolean> {
    const rows = await this.db
      .select({ id: predictions.id })
      .from(predictions)
      .where(and(eq(predictions.listingId, listingId), eq(predictions.contentHash, contentHash)))
      .limit(1);
    return rows.length > 0;
  }

  forListing(listingId: string) {
    return this.db.select().from(predictions).where(eq(predictions.listingId, listingId));
  }
}
