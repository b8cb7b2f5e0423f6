import { and, asc, count, desc, eq, gte, inArray, lt, lte, or, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import { rowsOf } from '../client.js';
import type { CaseRow, ImageRow, ListingRow, ListingSnapshotRow, OcrResultRow, PlatformRow, PredictionRow, SellerRow } from '../schema/index.js';
import { auditLog, cases, decisions, images, listings, platforms, sellers, takedownRequests, type CaseStatus } from '../schema/index.js';

export const DECISIONS = ['confirm', 'dismiss', 'escalate'] as const;
export type DecisionKind = (typeof DECISIONS)[number];
const STATUS_OF: Record<DecisionKind, CaseStatus> = { confirm: 'confirmed', dismiss: 'dismissed', escalate: 'escalated' };

/** Reason codes a decision must carry; the audit log and the analyst view group by them. */
export const REASON_CODES: Record<DecisionKind, string[]> = {
  confirm: ['cure_claim', 'unauthorised_health_claim', 'no_certificate', 'fake_certificate', 'missing_mandatory_info', 'allergen_contradiction', 'repeat_offender', 'other'],
  dismiss: ['no_claim', 'certificate_present', 'not_food', 'classifier_error', 'duplicate', 'other'],
  escalate: ['legal_review', 'unclear_jurisdiction', 'health_risk_urgent', 'other'],
};

/** A claim lasts 15 minutes: long enough to review one case, short enough that an abandoned claim frees itself. */
export const CLAIM_MINUTES = 15;

export interface QueueFilters {
  status?: CaseStatus;
  platform?: string;
  label?: string;
  language?: string;
  seller?: string;
  risk?: 'low' | 'medium' | 'high';
  from?: Date;
  to?: Date;
  limit?: number;
  offset?: number;
}

export type DecisionRow = typeof decisions.$inferSelect;
export type TakedownRow = typeof takedownRequests.$inferSelect;

export interface CaseDetail {
  case: CaseRow;
  listing: ListingRow;
  seller: SellerRow | null;
  platform: PlatformRow;
  predictions: PredictionRow[];
  images: Array<{ image: ImageRow; ocr: OcrResultRow | null }>;
  snapshots: ListingSnapshotRow[];
  decisions: DecisionRow[];
  takedown: TakedownRow | undefined;
  history: Array<{ id: number; status: CaseStatus; openedAt: Date; decision: string | null; source: string }>;
}

/** Timestamp columns (timestamptz) come back from to_jsonb as ISO strings. */
const DATE_COLUMN = /_at$|^claimed_until$/;

/** A row from to_jsonb: top-level snake_case keys to the camelCase drizzle uses, timestamps to Date. Nested jsonb values are left as stored. */
export function camelRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    const key = k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    out[key] = DATE_COLUMN.test(k) && typeof v === 'string' ? new Date(v) : v;
  }
  return out;
}

export type DecideResult =
  | { ok: true; status: CaseStatus }
  | { ok: false; code: 'NOT_FOUND' | 'ALREADY_DECIDED' | 'CLAIMED_BY_OTHER'; holder?: string | null };

/** The review workbench's reads and writes on cases: queue, claims, decisions, evidence. */
export class ReviewRepository {
  constructor(private readonly db: Db) {}

  /**
   * Conditions on `cases` alone. Listing filters are correlated scalar
   * subqueries on purpose: the planner then walks the partial queue index in
   * order and stops at the page, instead of joining every open case to
   * listings first (measured: ~0.5 ms instead of 20–45 ms at 5,000 open cases).
   */
  private where(f: QueueFilters): SQL | undefined {
    const conds: SQL[] = [eq(cases.status, f.status ?? 'open')];
    const listingCol = (col: SQL) => sql`(select ${col} from ${listings} where ${listings.id} = ${cases.listingId})`;
    if (f.platform) conds.push(sql`${listingCol(sql`platform_id`)} = ${f.platform}`);
    if (f.language) conds.push(sql`${listingCol(sql`language`)} = ${f.language}`);
    if (f.seller) conds.push(sql`${listingCol(sql`seller_id`)} = ${f.seller}`);
    if (f.risk) conds.push(eq(cases.risk, f.risk));
    if (f.label) conds.push(sql`${cases.labels} @> ${JSON.stringify([f.label])}::jsonb`);
    if (f.from) conds.push(gte(cases.openedAt, f.from));
    if (f.to) conds.push(lt(cases.openedAt, f.to));
    return and(...conds);
  }

