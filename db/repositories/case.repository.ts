import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { cases, listings, type CaseRow } from '../schema/index.js';

export interface NewCase {
  listingId: string;
  contentHash: string;
  labels: string[];
  scores: Record<string, number>;
  risk: 'low' | 'medium' | 'high';
  maxScore: number;
  evidence: CaseRow['evidence'];
  source?: string;
  thresholdVersion?: number;
}

export const RISK_RANK = { low: 1, medium: 2, high: 3 } as const;

export class CaseRepository {
  constructor(private readonly db: Db) {}

  async openFor(listingId: string) {
    const [row] = await this.db.select().from(cases).where(and(eq(cases.listingId, listingId), eq(cases.status, 'open')));
    return row;
  }

  async forContent(listingId: string, contentHash: string) {
    const [row] = await this.db.select().from(cases).where(and(eq(cases.listingId, listingId), eq(cases.contentHash, contentHash)));
    return row;
  }

  /** Inserts unless a case for this content version exists (unique index); returns the new id or undefined. */
  async insert(c: NewCase): Promise<number | undefined> {
    const [row] = await this.db
      .insert(cases)
      .values({ ...c, riskRank: RISK_RANK[c.risk], source: c.source ?? 'classifier', thresholdVersion: c.thresholdVersion ?? null })
      .onConflictDoNothing()
      .returning({ id: cases.id });
    return row?.id;
  }

  /** Refreshes an open case with a newer content version of its listing (nobody decided it yet). */
  async refreshOpen(id: number, c: NewCase): Promise<void> {
    await this.db
      .update(cases)
      .set({ ...c, riskRank: RISK_RANK[c.risk], updatedAt: sql`now()` })
      .where(and(eq(cases.id, id), eq(cases.status, 'open')));
  }

  /** Open cases ordered by risk then age: the review queue. */
  listOpen(limit = 50) {
    return this.db
      .select({
        id: cases.id,
        listingId: cases.listingId,
        title: listings.title,
        platformId: listings.platformId,
        language: listings.language,
        url: listings.url,
        labels: cases.labels,
        risk: cases.risk,
        maxScore: cases.maxScore,
        openedAt: cases.openedAt,
        source: cases.source,
      })
      .from(cases)
      .innerJoin(listings, eq(listings.id, cases.listingId))
      .where(eq(cases.status, 'open'))
      .orderBy(desc(cases.riskRank), asc(cases.openedAt), asc(cases.id))
      .limit(limit);
  }

  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.db.select({ status: cases.status, n: count() }).from(cases).groupBy(cases.status);
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  get(id: number) {
    return this.db
      .select()
      .from(cases)
      .where(eq(cases.id, id))
      .then((r) => r[0]);
  }
}
