import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../db/client.js';
import { repositories } from '../../../db/repositories/index.js';
import { parseListing } from '../../../domain/listing.js';
import { DRIVERS, freshDatabase } from '../../helpers/databases.js';

const TABLES = [
  'platforms', 'crawl_runs', 'crawl_errors', 'sellers', 'listings', 'listing_snapshots', 'images', 'ocr_results',
  'reviews', 'predictions', 'cases', 'decisions', 'takedown_requests', 'thresholds', 'audit_log',
];

describe.each(DRIVERS)('when migrations run on %s', (driver) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase(driver);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it('creates every table', async () => {
    const rows = rowsOf<{ table_name: string }>(
      await database.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public'`),
    );
    const names = rows.map((r) => r.table_name);
    for (const t of TABLES) expect(names).toContain(t);
  });

  it('keeps the audit log append-only', async () => {
    const repos = repositories(database.db);
    await repos.audit.append({ actor: 'tester', action: 'test', entity: 'x', after: { a: 1 } });
    // drizzle wraps the driver error; the database's own message is the cause.
    const refused = (e: unknown) => /append-only/.test(String((e as Error).cause ?? '') + (e as Error).message);
    await expect(database.db.execute(sql`update audit_log set actor = 'mallory'`)).rejects.toSatisfy(refused);
    await expect(database.db.execute(sql`delete from audit_log`)).rejects.toSatisfy(refused);
    const [row] = await repos.audit.list(1);
    expect(row.actor).toBe('tester');
  });

  it('stores a listing once per content version', async () => {
    const repos = repositories(database.db);
    await repos.platforms.ensure({ id: 'shop' });
    const l1 = parseListing({ id: 'shop:1', platform: 'shop', url: 'https://shop.example/1', title: 'Tea', reviews: [{ text: 'nice', author: 'a' }] });
    expect(await repos.listings.store(l1)).toBe('new');
    expect(await repos.listings.store(l1)).toBe('unchanged');
    const l2 = parseListing({ ...l1, contentHash: undefined, fetchedAt: undefined, title: 'Tea 2' } as never);
    expect(await repos.listings.store(l2)).toBe('changed');
    expect(await repos.listings.markRemoved('shop:1', new Date())).toBe(true);
    expect(await repos.listings.markRemoved('shop:1', new Date())).toBe(false);
    expect(await repos.listings.store(l2)).toBe('relisted');
    const snaps = await repos.listings.snapshots('shop:1');
    expect(snaps.map((s) => s.event)).toEqual(['changed', 'changed', 'removed', 'relisted']);
    expect((await repos.listings.counts()).reviews).toBe(1);
  });

  it('versions thresholds and audits each save', async () => {
    const repos = repositories(database.db);
    const defaults = {
      profile: 'eu',
      version: 1,
      labels: {
        false_health_claim: { flag: 0.5, high: 0.85 },
        missing_certificate: { flag: 0.5, high: 0.9 },
        mislabeled_food: { flag: 0.5, high: 0.85 },
      },
    };
    expect((await repos.thresholds.active('eu', defaults)).labels.false_health_claim.flag).toBe(0.5);
    const v1 = await repos.thresholds.save('eu', 'false_health_claim', { flag: 0.6, high: 0.9 }, 'analyst');
    const v2 = await repos.thresholds.save('eu', 'false_health_claim', { flag: 0.7, high: 0.9 }, 'analyst');
    expect([v1, v2]).toEqual([1, 2]);
    expect((await repos.thresholds.active('eu', defaults)).labels.false_health_claim.flag).toBeCloseTo(0.7);
    await expect(repos.thresholds.save('eu', 'false_health_claim', { flag: 0.9, high: 0.5 }, 'analyst')).rejects.toThrow(/flag ≤ high/);
    const audit = await repos.audit.list(10);
    expect(audit.filter((a) => a.action === 'threshold.save')).toHaveLength(2);
  });
});