  /** Cases ordered by risk then age (oldest first), with the listing fields the queue shows. */
  async queue(f: QueueFilters = {}) {
    const where = this.where(f);
    const { ids, total } = f.platform || f.language || f.seller ? await this.filteredPage(where, f) : await this.plainPage(where, f);
    const rows = ids.length
      ? await this.db
          .select({
            id: cases.id,
            listingId: cases.listingId,
            title: listings.title,
            url: listings.url,
            platformId: listings.platformId,
            language: listings.language,
            sellerId: listings.sellerId,
            sellerName: sellers.name,
            labels: cases.labels,
            scores: cases.scores,
            risk: cases.risk,
            maxScore: cases.maxScore,
            status: cases.status,
            source: cases.source,
            assignee: cases.assignee,
            claimedUntil: cases.claimedUntil,
            openedAt: cases.openedAt,
          })
          .from(cases)
          .innerJoin(listings, eq(listings.id, cases.listingId))
          .leftJoin(sellers, eq(sellers.id, listings.sellerId))
          .where(inArray(cases.id, ids))
      : [];
    const order = new Map(ids.map((id, i) => [id, i]));
    rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    return { rows, total };
  }

  /** No listing filter: the page walks the partial queue index and stops; the count reads that index alone. */
  private async plainPage(where: SQL | undefined, f: QueueFilters): Promise<{ ids: number[]; total: number }> {
    const [page, [{ n }]] = await Promise.all([
      this.db
        .select({ id: cases.id })
        .from(cases)
        .where(where)
        .orderBy(desc(cases.riskRank), asc(cases.openedAt), asc(cases.id))
        .limit(Math.min(f.limit ?? 50, 500))
        .offset(f.offset ?? 0),
      this.db.select({ n: count() }).from(cases).where(where),
    ]);
    return { ids: page.map((r) => r.id), total: Number(n) };
  }

  /**
   * A listing filter (platform, language, seller) costs one listing lookup per
   * open case: done once into a materialized set that both the page and the
   * count read, instead of once per query.
   */
  private async filteredPage(where: SQL | undefined, f: QueueFilters): Promise<{ ids: number[]; total: number }> {
    const r = await this.db.execute(sql`
      with f as materialized (select ${cases.id} as id, ${cases.riskRank} as rr, ${cases.openedAt} as oa from ${cases} where ${where})
      select (select count(*)::int from f) as total,
        coalesce((select array_agg(p.id order by p.rr desc, p.oa asc, p.id asc)
          from (select id, rr, oa from f order by rr desc, oa asc, id asc limit ${Math.min(f.limit ?? 50, 500)} offset ${f.offset ?? 0}) p), '{}') as ids`);
    const [row] = rowsOf<{ total: number; ids: Array<number | string> }>(r);
    return { ids: row.ids.map(Number), total: Number(row.total) };
  }

  /** Values the queue filters offer (platforms, languages of open cases). */
  async facets() {
    const [plats, langs] = await Promise.all([
      this.db.select({ id: platforms.id, name: platforms.name, profile: platforms.jurisdictionProfile }).from(platforms).orderBy(platforms.id),
      this.db
        .selectDistinct({ language: listings.language })
        .from(cases)
        .innerJoin(listings, eq(listings.id, cases.listingId))
        .where(eq(cases.status, 'open'))
        .orderBy(listings.language),
    ]);
    return { platforms: plats, languages: langs.map((l) => l.language) };
  }

