/**
 * Workbench latency under load: the review queue page and the case page with
 * 50,000 listings and 5,000 open cases bulk-seeded into PostgreSQL, 20
 * concurrent users (autocannon connections) against `shelfwatch serve` in its
 * own process.
 *
 *   npm run bench:web [-- --listings 50000 --open-cases 5000 --connections 20 --seconds 15]
 *
 * Uses TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) to
 * create and afterwards drop a database of its own. Prints a table, then as the
 * very last line one JSON object.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { table } from '../cli/output.js';
import { REPO_ROOT } from '../config.js';
import { openDatabase } from '../db/client.js';
import { UserRepository } from '../db/repositories/user.repository.js';

const { values } = parseArgs({
  options: {
    listings: { type: 'string', default: '50000' },
    'open-cases': { type: 'string', default: '5000' },
    connections: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '15' },
    /** Keep the database afterwards (prints its URL) to inspect query plans. */
    keep: { type: 'boolean', default: false },
  },
});
const LISTINGS = Number(values.listings);
const OPEN = Number(values['open-cases']);
const CONNECTIONS = Number(values.connections);
const SECONDS = Number(values.seconds);
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PASSWORD = 'bench-password-1';

function log(msg: string) {
  process.stderr.write(`[bench:web] ${msg}\n`);
}

/** Everything in SQL with generate_series: 50k listings load in seconds instead of minutes through the pipeline. */
async function seed(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const t0 = Date.now();
  try {
    await c.query('BEGIN');
    await c.query(`INSERT INTO platforms (id, name, jurisdiction_profile) SELECT 'shop' || g, 'Shop ' || g, (ARRAY['eu','vn','cn','kr','tw'])[g] FROM generate_series(1,5) g`);
    await c.query(`INSERT INTO sellers (id, platform_id, external_id, name, phone, tax_id)
      SELECT 'shop' || (1 + g % 5) || ':seller-' || g, 'shop' || (1 + g % 5), 'seller-' || g, 'Seller ' || g, '+84 90 ' || lpad(g::text, 7, '0'), 'TAX' || g FROM generate_series(1, 2000) g`);
    await c.query(
      `INSERT INTO listings (id, platform_id, seller_id, url, title, language, category, content_hash, data, first_seen_at, last_seen_at)
      SELECT 'shop' || (1 + g % 5) || ':item-' || g, 'shop' || (1 + g % 5), 'shop' || (1 + (1 + g % 2000) % 5) || ':seller-' || (1 + g % 2000),
        'https://shop' || (1 + g % 5) || '.example/p/' || g, t.title, (ARRAY['en','vi','zh','ko'])[1 + g % 4], 'supplement', md5(g::text),
        jsonb_build_object('id', 'shop' || (1 + g % 5) || ':item-' || g, 'platform', 'shop' || (1 + g % 5), 'url', 'https://shop' || (1 + g % 5) || '.example/p/' || g,
          'title', t.title, 'description', t.description, 'language', (ARRAY['en','vi','zh','ko'])[1 + g % 4], 'category', 'supplement', 'price', (g % 90) + 9.5, 'currency', 'USD',
          'seller', jsonb_build_object('id', 'seller-' || (1 + g % 2000), 'name', 'Seller ' || (1 + g % 2000)),
          'certificates', '[]'::jsonb, 'ingredients', '["bitter melon","cinnamon"]'::jsonb, 'labelClaims', '["supports healthy blood sugar"]'::jsonb, 'allergens', '[]'::jsonb,
          'images', '[]'::jsonb, 'reviews', jsonb_build_array(jsonb_build_object('author','A','rating',5,'text','It cured my diabetes'), jsonb_build_object('author','B','rating',2,'text','No effect')),
          'attributes', '{}'::jsonb, 'fetchedAt', '2026-01-01T00:00:00Z', 'contentHash', md5(g::text)),
        now() - (g || ' minutes')::interval, now()
      FROM generate_series(1, $1::int) g,
      LATERAL (SELECT 'Herbal capsules No. ' || g || ' – reverses diabetes naturally' AS title,
        'Our formula cures type 2 diabetes in 30 days and lowers blood sugar. Batch ' || g || '. ' || repeat('Natural ingredients, no side effects. ', 8) AS description) t`,
      [LISTINGS],
    );
    await c.query(
      `INSERT INTO listing_snapshots (listing_id, content_hash, data, fetched_at) SELECT id, content_hash, data, first_seen_at FROM listings`,
    );
    // Open cases on every (LISTINGS/OPEN)-th listing, plus as many decided ones for the analyst view.
    await c.query(
      `INSERT INTO cases (listing_id, content_hash, labels, scores, risk, risk_rank, max_score, evidence, status, opened_at, decided_at, decision, reason_code)
      SELECT l.id, l.content_hash, '["false_health_claim"]'::jsonb,
        jsonb_build_object('false_health_claim', s.score, 'missing_certificate', 0.3, 'mislabeled_food', 0.1),
        CASE WHEN s.score >= 0.85 THEN 'high' ELSE 'medium' END, CASE WHEN s.score >= 0.85 THEN 3 ELSE 2 END, s.score,
        jsonb_build_array(jsonb_build_object('label','false_health_claim','field','title','span','reverses diabetes','classifier','rules','version','1','score',s.score),
                          jsonb_build_object('label','false_health_claim','field','description','span','cures type 2 diabetes','classifier','rules','version','1','score',s.score)),
        CASE WHEN n <= $1 THEN 'open' WHEN n % 3 = 0 THEN 'dismissed' ELSE 'confirmed' END,
        now() - (n || ' minutes')::interval,
        CASE WHEN n <= $1 THEN NULL ELSE now() END,
        CASE WHEN n <= $1 THEN NULL WHEN n % 3 = 0 THEN 'dismiss' ELSE 'confirm' END,
        CASE WHEN n <= $1 THEN NULL ELSE 'cure_claim' END
      FROM (SELECT id, content_hash, row_number() OVER (ORDER BY id) n FROM listings) l,
      LATERAL (SELECT round((0.5 + (n % 50) / 100.0)::numeric, 3)::real AS score) s
      WHERE n <= $1 * 2`,
      [OPEN],
    );
    await c.query(
      `INSERT INTO predictions (listing_id, content_hash, classifier, version, label, score, evidence)
      SELECT c.listing_id, c.content_hash, 'rules', '1', lab, (c.scores->>lab)::real, '[]'::jsonb
      FROM cases c CROSS JOIN unnest(ARRAY['false_health_claim','missing_certificate','mislabeled_food']) lab`,
    );
    await c.query('COMMIT');
    await c.query('ANALYZE');
  } catch (e) {
    await c.query('ROLLBACK');
    throw e;
  } finally {
    await c.end();
  }
  return (Date.now() - t0) / 1000;
}

