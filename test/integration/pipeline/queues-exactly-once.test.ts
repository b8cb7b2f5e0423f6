import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoStyleListings } from '../../../bench/demo-listings.js';
import { TakedownRepository } from '../../../db/repositories/takedown.repository.js';
import { auditLog, cases, listingSnapshots, listings, takedownRequests } from '../../../db/schema/index.js';
import { startDemoMarketplace, type DemoMarketplace } from '../../../demo/server.js';
import { enqueueListings, waitForIdle } from '../../../pipeline/queue-runner.js';
import { STAGES, type PipelineQueues } from '../../../pipeline/queues.js';
import { recheckSchedulerId, scheduleTakedownRecheck } from '../../../pipeline/schedules.js';
import { WorkerHost } from '../../../pipeline/workers/host.js';
import { freshDatabase } from '../../helpers/databases.js';
import { caseSummary, openTestQueues, queueConfig, rowCounts, silentLog, uniquePrefix } from './queue-helpers.js';

const N = 40;

/**
 * Exactly-once effects: BullMQ delivers at least once (a retried attempt, a
 * stalled job taken over by a second worker), so every stage must be safe to
 * run twice. Each test runs real jobs a second time under a new job id, which
 * defeats BullMQ's own id dedupe: only the stage code and the database's
 * constraints stand between a redelivery and a duplicate row.
 */
