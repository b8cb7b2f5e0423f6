import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config.js';
import { repositories } from '../../../db/repositories/index.js';
import { CLAIM_MINUTES, ReviewRepository } from '../../../db/repositories/review.repository.js';
import { UserRepository } from '../../../db/repositories/user.repository.js';
import { eq } from 'drizzle-orm';
import { TakedownRepository } from '../../../db/repositories/takedown.repository.js';
import { cases } from '../../../db/schema/cases.js';
import { images } from '../../../db/schema/images.js';
import { listings } from '../../../db/schema/listings.js';
import { parseListing } from '../../../domain/listing.js';
import { buildWebApp } from '../../../web/app.js';
import { freshDatabase } from '../../helpers/databases.js';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let app: FastifyInstance;
const tokens: Record<string, string> = {};
let n = 0;

interface SeedOpts {
  platform?: string;
  seller?: { id: string; name?: string; phone?: string; registrationNumber?: string; taxId?: string };
  imageSha?: string;
  score?: number;
  language?: string;
  labels?: Array<'false_health_claim' | 'missing_certificate' | 'mislabeled_food'>;
  openedDaysAgo?: number;
}

async function seedCase(opts: SeedOpts = {}): Promise<{ caseId: number; listingId: string }> {
  const repos = repositories(db.db);
  const platform = opts.platform ?? 'shop';
  const i = ++n;
  const listing = parseListing({
    id: `${platform}:${i}`,
    platform,
    url: `https://${platform}.example/p/${i}`,
    title: `Diabetes cure tea ${i}`,
    description: 'Cures diabetes in seven days.',
    language: opts.language ?? 'en',
    category: 'supplement',
    seller: opts.seller ?? { id: 'solo', name: 'Solo Shop' },
    fetchedAt: '2026-01-01T00:00:00Z',
  });
  await repos.platforms.ensure({ id: platform });
  const sid = await repos.sellers.upsert(platform, listing.seller);
  await repos.listings.store(listing, { sellerId: sid });
  if (opts.imageSha) await db.db.insert(images).values({ listingId: listing.id, position: 0, sha256: opts.imageSha, status: 'ok' });
  const score = opts.score ?? 0.9;
  const caseId = await repos.cases.insert({
    listingId: listing.id,
    contentHash: listing.contentHash,
    labels: opts.labels ?? ['false_health_claim'],
    scores: { false_health_claim: score, missing_certificate: 0.1, mislabeled_food: 0 },
    risk: score >= 0.85 ? 'high' : 'medium',
    maxScore: score,
    evidence: [{ label: 'false_health_claim', field: 'description', span: 'Cures diabetes', start: 0, end: 14, classifier: 'rules', version: '1', score }],
  });
  if (opts.openedDaysAgo !== undefined) await db.db.update(cases).set({ openedAt: new Date(Date.now() - opts.openedDaysAgo * 86_400_000) }).where(eq(cases.id, caseId!));
  return { caseId: caseId!, listingId: listing.id };
}

const as = (user: string) => ({ authorization: `Bearer ${tokens[user]}` });
const post = (user: string, url: string, payload: object = {}) => app.inject({ method: 'POST', url, headers: as(user), payload });
const get = (user: string, url: string) => app.inject({ method: 'GET', url, headers: as(user) });

beforeAll(async () => {
  db = await freshDatabase('pglite');
  const users = new UserRepository(db.db);
  for (const [name, role] of [['ana', 'reviewer'], ['ben', 'reviewer'], ['alice', 'analyst'], ['root', 'admin']] as const) {
    await users.add({ username: name, password: 'a long password', role, displayName: name.toUpperCase(), email: `${name}@example.org` });
    tokens[name] = await users.createToken(name, 'flow');
  }
  ({ app } = await buildWebApp({ database: db, config: loadConfig({ dataDir: 'memory://' }, {}), stillOnlineAfterDays: 7 }));
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await db?.dispose();
});

