import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config.js';
import { repositories } from '../../../db/repositories/index.js';
import { UserRepository } from '../../../db/repositories/user.repository.js';
import { parseListing } from '../../../domain/listing.js';
import { buildWebApp } from '../../../web/app.js';
import { freshDatabase } from '../../helpers/databases.js';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let app: FastifyInstance;
const tokens: Record<string, string> = {};
let caseIds: number[] = [];

const PASSWORD = 'correct horse battery';

async function seedCase(n: number, title: string, sellerId = 's1'): Promise<number> {
  const repos = repositories(db.db);
  const listing = parseListing({
    id: `shop:${n}`,
    platform: 'shop',
    url: `https://shop.example/p/${n}`,
    title,
    description: 'Cures diabetes in seven days.',
    language: 'en',
    category: 'supplement',
    seller: { id: sellerId, name: 'Seller One', phone: '+84 90 123 4567' },
    fetchedAt: '2026-01-01T00:00:00Z',
  });
  await repos.platforms.ensure({ id: 'shop' });
  const sid = await repos.sellers.upsert('shop', listing.seller);
  await repos.listings.store(listing, { sellerId: sid });
  const id = await repos.cases.insert({
    listingId: listing.id,
    contentHash: listing.contentHash,
    labels: ['false_health_claim'],
    scores: { false_health_claim: 0.9, missing_certificate: 0.2, mislabeled_food: 0 },
    risk: 'high',
    maxScore: 0.9,
    evidence: [{ label: 'false_health_claim', field: 'description', span: 'Cures diabetes', start: 0, end: 14, classifier: 'rules', version: '1', score: 0.9 }],
  });
  return id!;
}

/** Logs in through the form, as a browser does; returns the session cookie and its CSRF token. */
async function login(username: string): Promise<{ cookie: string; csrf: string }> {
  const page = await app.inject({ method: 'GET', url: '/login' });
  const loginCsrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
  const pre = page.cookies.find((c) => c.name === 'sw_login_csrf')!.value;
  const res = await app.inject({
    method: 'POST',
    url: '/login',
    headers: { cookie: `sw_login_csrf=${pre}` },
    payload: { _csrf: loginCsrf, username, password: PASSWORD },
  });
  expect(res.statusCode).toBe(302);
  const session = res.cookies.find((c) => c.name === 'sw_session');
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe('Strict');
  const cookie = `sw_session=${session!.value}`;
  const me = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
  return { cookie, csrf: me.json().csrfToken };
}

beforeAll(async () => {
  db = await freshDatabase('pglite');
  const users = new UserRepository(db.db);
  for (const role of ['reviewer', 'analyst', 'admin'] as const) {
    await users.add({ username: role, password: PASSWORD, role });
    tokens[role] = await users.createToken(role, 'test');
  }
  caseIds = [await seedCase(1, '<script>alert(1)</script> Diabetes cure'), await seedCase(2, 'Second'), await seedCase(3, 'Third', 's2')];
  ({ app } = await buildWebApp({ database: db, config: loadConfig({ dataDir: 'memory://' }, {}) }));
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await db?.dispose();
});

const bearer = (role: string) => ({ authorization: `Bearer ${tokens[role]}` });

