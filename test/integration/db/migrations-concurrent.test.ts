import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/client.js';
import { PG_ADMIN_URL } from '../../helpers/databases.js';

describe('when several workers start at once on a fresh PostgreSQL database', () => {
  const name = `sw_test_mig_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = () => new pg.Client({ connectionString: PG_ADMIN_URL });

  afterAll(async () => {
    const a = admin();
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
  });

  it('migrates it once and every process opens it', async () => {
    const a = admin();
    await a.connect();
    await a.query(`CREATE DATABASE ${name}`);
    await a.end();
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    // Four processes' worth of openDatabase racing on an empty database (a fleet started together).
    const opened = await Promise.allSettled(Array.from({ length: 4 }, () => openDatabase({ databaseUrl: url.toString(), poolSize: 1 })));
    const errors = opened.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => String((r.reason as Error).message));
    for (const r of opened) if (r.status === 'fulfilled') await r.value.close();
    expect(errors).toEqual([]);
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    const { rows } = await c.query('select count(*)::int as n, count(distinct hash)::int as d from drizzle.__drizzle_migrations');
    await c.end();
    // Each migration recorded once.
    expect(rows[0].n).toBe(rows[0].d);
    expect(rows[0].n).toBeGreaterThan(0);
  }, 60_000);
});
