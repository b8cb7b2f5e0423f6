import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema/index.js';
import { DatabaseConnectionError, MigrationError } from './errors.js';

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** pg_advisory_lock key that serialises migrations across processes (any fixed 64-bit number; "SWMG"). */
const MIGRATION_LOCK_KEY = 0x53574d47;

/** Both drivers expose the same query builder; repositories only see this type. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  driver: 'pglite' | 'pg';
  /** Human-readable location, for summaries and benchmark output. */
  location: string;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres:// URL; unset → PGlite. */
  databaseUrl?: string;
  /** PGlite data folder; `memory://` for an in-memory database. */
  dataDir?: string;
  /** Run pending migrations before returning. Default true. */
  migrate?: boolean;
  /** Pool size for `pg`. Default 10. */
  poolSize?: number;
}

function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `postgres://${u.username ? u.username + '@' : ''}${u.host}${u.pathname}`;
  } catch {
    // An unparseable URL is reported as such by openDatabase; here we only hide secrets.
    return 'postgres://(unparseable)';
  }
}

export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  const runMigrations = opts.migrate ?? true;
  if (opts.databaseUrl) return openPg(opts.databaseUrl, runMigrations, opts.poolSize ?? 10);
  return openPglite(opts.dataDir ?? '.shelfwatch', runMigrations);
}

async function openPglite(dataDir: string, runMigrations: boolean): Promise<Database> {
  const dir = dataDir.startsWith('memory://') ? dataDir : path.resolve(dataDir, 'pglite');
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
  let client: PGlite;
  try {
    client = await PGlite.create(dir);
  } catch (cause) {
    throw new DatabaseConnectionError(
      `cannot open the embedded database in ${dir}: ${(cause as Error).message}. Is another Shelfwatch process using it? Remove the folder to start afresh.`,
      { cause },
    );
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  if (runMigrations) {
    try {
      await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder: MIGRATIONS_DIR });
    } catch (cause) {
      await client.close();
      throw new MigrationError(`migrations failed on the embedded database: ${(cause as Error).message}`, { cause });
    }
  }
  return { db, driver: 'pglite', location: `pglite:${dir}`, close: () => client.close() };
}

async function openPg(databaseUrl: string, runMigrations: boolean, poolSize: number): Promise<Database> {
  let parsed: URL;
  try {
    parsed = new URL(databaseUrl);
  } catch (cause) {
    throw new DatabaseConnectionError(`DATABASE_URL is not a valid URL (expected postgres://user@host:5432/db)`, { cause });
  }
  if (!/^postgres(ql)?:$/.test(parsed.protocol)) {
    throw new DatabaseConnectionError(`DATABASE_URL must start with postgres:// (got ${parsed.protocol}//)`);
  }
  const location = describeUrl(databaseUrl);
  if (runMigrations) {
    // Migrations run on their own single connection, never through the pool.
    const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
    } catch (cause) {
      throw new DatabaseConnectionError(
        `cannot connect to PostgreSQL at ${location}: ${(cause as Error).message}. Check that the server runs and DATABASE_URL is right, or unset DATABASE_URL to use the embedded database.`,
        { cause },
      );
    }
    try {
      // Several workers may start at once on a fresh database: one migrates, the others wait here and
      // then find nothing to do (without the lock they fail on CREATE SCHEMA). Released when the client ends.
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS_DIR });
    } catch (cause) {
      throw new MigrationError(`migrations failed on ${location}: ${(cause as Error).message}`, { cause });
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, connectionTimeoutMillis: 5000 });
  pool.on('error', (err) => {
    // An idle client lost its connection; the pool replaces it. Log so it is not silent.
    console.error(`[db] idle PostgreSQL client error: ${err.message}`);
  });
  try {
    const c = await pool.connect();
    c.release();
  } catch (cause) {
    await pool.end();
    throw new DatabaseConnectionError(
      `cannot connect to PostgreSQL at ${location}: ${(cause as Error).message}. Check that the server runs and DATABASE_URL is right, or unset DATABASE_URL to use the embedded database.`,
      { cause },
    );
  }
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return { db, driver: 'pg', location, close: () => pool.end() };
}

/** Reads rows from db.execute() the same way for both drivers. */
export function rowsOf<T>(result: unknown): T[] {
  const r = result as { rows?: T[] };
  return r.rows ?? (result as T[]);
}
