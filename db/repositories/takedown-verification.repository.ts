import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { auditLog, listings, takedownRequests, type TakedownStatus } from '../schema/index.js';

/** Takedown requests whose listing is re-checked until it is confirmed gone. */
export const RECHECK_STATUSES: TakedownStatus[] = ['sent', 'acknowledged', 'removed', 'still_online', 'escalated'];

/**
 * What the takedown-verify stage reads and writes. Each write is a conditional
 * update (only from the status it was read in), so a verify job that runs twice
 * records one transition and one audit entry.
 */
export class TakedownVerificationRepository {
  constructor(private readonly db: Db) {}

  async target(takedownId: number) {
    const [row] = await this.db
      .select({
        id: takedownRequests.id,
        caseId: takedownRequests.caseId,
        listingId: takedownRequests.listingId,
        status: takedownRequests.status,
        sentAt: takedownRequests.sentAt,
        url: listings.url,
        platformId: listings.platformId,
      })
      .from(takedownRequests)
      .innerJoin(listings, eq(listings.id, takedownRequests.listingId))
      .where(eq(takedownRequests.id, takedownId));
    return row;
  }

  /** Requests still waiting for confirmation: the ones that get a re-check schedule. */
  async awaitingRecheck() {
    return this.db
      .select({ id: takedownRequests.id, listingId: takedownRequests.listingId, status: takedownRequests.status })
      .from(takedownRequests)
      .where(inArray(takedownRequests.status, RECHECK_STATUSES))
      .orderBy(takedownRequests.id);
  }

  /** Moves `from` → `to`; false when another run moved it first (nothing written). */
  async transition(takedownId: number, from: TakedownStatus, to: TakedownStatus, at: Date, detail: Record<string, unknown>): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const set: Partial<typeof takedownRequests.$inferInsert> = { status: to, updatedAt: sql`now()` as unknown as Date };
      if (to === 'verified_removed') {
        set.verifiedAt = at;
        set.removedAt = sql`coalesce(${takedownRequests.removedAt}, ${at.toISOString()}::timestamptz)` as unknown as Date;
      }
      const moved = await tx
        .update(takedownRequests)
        .set(set)
        .where(and(eq(takedownRequests.id, takedownId), eq(takedownRequests.status, from)))
        .returning({ id: takedownRequests.id });
      if (!moved.length) return false;
      await tx.insert(auditLog).values({
        actor: 'system:takedown-verify',
        action: `takedown.${to}`,
        entity: 'takedown_request',
        entityId: String(takedownId),
        before: { status: from },
        after: { status: to, ...detail },
      });
      return true;
    });
  }
}