describe('when nobody is signed in', () => {
  it('redirects pages to the login and refuses the API', async () => {
    for (const url of ['/queue', `/cases/${caseIds[0]}`, '/analyst', '/dashboard', '/audit', '/admin/users', '/takedowns', '/media/images/1']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(302);
      expect(res.headers.location).toMatch(/^\/login\?next=/);
    }
    for (const url of ['/api/cases', '/api/openapi.json', '/api/audit', '/api/thresholds']) {
      expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
    }
    expect((await app.inject({ method: 'GET', url: '/api/cases', headers: { authorization: 'Bearer sw_wrong' } })).statusCode).toBe(401);
  });

  it('serves the login page and static assets with a strict CSP', async () => {
    const res = await app.inject({ method: 'GET', url: '/login' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect((await app.inject({ method: 'GET', url: '/static/chart.umd.js' })).statusCode).toBe(200);
  });
});

describe('when each role calls each operation', () => {
  const matrix: Array<[string, string, Record<string, boolean>, unknown?]> = [
    ['GET', '/api/cases', { reviewer: true, analyst: true, admin: true }],
    ['POST', '/api/cases/{case}/claim', { reviewer: true, analyst: false, admin: true }],
    ['GET', '/api/thresholds/curve?label=false_health_claim', { reviewer: false, analyst: true, admin: true }],
    ['POST', '/api/thresholds/preview', { reviewer: false, analyst: true, admin: true }, { label: 'false_health_claim', flag: 0.5 }],
    ['GET', '/api/audit', { reviewer: false, analyst: true, admin: true }],
    ['POST', '/api/sellers/shop:s2/block', { reviewer: true, analyst: false, admin: true }, { reason: 'repeat offender' }],
    ['GET', '/api/dashboard', { reviewer: true, analyst: true, admin: true }],
    ['GET', '/api/openapi.json', { reviewer: true, analyst: true, admin: true }],
  ];
  it.each(matrix)('%s %s answers by role', async (method, url, allowed, payload) => {
    for (const role of ['reviewer', 'analyst', 'admin']) {
      const res = await app.inject({ method: method as 'GET' | 'POST', url: url.replace('{case}', String(caseIds[2])), headers: bearer(role), payload: payload as object | undefined });
      // Allowed means the operation ran (it may still answer 409, e.g. a claim someone else holds).
      if (allowed[role]) expect([200, 201, 409], `${role} ${url}`).toContain(res.statusCode);
      else expect(res.statusCode, `${role} ${url}`).toBe(403);
    }
  });

  it('keeps pages to their roles too', async () => {
    const reviewer = await login('reviewer');
    const analyst = await login('analyst');
    expect((await app.inject({ method: 'GET', url: '/analyst', headers: { cookie: reviewer.cookie } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/admin/users', headers: { cookie: reviewer.cookie } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/audit', headers: { cookie: reviewer.cookie } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/analyst', headers: { cookie: analyst.cookie } })).statusCode).toBe(200);
    const decide = await app.inject({
      method: 'POST',
      url: `/cases/${caseIds[1]}/decision`,
      headers: { cookie: analyst.cookie },
      payload: { _csrf: analyst.csrf, decision: 'dismiss', reasonCode: 'no_claim' },
    });
    expect(decide.statusCode).toBe(403);
  });
});

describe('when an integration reads the API description', () => {
  it('lists every operation with its permission and bearer security', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json', headers: bearer('reviewer') })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/cases', '/api/cases/{id}/decision', '/api/takedowns/{id}/export', '/api/thresholds', '/api/audit/export']));
    expect(doc.paths['/api/thresholds'].post['x-permission']).toBe('thresholds.write');
  });
});

describe('when a cookie session changes state', () => {
  const decide = (cookie: string, csrf: string | undefined, caseId: number): Promise<LightMyRequestResponse> =>
    app.inject({
      method: 'POST',
      url: `/cases/${caseId}/decision`,
      headers: { cookie },
      payload: { ...(csrf === undefined ? {} : { _csrf: csrf }), decision: 'confirm', reasonCode: 'cure_claim', notes: 'ok' },
    });

  it('refuses a form without the session CSRF token, or with another session’s', async () => {
    const a = await login('reviewer');
    const b = await login('reviewer');
    expect((await decide(a.cookie, undefined, caseIds[0])).statusCode).toBe(403);
    expect((await decide(a.cookie, b.csrf, caseIds[0])).statusCode).toBe(403);
    expect((await decide(a.cookie, 'x'.repeat(43), caseIds[0])).statusCode).toBe(403);
    const ok = await decide(a.cookie, a.csrf, caseIds[0]);
    expect(ok.statusCode).toBe(302);
    expect(ok.headers.location).toBe(`/cases/${caseIds[0]}?ok=decided`);
  });

  it('refuses JSON API writes from a cookie session without the x-csrf-token header', async () => {
    const a = await login('reviewer');
    const url = `/api/cases/${caseIds[1]}/claim`;
    expect((await app.inject({ method: 'POST', url, headers: { cookie: a.cookie } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url, headers: { cookie: a.cookie, 'x-csrf-token': a.csrf } })).statusCode).toBe(200);
  });

  it('refuses a login post without the login CSRF cookie', async () => {
    const res = await app.inject({ method: 'POST', url: '/login', payload: { username: 'reviewer', password: PASSWORD, _csrf: 'abc' } });
    expect(res.statusCode).toBe(403);
  });

  it('ends the session on logout', async () => {
    const a = await login('reviewer');
    expect((await app.inject({ method: 'POST', url: '/logout', headers: { cookie: a.cookie }, payload: { _csrf: a.csrf } })).statusCode).toBe(302);
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: a.cookie } })).statusCode).toBe(401);
  });
});

