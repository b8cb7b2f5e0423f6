import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { AnalyticsRepository } from '../db/repositories/analytics.repository.js';
import { AuditRepository } from '../db/repositories/audit.repository.js';
import { BlacklistRepository } from '../db/repositories/blacklist.repository.js';
import { ReviewRepository } from '../db/repositories/review.repository.js';
import { TakedownRepository } from '../db/repositories/takedown.repository.js';
import { ThresholdRepository } from '../db/repositories/threshold.repository.js';
import type { PublicUser } from '../db/repositories/user.repository.js';
import { UserRepository } from '../db/repositories/user.repository.js';
import { LABELS, type Label } from '../domain/labels.js';
import { defaultThresholds } from '../pipeline/thresholds.js';
import { buildBatchNotice, buildNotice, type Notice, type NoticeCase, type Notifier } from '../pipeline/takedown/notice.js';
import { loadJurisdictions, resolveJurisdiction, type JurisdictionProfile } from '../pipeline/takedown/jurisdictions.js';
import { prCurve, previewThreshold, scoreHistogram } from './threshold-math.js';

export interface WorkbenchOptions {
  database: Database;
  config: Pick<Config, 'modelsDir' | 'dataDir'>;
  /** Organisation named on notices. Default `Shelfwatch`. */
  organisation?: string;
  /** Days after sending a notice before a listing still online is flagged. Default 7. */
  stillOnlineAfterDays?: number;
  /** Folders the image proxy may read from. Default: the data folder and the repository. */
  imageRoots?: string[];
  /** How long a queue page is shared between reviewers, in ms. Default 2000; 0 reads the database on every request. */
  queueCacheMs?: number;
}

/** The repositories and rules the routes share, built once per server. */
export class Workbench {
  readonly users: UserRepository;
  readonly review: ReviewRepository;
  readonly blacklist: BlacklistRepository;
  readonly takedowns: TakedownRepository;
  readonly analytics: AnalyticsRepository;
  readonly thresholds: ThresholdRepository;
  readonly audit: AuditRepository;
  readonly jurisdictions: Map<string, JurisdictionProfile>;

  constructor(readonly opts: WorkbenchOptions) {
    const db = opts.database.db;
    this.users = new UserRepository(db);
    this.review = new ReviewRepository(db);
    this.blacklist = new BlacklistRepository(db);
    this.takedowns = new TakedownRepository(db);
    this.analytics = new AnalyticsRepository(db);
    this.thresholds = new ThresholdRepository(db);
    this.audit = new AuditRepository(db);
    this.jurisdictions = loadJurisdictions(opts.config.modelsDir);
  }

  notifierFor(user: PublicUser): Notifier {
    return {
      name: user.displayName ?? user.username,
      email: user.email ?? `${user.username}@shelfwatch.invalid`,
      organisation: this.opts.organisation ?? 'Shelfwatch',
    };
  }

  private async noticeCases(caseIds: number[]): Promise<{ cases: NoticeCase[]; profile: string }[]> {
    const rows = await this.takedowns.noticeSources(caseIds);
    const byProfile = new Map<string, NoticeCase[]>();
    for (const r of rows) {
      const nc: NoticeCase = {
        caseId: r.case.id,
        listingId: r.listing.id,
        url: r.listing.url,
        title: r.listing.title,
        platformId: r.platform.id,
        platformName: r.platform.name,
        sellerId: r.seller?.id,
        sellerName: r.seller?.name,
        labels: r.case.labels,
        scores: r.case.scores,
        evidence: r.case.evidence,
        source: r.case.source,
        reviewer: '',
        reasonCode: r.case.reasonCode,
        notes: r.case.notes,
        decidedAt: r.case.decidedAt,
        firstSeenAt: r.listing.firstSeenAt,
      };
      const list = byProfile.get(r.platform.jurisdictionProfile) ?? [];
      list.push(nc);
      byProfile.set(r.platform.jurisdictionProfile, list);
    }
    return [...byProfile].map(([profile, cases]) => ({ profile, cases }));
  }