describe('when a job runs twice', () => {
  let shop: DemoMarketplace;
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let queues: PipelineQueues;
  let host: WorkerHost;
  const prefix = uniquePrefix('twice');
  let items: ReturnType<typeof demoStyleListings>;

  beforeAll(async () => {
    shop = await startDemoMarketplace({ port: 0 });
    db = await freshDatabase('pg');
    queues = openTestQueues(prefix);
    // Listing URLs on the live demo shop, so the takedown-verify stage can re-fetch them.
    items = demoStyleListings(N, { tag: 'twice' }).map((l) => ({ ...l, url: l.url.replace('http://demo.shelfwatch.test', shop.url) }));
  });
  afterAll(async () => {
    await host?.close(2000);
    await queues?.obliterate();
    await queues?.close();
    await db?.dispose();
    await shop?.close();
  });

  it('stores each listing once when the same crawl batch runs twice at the same time', async () => {
    const batch = { kind: 'listings' as const, platform: 'demo', listings: items };
    // Two deliveries of one batch, taken by two crawl slots at once (crawl concurrency 2): a real race.
    await queues.queue('crawl').add('listings', batch, { jobId: 'batch-first' });
    await queues.queue('crawl').add('listings', batch, { jobId: 'batch-second' });
    host = await WorkerHost.start({ config: queueConfig(db.url!, prefix), port: null, log: silentLog });
    await waitForIdle(queues, { timeoutMs: 120_000 });

    const counts = await rowCounts(db.db);
    expect(counts.listings).toBe(N);
    expect(counts.snapshots).toBe(N);
    expect(counts.cases).toBeGreaterThan(5);
    const depth = await queues.depth();
    expect(depth.crawl.completed).toBe(2);
    // The classify/triage hand-over is keyed by content version: one job each, not two.
    expect(depth.classify.completed).toBe(N);
    expect(depth.triage.completed).toBe(N);
    for (const s of STAGES) expect(depth[s].failed).toBe(0);
  }, 180_000);

  it('adds no listing, snapshot, prediction or case when every crawl, classify and triage job is redelivered', async () => {
    const before = await rowCounts(db.db);
    const casesBefore = await caseSummary(db.db);
    const again: Record<string, number> = {};
    for (const stage of ['crawl', 'classify', 'triage'] as const) {
      const done = await queues.queue(stage).getCompleted(0, -1);
      again[stage] = done.length;
      for (const j of done) await queues.queue(stage).add(j.name as never, j.data as never, { jobId: `${j.id}-again` });
    }
    expect(again).toEqual({ crawl: 2, classify: N, triage: N });
    await waitForIdle(queues, { timeoutMs: 120_000 });

    expect(await rowCounts(db.db)).toEqual(before);
    expect(await caseSummary(db.db)).toEqual(casesBefore);
    // Each redelivered triage job saw its case already there.
    const outcomes = (await queues.queue('triage').getCompleted(0, -1)).filter((j) => j.id!.endsWith('-again')).map((j) => (j.returnvalue as { outcome: string }).outcome);
    expect(outcomes).toHaveLength(N);
    expect(outcomes.filter((o) => o === 'opened')).toEqual([]);
    expect(outcomes.filter((o) => o === 'duplicate').length).toBe(casesBefore.length);
    const depth = await queues.depth();
    for (const s of STAGES) expect(depth[s].failed).toBe(0);
  }, 180_000);

  it('records one takedown transition when a verify job runs twice', async () => {
    const takedowns = new TakedownRepository(db.db);
    const flagged = await db.db.select({ id: cases.id, listingId: cases.listingId }).from(cases).orderBy(cases.id).limit(2);
    expect(flagged).toHaveLength(2);
    const ids: number[] = [];
    for (const c of flagged) {
      await db.db.update(cases).set({ status: 'confirmed' }).where(eq(cases.id, c.id));
      const draft = await takedowns.createDraft(c.id, { test: true }, 'test');
      // The same case twice never gives a second request.
      expect((await takedowns.createDraft(c.id, { test: true }, 'test')).created).toBe(false);
      await takedowns.setStatus(draft.id, 'sent', 'test');
      ids.push(draft.id);
    }
    const [gone, online] = ids;
    // The first listing is taken down by the shop; the second stays up.
    shop.remove(flagged[0].listingId.split(':').pop()!.replace(/-twice-\d+$/, ''));
    await scheduleTakedownRecheck(queues, gone, 3_600_000);
    await scheduleTakedownRecheck(queues, online, 3_600_000);
    // The schedulers' first jobs run at once; two more deliveries of each race them.
    const verify = queues.queue('takedown-verify');
    await verify.addBulk(ids.flatMap((takedownId) => [1, 2].map((n) => ({ name: 'verify', data: { takedownId }, opts: { jobId: `verify-${takedownId}-${n}` } }))));
    await waitForIdle(queues, { timeoutMs: 60_000 });

    const rows = await db.db.select({ id: takedownRequests.id, status: takedownRequests.status, verifiedAt: takedownRequests.verifiedAt }).from(takedownRequests).orderBy(takedownRequests.id);
    expect(rows.map((r) => [r.id, r.status])).toEqual([
      [gone, 'verified_removed'],
      [online, 'still_online'],
    ]);
    expect(rows.length).toBe(2);
    const audits = await db.db
      .select({ entityId: auditLog.entityId, action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'takedown_request'), like(auditLog.actor, 'system:takedown-verify')));
    expect(audits.map((a) => `${a.entityId} ${a.action}`).sort()).toEqual([`${gone} takedown.verified_removed`, `${online} takedown.still_online`].sort());
    const [listing] = await db.db.select({ status: listings.status }).from(listings).where(eq(listings.id, flagged[0].listingId));
    expect(listing.status).toBe('removed');
    // Confirmed gone: its re-check schedule is removed; the one still online keeps being re-checked.
    const schedulers = (await verify.getJobSchedulers(0, -1)).map((s) => s.key);
    expect(schedulers).not.toContain(recheckSchedulerId(gone));
    expect(schedulers).toContain(recheckSchedulerId(online));
    // Three verify runs on the removed listing: one `removed` snapshot, not three.
    const removedSnapshots = await db.db.select({ id: listingSnapshots.id }).from(listingSnapshots).where(and(eq(listingSnapshots.listingId, flagged[0].listingId), eq(listingSnapshots.event, 'removed')));
    expect(removedSnapshots).toHaveLength(1);
    expect((await rowCounts(db.db)).snapshots).toBe(N + 1);
    for (const s of STAGES) expect((await queues.depth())[s].failed).toBe(0);
  }, 120_000);
});
