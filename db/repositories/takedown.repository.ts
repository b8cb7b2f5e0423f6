import { and, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { auditLog, cases, listings, platforms, sellers, takedownRequests, type TakedownStatus } from '../schema/index.js';
import { canTransition, recrawlOutcome } from '../../domain/takedown-status.js';

export class TakedownError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'NOT_CONFIRMED' | 'BAD_TRANSITION',
    message: string,
  ) {
    super(message);
    this.name = 'TakedownError';
  }
}

/** Takedown requests and their status; every status change is audited in the same transaction. */
export class TakedownRepository {
  constructor(private readonly db: Db) {}

  /** What a notice is built from: confirmed cases with listing, seller and platform. */
  async noticeSources(caseIds: number[]) {
    if (!caseIds.length) return [];
    return this.db
      .select({ case: cases, listing: listings, seller: sellers, platform: platforms })
      .from(cases)
      .innerJoin(listings, eq(listings.id, cases.listingId))
      .innerJoin(platforms, eq(platforms.id, listings.platformId))
      .leftJoin(sellers, eq(sellers.id, listings.sellerId))
      .where(inArray(cases.id, caseIds));
  }

  /** Confirmed cases of a platform that have no takedown request yet (for batching). */
  async confirmedWithoutRequest(platformId: string): Promise<number[]> {
    const rows = await this.db
      .select({ id: cases.id })
      .from(cases)
      .innerJoin(listings, eq(listings.id, cases.listingId))
      .leftJoin(takedownRequests, eq(takedownRequests.caseId, cases.id))
      .where(and(eq(cases.status, 'confirmed'), eq(listings.platformId, platformId), sql`${takedownRequests.id} is null`))
      .orderBy(cases.id)
      .limit(200);
    return rows.map((r) => r.id);
  }

  /** Requests of a platform in one status, as (request id, case id), oldest first: a batch in progress. */
  async ofPlatformInStatus(platformId: string, status: TakedownStatus, limit = 200): Promise<Array<{ id: number; caseId: number }>> {
    return this.db
      .select({ id: takedownRequests.id, caseId: takedownRequests.caseId })
      .from(takedownRequests)
      .where(and(eq(takedownRequests.platformId, platformId), eq(takedownRequests.status, status)))
      .orderBy(takedownRequests.id)
      .limit(limit);
  }

  /** Creates the draft request for a confirmed case, or returns the existing one (one per case). */
  async createDraft(caseId: number, notice: Record<string, unknown>, actor: string): Promise<{ id: number; created: boolean }> {
    return this.db.transaction(async (tx) => {
      const [c] = await tx.select({ status: cases.status, listingId: cases.listingId, platformId: listings.platformId }).from(cases).innerJoin(listings, eq(listings.id, cases.listingId)).where(eq(cases.id, caseId));
      if (!c) throw new TakedownError('NOT_FOUND', `no case ${caseId}`);
      if (c.status !== 'confirmed') throw new TakedownError('NOT_CONFIRMED', `case ${caseId} is ${c.status}; only confirmed cases get a takedown request`);
      const [row] = await tx
        .insert(takedownRequests)
        .values({ caseId, listingId: c.listingId, platformId: c.platformId, notice })
        .onConflictDoNothing()
        .returning({ id: takedownRequests.id });
      if (!row) {
        const [existing] = await tx.select({ id: takedownRequests.id }).from(takedownRequests).where(eq(takedownRequests.caseId, caseId));
        return { id: existing.id, created: false };
      }
      await tx.insert(auditLog).values({ actor, action: 'takedown.create', entity: 'takedown', entityId: String(row.id), after: { caseId, status: 'draft' } });
      return { id: row.id, created: true };
    });
  }

  async get(id: number) {
    const [row] = await this.db
      .select({ takedown: takedownRequests, listing: { title: listings.title, url: listings.url, status: listings.status } })
      .from(takedownRequests)
      .innerJoin(listings, eq(listings.id, takedownRequests.listingId))
      .where(eq(takedownRequests.id, id));
    return row;
  }