describe('when the queue is ordered and filtered', () => {
  it('lists open cases by risk, then oldest first, and filters by platform, label, language, seller, risk and date', async () => {
    const qa = { id: 'qa', name: 'Queue A' };
    const q1 = await seedCase({ platform: 'qshop', seller: qa, openedDaysAgo: 3 });
    const q2 = await seedCase({ platform: 'qshop', seller: { id: 'qb', name: 'Queue B' }, language: 'vi', openedDaysAgo: 1 });
    const q3 = await seedCase({ platform: 'qshop', seller: qa, score: 0.6, openedDaysAgo: 5 });
    const q4 = await seedCase({ platform: 'qshop', seller: { id: 'qc', name: 'Queue C' }, labels: ['mislabeled_food'], openedDaysAgo: 2 });
    const ids = async (query: string) => ((await get('ana', `/api/cases?platform=qshop&${query}`)).json().cases as Array<{ id: number }>).map((c) => c.id);
    expect(await ids('')).toEqual([q1, q4, q2, q3].map((c) => c.caseId));
    expect(await ids('language=vi')).toEqual([q2.caseId]);
    expect(await ids('seller=qshop:qa')).toEqual([q1.caseId, q3.caseId]);
    expect(await ids('risk=medium')).toEqual([q3.caseId]);
    expect(await ids('label=mislabeled_food')).toEqual([q4.caseId]);
    const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
    expect(await ids(`from=${day(4)}&to=${day(2)}`)).toEqual([q1.caseId, q4.caseId]);
    const page = await app.inject({ method: 'GET', url: `/queue?platform=qshop&risk=high`, headers: as('ana') });
    expect([...page.body.matchAll(/<tr data-case-id="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([q1, q4, q2].map((c) => c.caseId));
  });
});

describe('when a claim is held, abandoned and expires', () => {
  it('locks the case for its holder until the claim runs out, then frees it', async () => {
    // The oldest high-risk case: first in line for "next case".
    const { caseId } = await seedCase({ openedDaysAgo: 30 });
    const review = new ReviewRepository(db.db);
    const t0 = new Date('2026-02-01T10:00:00Z');
    const minutes = (m: number) => new Date(t0.getTime() + m * 60_000);
    expect(await review.claim(caseId, 'ana', CLAIM_MINUTES, t0)).toMatchObject({ ok: true });
    expect(await review.claim(caseId, 'ben', CLAIM_MINUTES, minutes(CLAIM_MINUTES - 1))).toMatchObject({ ok: false, holder: 'ana' });
    expect(await review.decide(caseId, 'ben', 'dismiss', 'no_claim', null, minutes(CLAIM_MINUTES - 1))).toMatchObject({ ok: false, code: 'CLAIMED_BY_OTHER', holder: 'ana' });
    expect(await review.nextOpen('ben', minutes(1))).not.toBe(caseId);
    // Abandoned: after the claim's time anyone may take it, and the old holder may no longer decide.
    expect(await review.nextOpen('ben', minutes(CLAIM_MINUTES + 1))).toBe(caseId);
    expect(await review.claim(caseId, 'ben', CLAIM_MINUTES, minutes(CLAIM_MINUTES + 1))).toMatchObject({ ok: true });
    expect(await review.decide(caseId, 'ana', 'confirm', 'cure_claim', null, minutes(CLAIM_MINUTES + 2))).toMatchObject({ ok: false, code: 'CLAIMED_BY_OTHER', holder: 'ben' });
    expect(await review.decide(caseId, 'ben', 'dismiss', 'no_claim', 'not a claim', minutes(CLAIM_MINUTES + 2))).toEqual({ ok: true, status: 'dismissed' });
  });

  it('answers a claim over HTTP with the holder and the time it runs out', async () => {
    const { caseId } = await seedCase();
    const first = await post('ana', `/api/cases/${caseId}/claim`);
    expect(first.statusCode).toBe(200);
    const until = new Date(first.json().claimedUntil).getTime();
    expect(until - Date.now()).toBeGreaterThan((CLAIM_MINUTES - 1) * 60_000);
    expect(until - Date.now()).toBeLessThanOrEqual(CLAIM_MINUTES * 60_000);
    const second = await post('ben', `/api/cases/${caseId}/claim`);
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ error: 'CLAIMED', holder: 'ana' });
    expect((await post('ana', `/api/cases/${caseId}/release`)).json()).toEqual({ released: true });
    expect((await post('ben', `/api/cases/${caseId}/claim`)).statusCode).toBe(200);
  });
});

describe('when a reviewer decides all open cases of one seller at once', () => {
  it('applies the decision to that seller only, skips cases another reviewer holds, and audits each', async () => {
    const seller = { id: 'bulky', name: 'Bulk Herbs', phone: '+84 91 000 1111' };
    const mine = [await seedCase({ seller }), await seedCase({ seller }), await seedCase({ seller })];
    const other = await seedCase({ seller: { id: 'bystander', name: 'Someone Else' } });
    expect((await post('ben', `/api/cases/${mine[2].caseId}/claim`)).statusCode).toBe(200);
    const res = await post('ana', '/api/sellers/shop:bulky/bulk-decision', { decision: 'confirm', reasonCode: 'repeat_offender', notes: 'same shop' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { applied: number; skipped: number; results: Array<{ caseId: number; ok: boolean; code?: string }> };
    expect(body).toMatchObject({ applied: 2, skipped: 1 });
    expect(body.results.find((r) => r.caseId === mine[2].caseId)).toMatchObject({ ok: false, code: 'CLAIMED_BY_OTHER' });
    for (const c of mine.slice(0, 2)) expect((await get('ana', `/api/cases/${c.caseId}`)).json().case.status).toBe('confirmed');
    expect((await get('ana', `/api/cases/${other.caseId}`)).json().case.status).toBe('open');
    const audit = (await get('root', '/api/audit?action=case.confirm&actor=ana')).json().entries as Array<{ entityId: string; after: { reasonCode: string } }>;
    expect(audit.map((e) => Number(e.entityId)).sort()).toEqual(mine.slice(0, 2).map((c) => c.caseId).sort());
    expect(audit.every((e) => e.after.reasonCode === 'repeat_offender')).toBe(true);
  });

  it('refuses a decision without a reason code, or with one that does not fit the decision', async () => {
    expect((await post('ana', '/api/sellers/shop:bulky/bulk-decision', { decision: 'dismiss' })).statusCode).toBe(400);
    const { caseId } = await seedCase();
    const wrong = await post('ana', `/api/cases/${caseId}/decision`, { decision: 'dismiss', reasonCode: 'cure_claim' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().message).toMatch(/reason code for dismiss must be one of no_claim, /);
    expect((await get('ana', `/api/cases/${caseId}`)).json().case.status).toBe('open');
  });
});

describe('when sellers are matched across platforms', () => {
  it('links a seller to others by shop name, phone, business and tax number and image hash', async () => {
    await seedCase({ platform: 'alpha', seller: { id: 'orig', name: 'Green Herb Official Store', phone: '+84 90 555 1234', registrationNumber: 'BRN-0312-9988', taxId: 'VN 0312 456 789' }, imageSha: 'a'.repeat(64) });
    await seedCase({ platform: 'beta', seller: { id: 'byname', name: 'green herb store' } });
    await seedCase({ platform: 'beta', seller: { id: 'byphone', name: 'Other Name 1', phone: '0905551234' } });
    await seedCase({ platform: 'gamma', seller: { id: 'byreg', name: 'Other Name 2', registrationNumber: 'brn 0312 9988' } });
    await seedCase({ platform: 'gamma', seller: { id: 'bytax', name: 'Other Name 3', taxId: 'vn-0312-456-789' } });
    await seedCase({ platform: 'delta', seller: { id: 'byimage', name: 'Other Name 4' }, imageSha: 'a'.repeat(64) });
    await seedCase({ platform: 'delta', seller: { id: 'unrelated', name: 'Unrelated Goods', phone: '+1 555 0100' }, imageSha: 'b'.repeat(64) });
    const page = (await get('ana', '/api/sellers/alpha:orig')).json() as { linked: Array<{ id: string; via: string[] }>; listings: Array<{ sellerId: string }> };
    const via = Object.fromEntries(page.linked.map((l) => [l.id, l.via]));
    expect(via).toEqual({
      'beta:byname': ['shop_name'],
      'beta:byphone': ['phone'],
      'gamma:byreg': ['registration'],
      'gamma:bytax': ['tax_id'],
      'delta:byimage': ['image'],
    });
    // The seller page lists the linked sellers' listings too.
    expect(new Set(page.listings.map((l) => l.sellerId))).toEqual(new Set(['alpha:orig', ...Object.keys(via)]));
  });

  it('blacklists with a reason and shows the entry per identifier', async () => {
    expect((await post('ana', '/api/sellers/alpha:orig/block', { reason: 'x' })).statusCode).toBe(400);
    const res = await post('ana', '/api/sellers/alpha:orig/block', { reason: 'sold fake diabetes cures' });
    expect(res.json().identifiers).toBe(6);
    const entries = (await get('alice', '/api/blacklist')).json().entries as Array<{ kind: string; reason: string; sellerId: string }>;
    expect(entries.filter((e) => e.sellerId === 'alpha:orig').map((e) => e.kind).sort()).toEqual(['image', 'phone', 'registration', 'seller', 'shop_name', 'tax_id']);
    expect(entries.every((e) => e.reason === 'sold fake diabetes cures')).toBe(true);
  });
});

describe('when a takedown request goes through its statuses', () => {
  it('moves draft → sent → acknowledged → removed by hand; only a re-crawl verifies the removal', async () => {
    const { caseId, listingId } = await seedCase({ platform: 'tdshop' });
    expect((await post('ana', `/api/cases/${caseId}/takedown`)).statusCode).toBe(409);
    await post('ana', `/api/cases/${caseId}/decision`, { decision: 'confirm', reasonCode: 'cure_claim' });
    const created = await post('ana', `/api/cases/${caseId}/takedown`);
    expect(created.statusCode).toBe(201);
    const tid = created.json().id as number;
    expect((await post('ana', `/api/cases/${caseId}/takedown`)).json()).toEqual({ id: tid, created: false });
    const status = (to: string) => post('ana', `/api/takedowns/${tid}/status`, { status: to, note: `to ${to}` });
    expect((await status('removed')).statusCode).toBe(409);
    for (const to of ['sent', 'acknowledged', 'removed']) expect((await status(to)).json(), to).toEqual({ status: to });
    const byHand = await status('verified_removed');
    expect(byHand.statusCode).toBe(400);
    expect(byHand.json().message).toMatch(/set by re-crawl/);
    expect((await status('still_online')).statusCode).toBe(400);

    await repositories(db.db).listings.markRemoved(listingId, new Date());
    expect((await post('ana', '/api/takedowns/verify')).json()).toMatchObject({ verified: 1 });
    expect((await get('ana', `/api/takedowns/${tid}`)).json().takedown.status).toBe('verified_removed');
    const trail = (await get('root', `/api/audit?entity=takedown`)).json().entries as Array<{ entityId: string; actor: string; before: { status: string } | null; after: { status: string } }>;
    const mine = trail.filter((e) => e.entityId === String(tid)).reverse();
    expect(mine.map((e) => [e.actor, e.before?.status ?? null, e.after.status])).toEqual([
      ['ana', null, 'draft'],
      ['ana', 'draft', 'sent'],
      ['ana', 'sent', 'acknowledged'],
      ['ana', 'acknowledged', 'removed'],
      ['recrawl', 'removed', 'verified_removed'],
    ]);
  });

  it('marks a request still online N days after sending, which a reviewer then escalates', async () => {
    const { caseId, listingId } = await seedCase({ platform: 'tdshop' });
    await post('ana', `/api/cases/${caseId}/decision`, { decision: 'confirm', reasonCode: 'cure_claim' });
    const tid = (await post('ana', `/api/cases/${caseId}/takedown`)).json().id as number;
    await post('ana', `/api/takedowns/${tid}/status`, { status: 'sent' });
    const takedowns = new TakedownRepository(db.db);
    // Re-crawled a day later and still there: too early to call it.
    const seen = (at: Date) => db.db.update(listings).set({ lastSeenAt: at }).where(eq(listings.id, listingId));
    await seen(new Date(Date.now() + 1 * 86_400_000));
    expect(await takedowns.verifyByRecrawl(new Date(Date.now() + 1 * 86_400_000), 7)).toEqual({ verified: 0, stillOnline: 0 });
    // Eight days after sending, still seen by the crawler.
    const later = new Date(Date.now() + 8 * 86_400_000);
    await seen(later);
    expect(await takedowns.verifyByRecrawl(later, 7)).toEqual({ verified: 0, stillOnline: 1 });
    expect((await get('ana', `/api/takedowns/${tid}`)).json().takedown.status).toBe('still_online');
    expect((await post('ana', `/api/takedowns/${tid}/status`, { status: 'escalated', note: 'to the authority' })).json()).toEqual({ status: 'escalated' });
  });

  it('batches every confirmed case of a platform without a request into one notice with each exact URL', async () => {
    const a = await seedCase({ platform: 'batchshop' });
    const b = await seedCase({ platform: 'batchshop' });
    const open = await seedCase({ platform: 'batchshop' });
    for (const c of [a, b]) await post('ana', `/api/cases/${c.caseId}/decision`, { decision: 'confirm', reasonCode: 'cure_claim' });
    const res = await post('ana', '/api/takedowns/batch', { platform: 'batchshop' });
    expect(res.statusCode).toBe(200);
    const { created, notice } = res.json() as { created: Array<{ id: number; created: boolean }>; notice: { items: Array<{ caseId: number; url: string }>; notifier: { name: string; email: string }; goodFaithStatement: string } };
    expect(created.filter((c) => c.created)).toHaveLength(2);
    expect(notice.items.map((i) => i.caseId).sort()).toEqual([a.caseId, b.caseId].sort());
    expect(notice.items.map((i) => i.url)).not.toContain(`https://batchshop.example/p/${open.listingId.split(':')[1]}`);
    expect(notice.items.every((i) => /^https:\/\/batchshop\.example\/p\/\d+$/.test(i.url))).toBe(true);
    expect(notice.notifier).toEqual(expect.objectContaining({ name: 'ANA', email: 'ana@example.org' }));
    expect(notice.goodFaithStatement).toMatch(/bona fide/);
    // Nothing left to batch; the drafts stay exportable as one notice until they are sent together.
    expect((await post('ana', '/api/takedowns/batch', { platform: 'batchshop' })).json()).toEqual({ created: [], notice: null });
    expect((await get('ana', '/api/takedowns/batch/batchshop/export?format=json')).statusCode).toBe(404);
    const draft = await get('alice', '/api/takedowns/batch/batchshop/export?of=draft&format=csv');
    expect(draft.headers['content-type']).toContain('text/csv');
    const lines = draft.body.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    for (const c of [a, b]) expect(draft.body).toContain(`https://batchshop.example/p/${c.listingId.split(':')[1]}`);
    const batchPage = await get('ana', '/takedowns/batch/batchshop');
    expect(batchPage.body).toContain('Mark all 2 as sent');
    expect(batchPage.body).toContain('/takedowns/batch/batchshop/export?of=draft&amp;format=pdf');
    expect((await post('alice', '/api/takedowns/batch/sent', { platform: 'batchshop' })).statusCode).toBe(403);
    const sent = await post('ana', '/api/takedowns/batch/sent', { platform: 'batchshop', note: 'one email to legal@batchshop' });
    expect(sent.json().sent).toHaveLength(2);
    for (const t of created) expect((await get('ana', `/api/takedowns/${t.id}`)).json().takedown.status).toBe('sent');
    expect((await get('ana', '/api/takedowns/batch/batchshop/export?of=draft')).statusCode).toBe(404);
  });
});

describe('when the dashboard sums up the work above', () => {
  it('reports flagged listings per week, platform and label, takedown turnaround, repeat sellers and crawl health', async () => {
    const d = (await get('alice', '/api/dashboard')).json() as {
      weekly: Array<{ week: string; platform: string; label: string; n: number }>;
      turnaround: { perPlatform: Array<{ platform: string; total: number; removed: number; still_online: number; avg_hours: number | null }>; statuses: Array<{ status: string; n: number }> };
      repeat: Array<{ id: string; confirmed: number }>;
      crawls: unknown[];
      open: Array<{ platform: string; n: number }>;
    };
    expect(d.weekly).toContainEqual(expect.objectContaining({ platform: 'qshop', label: 'mislabeled_food', n: 1 }));
    expect(d.weekly.filter((w) => w.platform === 'qshop').reduce((a, w) => a + w.n, 0)).toBe(4);
    expect(d.weekly.every((w) => /^\d{4}-\d{2}-\d{2}$/.test(w.week))).toBe(true);
    const td = d.turnaround.perPlatform.find((p) => p.platform === 'tdshop')!;
    expect(td).toMatchObject({ total: 2, removed: 1, still_online: 1 });
    expect(td.avg_hours).not.toBeNull();
    expect(d.repeat).toContainEqual(expect.objectContaining({ id: 'shop:bulky', confirmed: 2 }));
    expect(d.open).toContainEqual({ platform: 'qshop', n: 4 });
    expect(Array.isArray(d.crawls)).toBe(true);
  });
});

describe('when an analyst previews and saves a threshold over the API', () => {
  it('previews counts and precision/recall, then saves a new version audited with before and after', async () => {
    const before = (await get('alice', '/api/thresholds?profile=default')).json().active.labels.false_health_claim as { flag: number; high: number };
    const preview = (await post('alice', '/api/thresholds/preview', { label: 'false_health_claim', flag: 0.95 })).json();
    expect(preview).toEqual(expect.objectContaining({ threshold: 0.95 }));
    const loose = (await post('alice', '/api/thresholds/preview', { label: 'false_health_claim', flag: 0.05 })).json();
    // Every seeded score is 0.6 or 0.9: nothing reaches 0.95, everything reaches 0.05.
    expect(preview).toMatchObject({ openFlagged: 0, pastFlagged: 0, recall: 0 });
    expect(loose).toMatchObject({ openFlagged: loose.openTotal, pastFlagged: loose.pastTotal, recall: 1 });
    expect(loose.openTotal).toBeGreaterThan(5);
    expect(loose.precision).toBeGreaterThan(0);
    expect(loose.precision).toBeLessThan(1);
    expect((await post('ana', '/api/thresholds', { label: 'false_health_claim', profile: 'default', flag: 0.7, high: 0.9 })).statusCode).toBe(403);
    expect((await post('alice', '/api/thresholds', { label: 'false_health_claim', profile: 'default', flag: 0.95, high: 0.9 })).statusCode).toBe(400);
    const saved = await post('alice', '/api/thresholds', { label: 'false_health_claim', profile: 'default', flag: 0.7, high: 0.9, note: 'fewer false alarms' });
    expect(saved.statusCode).toBe(201);
    expect(saved.json()).toEqual({ version: 1 });
    const [entry] = (await get('alice', '/api/audit?action=threshold.save')).json().entries as Array<{ actor: string; entityId: string; before: Record<string, unknown>; after: Record<string, unknown> }>;
    expect(entry).toMatchObject({ actor: 'alice', entityId: 'default/false_health_claim', before: { version: 0, flag: before.flag, high: before.high, source: 'defaults' }, after: { version: 1, flag: 0.7, high: 0.9, note: 'fewer false alarms' } });
    expect((await get('alice', '/api/thresholds?profile=default')).json().active.labels.false_health_claim).toEqual({ flag: 0.7, high: 0.9 });
  });
});