  /** The notice for one case (the reviewer who confirmed it is named as reviewer). */
  async noticeForCase(caseId: number, user: PublicUser, reviewer?: string): Promise<Notice | undefined> {
    const [group] = await this.noticeCases([caseId]);
    if (!group) return undefined;
    group.cases[0].reviewer = reviewer ?? user.username;
    return buildNotice(group.cases[0], resolveJurisdiction(this.jurisdictions, group.profile), this.notifierFor(user));
  }

  /** A batch notice per platform for the given cases (all must be on one platform). */
  async batchNotice(caseIds: number[], user: PublicUser, reviewers: Map<number, string> = new Map()): Promise<Notice | undefined> {
    const groups = await this.noticeCases(caseIds);
    if (!groups.length) return undefined;
    const all = groups.flatMap((g) => g.cases);
    for (const c of all) c.reviewer = reviewers.get(c.caseId) ?? user.username;
    return buildBatchNotice(all, resolveJurisdiction(this.jurisdictions, groups[0].profile), this.notifierFor(user));
  }

  private queueCache = new Map<string, { at: number; value: Awaited<ReturnType<ReviewRepository['queue']>> }>();

  /**
   * The queue, micro-cached for 2 s per filter set: 20 reviewers paging the
   * same queue share one database read. Any write through this server clears
   * the cache at once (see the onSend hook in app.ts), so a reviewer never sees
   * their own claim or decision missing; writes from other processes show
   * within 2 s.
   */
  async queue(f: Parameters<ReviewRepository['queue']>[0]) {
    const ttl = this.opts.queueCacheMs ?? 2000;
    if (ttl <= 0) return this.review.queue(f);
    const key = JSON.stringify(f);
    const hit = this.queueCache.get(key);
    if (hit && Date.now() - hit.at < ttl) return hit.value;
    const value = await this.review.queue(f);
    if (this.queueCache.size > 500) this.queueCache.clear();
    this.queueCache.set(key, { at: Date.now(), value });
    return value;
  }

  /** Called after every state-changing request. */
  invalidate(): void {
    this.queueCache.clear();
  }

  private facetCache?: { at: number; value: Awaited<ReturnType<ReviewRepository['facets']>> };

  /** Filter options change rarely; cached for 30 s so the queue page does not recompute them per request. */
  async facets() {
    if (!this.facetCache || Date.now() - this.facetCache.at > 30_000) this.facetCache = { at: Date.now(), value: await this.review.facets() };
    return this.facetCache.value;
  }

  async dashboard() {
    const [open, weekly, turnaround, repeat, crawls] = await Promise.all([
      this.analytics.openPerPlatform(),
      this.analytics.flaggedPerWeek(),
      this.analytics.takedownTurnaround(),
      this.analytics.repeatSellers(),
      this.analytics.crawlHealth(),
    ]);
    return { open, weekly, turnaround, repeat, crawls };
  }

  async activeThresholds(profile: string) {
    return this.thresholds.active(profile, defaultThresholds(this.opts.config.modelsDir, profile));
  }

  async thresholdCurve(label: Label, profile?: string) {
    const scored = await this.analytics.scoredCases(label, profile);
    const active = await this.activeThresholds(profile ?? 'default');
    const current = active.labels[label];
    return {
      label,
      profile: profile ?? null,
      current: { ...current, version: active.version },
      histogram: scoreHistogram(scored),
      pr: prCurve(scored),
      preview: previewThreshold(scored, current.flag),
      // Scores sent to the page so the slider previews without a round trip per move.
      reviewed: scored.filter((s) => s.positive !== null).map((s) => [round3(s.score), s.positive ? 1 : 0]),
      open: scored.filter((s) => s.positive === null).map((s) => round3(s.score)),
    };
  }

  async previewThreshold(label: Label, t: number, profile?: string) {
    return previewThreshold(await this.analytics.scoredCases(label, profile), t);
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export function isLabel(x: unknown): x is Label {
  return typeof x === 'string' && (LABELS as readonly string[]).includes(x);
}