function startServer(databaseUrl: string, extraArgs: string[] = []): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [path.join(REPO_ROOT, 'cli', 'main.ts'), 'serve', '--port', '0', ...extraArgs], {
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start in 60 s: ${out}`)), 60_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /workbench at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], child });
      }
    });
    child.stderr!.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
}

async function loginCookie(base: string): Promise<string> {
  const page = await fetch(`${base}/login`);
  const pre = /sw_login_csrf=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')![1];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `sw_login_csrf=${pre}` },
    body: new URLSearchParams({ _csrf: csrf, username: 'bench-reviewer', password: PASSWORD }),
  });
  const m = /sw_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '');
  if (!m) throw new Error(`login failed: HTTP ${res.status}`);
  return `sw_session=${m[1]}`;
}

interface Measured {
  name: string;
  requests: number;
  non2xx: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  rps: number;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function measure(name: string, base: string, cookie: string, paths: () => string): Promise<Measured> {
  const times: number[] = [];
  let non2xx = 0;
  const instance = autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { cookie, accept: 'text/html' },
    requests: [{ method: 'GET', setupRequest: (req: Record<string, unknown>) => ({ ...req, path: paths() }) }],
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    times.push(ms);
    if (status < 200 || status >= 300) non2xx++;
  });
  const result = await instance;
  times.sort((a, b) => a - b);
  const r2 = (x: number) => Math.round(x * 10) / 10;
  return {
    name,
    requests: times.length,
    non2xx,
    p50: r2(percentile(times, 50)),
    p95: r2(percentile(times, 95)),
    p99: r2(percentile(times, 99)),
    max: r2(times[times.length - 1] ?? NaN),
    rps: Math.round(result.requests.average),
  };
}

async function main() {
  const name = `sw_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${name}`;
  let child: ChildProcess | undefined;
  try {
    const database = await openDatabase({ databaseUrl: dbUrl.toString(), poolSize: 2 });
    const serverVersion = (await database.db.execute('show server_version')) as unknown as { rows: Array<{ server_version: string }> };
    await new UserRepository(database.db).add({ username: 'bench-reviewer', password: PASSWORD, role: 'reviewer' }, 'bench');
    await database.close();
    log(`seeding ${LISTINGS} listings and ${OPEN} open cases into ${name}…`);
    const seedSeconds = await seed(dbUrl.toString());
    log(`seeded in ${seedSeconds.toFixed(1)} s; starting shelfwatch serve`);
    const server = await startServer(dbUrl.toString());
    child = server.child;
    const cookie = await loginCookie(server.url);
    const c = new pg.Client({ connectionString: dbUrl.toString() });
    await c.connect();
    const openIds = (await c.query(`SELECT id FROM cases WHERE status = 'open'`)).rows.map((r) => r.id as number);
    const counts = (await c.query(`SELECT (SELECT count(*) FROM listings)::int AS listings, (SELECT count(*) FROM cases WHERE status='open')::int AS open`)).rows[0];
    await c.end();

    // Warm up (JIT, plan cache, connection pool) before measuring.
    await measure('warm-up', server.url, cookie, () => '/queue');
    let page = 0;
    const queuePaths = ['/queue', '/queue?page=2', '/queue?label=false_health_claim', '/queue?risk=high', '/queue?platform=shop3', '/queue?language=vi&page=3'];
    const queue = await measure('queue page', server.url, cookie, () => queuePaths[page++ % queuePaths.length]);
    const casePage = await measure('case page', server.url, cookie, () => `/cases/${openIds[Math.floor(Math.random() * openIds.length)]}`);
    await stopServer(child);

    // The same queue load with the 2 s shared queue cache off: every request reads PostgreSQL.
    log('again with the queue cache off (serve --queue-cache-ms 0)');
    const uncachedServer = await startServer(dbUrl.toString(), ['--queue-cache-ms', '0']);
    child = uncachedServer.child;
    const cookie2 = await loginCookie(uncachedServer.url);
    await measure('warm-up', uncachedServer.url, cookie2, () => '/queue');
    page = 0;
    const queueUncached = await measure('queue page, no cache', uncachedServer.url, cookie2, () => queuePaths[page++ % queuePaths.length]);

    console.log(`database: PostgreSQL ${serverVersion.rows[0].server_version} (${ADMIN_URL.replace(/\/[^/]*$/, '')}/${name}), ${counts.listings} listings, ${counts.open} open cases; seeded in ${seedSeconds.toFixed(1)} s`);
    console.log(
      `load: ${CONNECTIONS} concurrent connections, ${SECONDS} s per page, server in its own process; machine: ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} (other processes share the cores)\n`,
    );
    console.log(
      table(
        [queue, queueUncached, casePage].map((m) => ({
          page: m.name,
          requests: m.requests,
          'req/s': m.rps,
          'p50 ms': m.p50,
          'p95 ms': m.p95,
          'p99 ms': m.p99,
          'max ms': m.max,
          'non-2xx': m.non2xx,
          'p95 < 200 ms': m.p95 < 200 ? 'yes' : 'NO',
        })),
      ),
    );
    console.log(
      JSON.stringify({
        listings: counts.listings,
        open_cases: counts.open,
        connections: CONNECTIONS,
        queue_p95_ms: queue.p95,
        queue_uncached_p95_ms: queueUncached.p95,
        case_p95_ms: casePage.p95,
        queue_rps: queue.rps,
        queue_uncached_rps: queueUncached.rps,
        case_rps: casePage.rps,
        non_2xx: queue.non2xx + queueUncached.non2xx + casePage.non2xx,
        load_avg_1m: Math.round(os.loadavg()[0] * 10) / 10,
        database: 'postgres',
        database_version: `PostgreSQL ${serverVersion.rows[0].server_version}`,
      }),
    );
  } finally {
    if (child) await stopServer(child);
    if (values.keep) {
      log(`kept database ${dbUrl}`);
      return;
    }
    const a = new pg.Client({ connectionString: ADMIN_URL });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
  }
}

main().catch((e) => {
  console.error(`bench:web failed: ${(e as Error).message}`);
  process.exit(1);
});
