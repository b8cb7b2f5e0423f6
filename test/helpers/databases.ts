import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../db/client.js';

/** The PostgreSQL server the integration tests use (CI starts it; see .ci/run). */
export const PG_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const DRIVERS = ['pglite', 'pg'] as const;
export type Driver = (typeof DRIVERS)[number];

/**
 * A fresh, migrated database of the given driver: an in-memory PGlite, or a new
 * PostgreSQL database created for this test and dropped by `dispose`.
 */
export async function freshDatabase(driver: Driver): Promise<Database & { url?: string; dispose(): Promise<void> }> {
  if (driver === 'pglite') {
    const db = await openDatabase({ dataDir: 'memory://' });
    return { ...db, dispose: () => db.close() };
  }
  const name = `sw_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
  return {
    ...db,
    url: url.toString(),
    dispose: async () => {
      await db.close();
      const a = new pg.Client({ connectionString: PG_ADMIN_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