  list(f: { status?: TakedownStatus; platform?: string; limit?: number } = {}) {
    const conds = [];
    if (f.status) conds.push(eq(takedownRequests.status, f.status));
    if (f.platform) conds.push(eq(takedownRequests.platformId, f.platform));
    return this.db
      .select({
        id: takedownRequests.id,
        caseId: takedownRequests.caseId,
        listingId: takedownRequests.listingId,
        platformId: takedownRequests.platformId,
        status: takedownRequests.status,
        sentAt: takedownRequests.sentAt,
        removedAt: takedownRequests.removedAt,
        verifiedAt: takedownRequests.verifiedAt,
        createdAt: takedownRequests.createdAt,
        title: listings.title,
        url: listings.url,
      })
      .from(takedownRequests)
      .innerJoin(listings, eq(listings.id, takedownRequests.listingId))
      .where(conds.length ? and(...conds) : undefined)
      .orderBy(desc(takedownRequests.id))
      .limit(Math.min(f.limit ?? 200, 1000));
  }

  async setStatus(id: number, to: TakedownStatus, actor: string, now = new Date(), note?: string): Promise<TakedownStatus> {
    return this.db.transaction(async (tx) => {
      const [t] = await tx.select().from(takedownRequests).where(eq(takedownRequests.id, id)).for('update');
      if (!t) throw new TakedownError('NOT_FOUND', `no takedown request ${id}`);
      if (!canTransition(t.status, to)) throw new TakedownError('BAD_TRANSITION', `a ${t.status} request cannot become ${to}`);
      const set: Partial<typeof takedownRequests.$inferInsert> = { status: to, updatedAt: now };
      if (to === 'sent') set.sentAt = now;
      if (to === 'removed') set.removedAt = now;
      if (to === 'verified_removed') {
        set.verifiedAt = now;
        set.removedAt = t.removedAt ?? now;
      }
      await tx.update(takedownRequests).set(set).where(eq(takedownRequests.id, id));
      await tx.insert(auditLog).values({ actor, action: 'takedown.status', entity: 'takedown', entityId: String(id), before: { status: t.status }, after: { status: to, note: note ?? null } });
      return to;
    });
  }

  /**
   * Applies what the latest crawls say: a removed listing verifies the
   * removal; one still online N days after the notice becomes still_online.
   */
  async verifyByRecrawl(now = new Date(), stillOnlineAfterDays = 7): Promise<{ verified: number; stillOnline: number }> {
    const rows = await this.db
      .select({ id: takedownRequests.id, status: takedownRequests.status, sentAt: takedownRequests.sentAt, lStatus: listings.status, lastSeenAt: listings.lastSeenAt })
      .from(takedownRequests)
      .innerJoin(listings, eq(listings.id, takedownRequests.listingId))
      .where(inArray(takedownRequests.status, ['sent', 'acknowledged', 'removed']));
    let verified = 0;
    let stillOnline = 0;
    for (const r of rows) {
      const to = recrawlOutcome({ status: r.status, sentAt: r.sentAt }, { status: r.lStatus, lastSeenAt: r.lastSeenAt }, now, stillOnlineAfterDays);
      if (!to) continue;
      await this.setStatus(r.id, to, 'recrawl', now);
      if (to === 'verified_removed') verified++;
      else stillOnline++;
    }
    return { verified, stillOnline };
  }

  /**
   * A listing taken down after a notice is back online: reopen its case at
   * high risk (source `relisted`) and mark the request still_online.
   * Returns the reopened case id, if any.
   */
  async reopenRelisted(listingId: string, actor = 'pipeline'): Promise<number | undefined> {
    return this.db.transaction(async (tx) => {
      const [t] = await tx
        .select()
        .from(takedownRequests)
        .where(and(eq(takedownRequests.listingId, listingId), inArray(takedownRequests.status, ['removed', 'verified_removed'])))
        .orderBy(desc(takedownRequests.id))
        .limit(1);
      if (!t) return undefined;
      const [open] = await tx.select({ n: count() }).from(cases).where(and(eq(cases.listingId, listingId), eq(cases.status, 'open')));
      if (Number(open.n) === 0) {
        await tx
          .update(cases)
          .set({ status: 'open', source: 'relisted', risk: 'high', riskRank: 3, assignee: null, claimedUntil: null, openedAt: new Date(), updatedAt: new Date() })
          .where(eq(cases.id, t.caseId));
        await tx.insert(auditLog).values({ actor, action: 'case.reopen', entity: 'case', entityId: String(t.caseId), after: { status: 'open', source: 'relisted' } });
      }
      await tx.update(takedownRequests).set({ status: 'still_online', updatedAt: new Date() }).where(eq(takedownRequests.id, t.id));
      await tx.insert(auditLog).values({ actor, action: 'takedown.status', entity: 'takedown', entityId: String(t.id), before: { status: t.status }, after: { status: 'still_online', note: 'relisted' } });
      return t.caseId;
    });
  }
}
