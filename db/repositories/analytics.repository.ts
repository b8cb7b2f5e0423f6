import { and, asc, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import { rowsOf } from '../client.js';
import { auditLog, cases, crawlRuns, listings, platforms } from '../schema/index.js';

export interface ScoredCase {
  score: number;
  /** true: confirmed with this label; false: dismissed; null: still open or escalated. */
  positive: boolean | null;
}

export interface AuditFilters {
  actor?: string;
  action?: string;
  entity?: string;
  entityId?: string;
  from?: Date;
  to?: Date;
  limit?: number;
  /** Rows with id below this (keyset paging, newest first). */
  beforeId?: number;
}

/** Read-only aggregates for the analyst view, the dashboard and the audit trail. */
export class AnalyticsRepository {
  constructor(private readonly db: Db) {}

  /** Every case's score for a label, with its review outcome, optionally for one jurisdiction profile. */
  async scoredCases(label: string, profile?: string): Promise<ScoredCase[]> {
    const conds: SQL[] = [];
    if (profile) conds.push(eq(platforms.jurisdictionProfile, profile));
    const rows = await this.db
      .select({
        score: sql<number>`coalesce((${cases.scores}->>${label})::float8, 0)`,
        status: cases.status,
        hasLabel: sql<boolean>`${cases.labels} @> ${JSON.stringify([label])}::jsonb`,
      })
      .from(cases)
      .innerJoin(listings, eq(listings.id, cases.listingId))
      .innerJoin(platforms, eq(platforms.id, listings.platformId))
      .where(conds.length ? and(...conds) : undefined);
    return rows.map((r) => ({
      score: Number(r.score),
      positive: r.status === 'confirmed' ? (r.hasLabel ? true : null) : r.status === 'dismissed' ? false : null,
    }));
  }

  async profiles(): Promise<string[]> {
    const rows = await this.db.selectDistinct({ p: platforms.jurisdictionProfile }).from(platforms).orderBy(platforms.jurisdictionProfile);
    return rows.map((r) => r.p);
  }

  /** Cases opened per ISO week, platform and label over the last `weeks` weeks. */
  async flaggedPerWeek(weeks = 12, now = new Date()) {
    const since = new Date(now.getTime() - weeks * 7 * 86_400_000);
    const r = await this.db.execute(sql`
      select to_char(date_trunc('week', c.opened_at), 'YYYY-MM-DD') as week, l.platform_id as platform, lab.label as label, count(*)::int as n
      from ${cases} c join ${listings} l on l.id = c.listing_id
      cross join lateral jsonb_array_elements_text(c.labels) as lab(label)
      where c.opened_at >= ${since}
      group by 1, 2, 3 order by 1, 2, 3`);
    return rowsOf<{ week: string; platform: string; label: string; n: number }>(r);
  }

  /** Hours from notice sent to removal, per platform, and request counts by status. */
  async takedownTurnaround() {
    const r = await this.db.execute(sql`
      select platform_id as platform, count(*)::int as total,
        count(*) filter (where status in ('removed','verified_removed'))::int as removed,
        count(*) filter (where status in ('still_online','escalated'))::int as still_online,
        round(avg(extract(epoch from (coalesce(removed_at, verified_at) - sent_at)) / 3600) filter (where sent_at is not null and coalesce(removed_at, verified_at) is not null)::numeric, 1)::float8 as avg_hours,
        round((percentile_cont(0.5) within group (order by extract(epoch from (coalesce(removed_at, verified_at) - sent_at)) / 3600)
          filter (where sent_at is not null and coalesce(removed_at, verified_at) is not null))::numeric, 1)::float8 as median_hours
      from takedown_requests group by platform_id order by platform_id`);
    const statuses = rowsOf<{ status: string; n: number }>(await this.db.execute(sql`select status, count(*)::int as n from takedown_requests group by status order by status`));
    return { perPlatform: rowsOf<{ platform: string; total: number; removed: number; still_online: number; avg_hours: number | null; median_hours: number | null }>(r), statuses };
  }

  /** Sellers with two or more confirmed cases. */
  async repeatSellers(limit = 20) {
    const r = await this.db.execute(sql`
      select s.id, s.name, s.platform_id as platform, s.blacklisted, count(*)::int as confirmed
      from cases c join listings l on l.id = c.listing_id join sellers s on s.id = l.seller_id
      where c.status = 'confirmed'
      group by s.id, s.name, s.platform_id, s.blacklisted having count(*) >= 2
      order by confirmed desc, s.id limit ${limit}`);
    return rowsOf<{ id: string; name: string | null; platform: string; blacklisted: boolean; confirmed: number }>(r);
  }

  crawlHealth(limit = 20) {
    return this.db
      .select({ id: crawlRuns.id, platformId: crawlRuns.platformId, status: crawlRuns.status, stats: crawlRuns.stats, startedAt: crawlRuns.startedAt, finishedAt: crawlRuns.finishedAt })
      .from(crawlRuns)
      .orderBy(desc(crawlRuns.id))
      .limit(limit);
  }

  audit(f: AuditFilters = {}) {
    const conds: SQL[] = [];
    if (f.actor) conds.push(eq(auditLog.actor, f.actor));
    if (f.action) conds.push(eq(auditLog.action, f.action));
    if (f.entity) conds.push(eq(auditLog.entity, f.entity));
    if (f.entityId) conds.push(eq(auditLog.entityId, f.entityId));
    if (f.from) conds.push(gte(auditLog.at, f.from));
    if (f.to) conds.push(lte(auditLog.at, f.to));
    if (f.beforeId) conds.push(sql`${auditLog.id} < ${f.beforeId}`);
    return this.db
      .select()
      .from(auditLog)
      .where(conds.length ? and(...conds) : undefined)
      .orderBy(desc(auditLog.id))
      .limit(Math.min(f.limit ?? 100, 10_000));
  }

  async auditActions(): Promise<string[]> {
    const rows = await this.db.selectDistinct({ a: auditLog.action }).from(auditLog).orderBy(asc(auditLog.action));
    return rows.map((r) => r.a);
  }

  /** Counts of open cases per platform, for the dashboard header. */
  async openPerPlatform() {
    const r = await this.db.execute(sql`select l.platform_id as platform, count(*)::int as n from cases c join listings l on l.id = c.listing_id where c.status = 'open' group by 1 order by 1`);
    return rowsOf<{ platform: string; n: number }>(r);
  }
}