  /**
   * Locks a case for one reviewer until now + minutes. Succeeds when nobody
   * holds it, the holder's claim expired, or the reviewer already holds it.
   */
  async claim(caseId: number, username: string, minutes = CLAIM_MINUTES, now = new Date()) {
    const until = new Date(now.getTime() + minutes * 60_000);
    const [row] = await this.db
      .update(cases)
      .set({ assignee: username, claimedUntil: until, updatedAt: now })
      .where(
        and(
          eq(cases.id, caseId),
          inArray(cases.status, ['open', 'escalated']),
          or(isNull(cases.assignee), eq(cases.assignee, username), isNull(cases.claimedUntil), lte(cases.claimedUntil, now)),
        ),
      )
      .returning({ id: cases.id, claimedUntil: cases.claimedUntil });
    if (row) return { ok: true as const, claimedUntil: until };
    const current = await this.db.select({ assignee: cases.assignee, claimedUntil: cases.claimedUntil, status: cases.status }).from(cases).where(eq(cases.id, caseId));
    return { ok: false as const, holder: current[0]?.assignee ?? null, claimedUntil: current[0]?.claimedUntil ?? null, status: current[0]?.status };
  }

  async release(caseId: number, username: string): Promise<boolean> {
    const rows = await this.db
      .update(cases)
      .set({ assignee: null, claimedUntil: null })
      .where(and(eq(cases.id, caseId), eq(cases.assignee, username)))
      .returning({ id: cases.id });
    return rows.length > 0;
  }

  /**
   * Records a decision: decisions row, case status, audit entry, in one
   * transaction. Refuses a case someone else holds a live claim on, and a case
   * already confirmed or dismissed.
   */
  async decide(caseId: number, actor: string, decision: DecisionKind, reasonCode: string, notes: string | null, now = new Date()): Promise<DecideResult> {
    return this.db.transaction(async (tx) => {
      const [c] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update');
      if (!c) return { ok: false, code: 'NOT_FOUND' } as const;
      if (c.status !== 'open' && c.status !== 'escalated') return { ok: false, code: 'ALREADY_DECIDED' } as const;
      if (c.assignee && c.assignee !== actor && c.claimedUntil && c.claimedUntil > now) {
        return { ok: false, code: 'CLAIMED_BY_OTHER', holder: c.assignee } as const;
      }
      const status = STATUS_OF[decision];
      await tx.insert(decisions).values({ caseId, actor, decision, reasonCode, notes });
      await tx
        .update(cases)
        .set({ status, decision, reasonCode, notes, decidedAt: now, assignee: null, claimedUntil: null, updatedAt: now })
        .where(eq(cases.id, caseId));
      await tx.insert(auditLog).values({
        actor,
        action: `case.${decision}`,
        entity: 'case',
        entityId: String(caseId),
        before: { status: c.status },
        after: { status, reasonCode, notes },
      });
      return { ok: true, status } as const;
    });
  }

  /** Open case ids of every listing of a seller (bulk actions act on these). */
  async openCaseIdsOfSeller(sellerId: string): Promise<number[]> {
    const rows = await this.db
      .select({ id: cases.id })
      .from(cases)
      .innerJoin(listings, eq(listings.id, cases.listingId))
      .where(and(eq(listings.sellerId, sellerId), inArray(cases.status, ['open', 'escalated'])))
      .orderBy(cases.id);
    return rows.map((r) => r.id);
  }