describe('when a case is claimed', () => {
  it('locks it against another reviewer and records decisions in the audit log', async () => {
    const id = await seedCase(10, 'Claim me', 's3');
    const users = new UserRepository(db.db);
    await users.add({ username: 'reviewer2', password: PASSWORD, role: 'reviewer' });
    const t2 = await users.createToken('reviewer2', 'test');
    expect((await app.inject({ method: 'POST', url: `/api/cases/${id}/claim`, headers: bearer('reviewer') })).statusCode).toBe(200);
    const other = await app.inject({ method: 'POST', url: `/api/cases/${id}/claim`, headers: { authorization: `Bearer ${t2}` } });
    expect(other.statusCode).toBe(409);
    expect(other.json().holder).toBe('reviewer');
    const blocked = await app.inject({ method: 'POST', url: `/api/cases/${id}/decision`, headers: { authorization: `Bearer ${t2}` }, payload: { decision: 'dismiss', reasonCode: 'no_claim' } });
    expect(blocked.statusCode).toBe(409);
    const ok = await app.inject({ method: 'POST', url: `/api/cases/${id}/decision`, headers: bearer('reviewer'), payload: { decision: 'escalate', reasonCode: 'legal_review', notes: 'ask legal' } });
    expect(ok.json()).toEqual({ ok: true, status: 'escalated' });
    const audit = await app.inject({ method: 'GET', url: `/api/audit?entity=case`, headers: bearer('admin') });
    expect(audit.json().entries.some((e: { action: string; entityId: string }) => e.action === 'case.escalate' && e.entityId === String(id))).toBe(true);
  });
});

describe('when listing content is hostile', () => {
  it('escapes it on the queue and case pages', async () => {
    const a = await login('reviewer');
    for (const url of ['/queue?status=confirmed', `/cases/${caseIds[0]}`]) {
      const res = await app.inject({ method: 'GET', url, headers: { cookie: a.cookie } });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(res.body).not.toContain('<script>alert(1)');
    }
  });

  it('never serves a stored image path outside the image roots', async () => {
    const { images } = await import('../../../db/schema/images.js');
    const [row] = await db.db.insert(images).values({ listingId: 'shop:1', position: 5, path: '/etc/passwd', status: 'ok' }).returning({ id: images.id });
    const res = await app.inject({ method: 'GET', url: `/media/images/${row.id}`, headers: bearer('reviewer') });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('root:');
  });
});

describe('when the audit trail is exported', () => {
  it('gives CSV and JSON with the logins and decisions, and has no way to edit it', async () => {
    const csv = await app.inject({ method: 'GET', url: '/api/audit/export?format=csv', headers: bearer('analyst') });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe('id,at,actor,action,entity,entity_id,before,after');
    expect(csv.body).toContain(',login,');
    const json = await app.inject({ method: 'GET', url: '/api/audit/export?format=json', headers: bearer('analyst') });
    expect(json.json().some((e: { action: string }) => e.action === 'case.confirm')).toBe(true);
    for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
      expect((await app.inject({ method, url: '/api/audit', headers: bearer('admin') })).statusCode).toBe(404);
    }
  });
});

describe('when a load balancer probes the server', () => {
  it('answers /healthz and /readyz while the database answers, and /readyz 503 once it does not', async () => {
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ ok: true });
    const other = await freshDatabase('pg');
    const { app: second } = await buildWebApp({ database: other, config: loadConfig({ dataDir: 'memory://' }, {}) });
    expect((await second.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    await other.dispose();
    const res = await second.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json().error).toMatch(/database not reachable/);
    await second.close();
  });
});