  /**
   * The whole evidence view of one case in one round trip: PostgreSQL builds
   * the nested rows as JSON (measured: a third of the CPU of nine separate
   * queries per page view).
   */
  async detail(caseId: number): Promise<CaseDetail | undefined> {
    const r = await this.db.execute(sql`
      select to_jsonb(c) as case, to_jsonb(l) as listing, to_jsonb(s) as seller, to_jsonb(p) as platform,
        (select coalesce(jsonb_agg(to_jsonb(x) order by x.classifier, x.label), '[]'::jsonb) from predictions x
          where x.listing_id = c.listing_id and x.content_hash = c.content_hash) as predictions,
        (select coalesce(jsonb_agg(jsonb_build_object('image', to_jsonb(i),
            'ocr', (select to_jsonb(o) from ocr_results o where o.sha256 = i.sha256 order by o.created_at limit 1)) order by i.position), '[]'::jsonb)
          from images i where i.listing_id = c.listing_id) as images,
        (select coalesce(jsonb_agg(to_jsonb(sn) order by sn.fetched_at desc, sn.id desc), '[]'::jsonb)
          from (select * from listing_snapshots where listing_id = c.listing_id order by fetched_at desc, id desc limit 20) sn) as snapshots,
        (select coalesce(jsonb_agg(to_jsonb(d) order by d.id), '[]'::jsonb) from decisions d where d.case_id = c.id) as decisions,
        (select to_jsonb(t) from takedown_requests t where t.case_id = c.id) as takedown,
        (select coalesce(jsonb_agg(jsonb_build_object('id', h.id, 'status', h.status, 'opened_at', h.opened_at, 'decision', h.decision, 'source', h.source) order by h.id desc), '[]'::jsonb)
          from (select * from cases where listing_id = c.listing_id order by id desc limit 20) h) as history
      from cases c join listings l on l.id = c.listing_id join platforms p on p.id = l.platform_id left join sellers s on s.id = l.seller_id
      where c.id = ${caseId}`);
    const [row] = rowsOf<Record<string, unknown>>(r);
    if (!row) return undefined;
    const rec = <T>(v: unknown) => (v ? (camelRow(v as Record<string, unknown>) as T) : undefined);
    return {
      case: rec<CaseRow>(row.case)!,
      listing: rec<ListingRow>(row.listing)!,
      seller: rec<SellerRow>(row.seller) ?? null,
      platform: rec<PlatformRow>(row.platform)!,
      predictions: (row.predictions as Array<Record<string, unknown>>).map((x) => camelRow(x) as PredictionRow),
      images: (row.images as Array<{ image: Record<string, unknown>; ocr: Record<string, unknown> | null }>).map((x) => ({
        image: camelRow(x.image) as ImageRow,
        ocr: x.ocr ? (camelRow(x.ocr) as OcrResultRow) : null,
      })),
      snapshots: (row.snapshots as Array<Record<string, unknown>>).map((x) => camelRow(x) as ListingSnapshotRow),
      decisions: (row.decisions as Array<Record<string, unknown>>).map((x) => camelRow(x) as DecisionRow),
      takedown: rec<TakedownRow>(row.takedown),
      history: (row.history as Array<Record<string, unknown>>).map((x) => camelRow(x) as CaseDetail['history'][number]),
    };
  }

  /** The first open case in queue order that nobody else holds a live claim on. */
  async nextOpen(username: string, now = new Date()): Promise<number | undefined> {
    const [row] = await this.db
      .select({ id: cases.id })
      .from(cases)
      .where(and(eq(cases.status, 'open'), or(isNull(cases.assignee), eq(cases.assignee, username), isNull(cases.claimedUntil), lte(cases.claimedUntil, now))))
      .orderBy(desc(cases.riskRank), asc(cases.openedAt), asc(cases.id))
      .limit(1);
    return row?.id;
  }

  /**
   * Confirmed and dismissed cases, the latest decision per listing, with the
   * listing as it was when decided (the snapshot of the case's content hash):
   * what `shelfwatch train --from-decisions` learns from.
   */
  async reviewedForTraining(limit = 100_000): Promise<Array<{ caseId: number; listingId: string; status: 'confirmed' | 'dismissed'; labels: string[]; data: unknown }>> {
    const r = await this.db.execute(sql`
      select distinct on (c.listing_id) c.id as case_id, c.listing_id, c.status, c.labels,
        coalesce((select s.data from listing_snapshots s where s.listing_id = c.listing_id and s.content_hash = c.content_hash order by s.fetched_at desc limit 1), l.data) as data
      from cases c join listings l on l.id = c.listing_id
      where c.status in ('confirmed', 'dismissed')
      order by c.listing_id, c.decided_at desc nulls last, c.id desc
      limit ${limit}`);
    return rowsOf<{ case_id: number; listing_id: string; status: 'confirmed' | 'dismissed'; labels: string[]; data: unknown }>(r).map((x) => ({
      caseId: Number(x.case_id),
      listingId: x.listing_id,
      status: x.status,
      labels: x.labels,
      data: x.data,
    }));
  }

  /** Image row for the proxy: only its local path and type are needed. */
  async image(imageId: number) {
    const [row] = await this.db.select({ path: images.path, contentType: images.contentType, sha256: images.sha256 }).from(images).where(eq(images.id, imageId));
    return row;
  }
}
