import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config.js';
import { UserRepository } from '../../../db/repositories/user.repository.js';
import type { Role } from '../../../db/schema/users.js';
import type { RouteEntry } from '../../../web/auth.js';
import { buildWebApp } from '../../../web/app.js';
import { can, type Permission } from '../../../web/permissions.js';
import { freshDatabase } from '../../helpers/databases.js';

/**
 * The whole route table, walked systematically: every route must be listed
 * here with its permission (a new route or a loosened permission fails this
 * file), and every route is called by nobody, by each role, and (for state
 * changes) from a cookie session without, with a wrong and with the right CSRF token.
 */
const EXPECTED: Record<string, Permission | 'public'> = {
  'GET /login': 'public',
  'POST /login': 'public',
  'GET /static/:name': 'public',
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /': 'self',
  'POST /logout': 'self',
  'GET /media/images/:id': 'cases.read',
  'GET /queue': 'cases.read',
  'GET /queue/next': 'cases.read',
  'GET /cases/:id': 'cases.read',
  'POST /cases/:id/claim': 'cases.decide',
  'POST /cases/:id/release': 'cases.decide',
  'POST /cases/:id/decision': 'cases.decide',
  'POST /cases/bulk-decision': 'cases.decide',
  'POST /sellers/:sid/bulk-decision': 'cases.decide',
  'GET /sellers/:sid': 'sellers.read',
  'POST /sellers/:sid/block': 'sellers.block',
  'POST /sellers/:sid/unblock': 'sellers.block',
  'GET /blacklist': 'sellers.read',
  'POST /cases/:id/takedown': 'takedowns.write',
  'GET /takedowns': 'takedowns.read',
  'POST /takedowns/verify': 'takedowns.write',
  'GET /takedowns/:id': 'takedowns.read',
  'POST /takedowns/:id/status': 'takedowns.write',
  'GET /takedowns/:id/export': 'takedowns.read',
  'GET /takedowns/batch/:platform': 'takedowns.read',
  'POST /takedowns/batch/:platform': 'takedowns.write',
  'GET /takedowns/batch/:platform/export': 'takedowns.read',
  'POST /takedowns/batch/:platform/sent': 'takedowns.write',
  'GET /analyst': 'thresholds.read',
  'POST /analyst/thresholds': 'thresholds.write',
  'GET /dashboard': 'dashboard.read',
  'GET /audit': 'audit.read',
  'GET /audit/export': 'audit.read',
  'GET /admin/users': 'users.manage',
  'POST /admin/users': 'users.manage',
  'POST /admin/users/:name/role': 'users.manage',
  'POST /admin/users/:name/remove': 'users.manage',
  'GET /api/me': 'self',
  'GET /api/cases': 'cases.read',
  'GET /api/cases/:id': 'cases.read',
  'POST /api/cases/:id/claim': 'cases.decide',
  'POST /api/cases/:id/release': 'cases.decide',
  'POST /api/cases/:id/decision': 'cases.decide',
  'POST /api/cases/bulk-decision': 'cases.decide',
  'POST /api/sellers/:id/bulk-decision': 'cases.decide',
  'GET /api/sellers/:id': 'sellers.read',
  'POST /api/sellers/:id/block': 'sellers.block',
  'POST /api/sellers/:id/unblock': 'sellers.block',
  'GET /api/blacklist': 'sellers.read',
  'POST /api/cases/:id/takedown': 'takedowns.write',
  'GET /api/takedowns': 'takedowns.read',
  'GET /api/takedowns/:id': 'takedowns.read',
  'POST /api/takedowns/:id/status': 'takedowns.write',
  'GET /api/takedowns/:id/export': 'takedowns.read',
  'POST /api/takedowns/batch': 'takedowns.write',
  'GET /api/takedowns/batch/:platform/export': 'takedowns.read',
  'POST /api/takedowns/batch/sent': 'takedowns.write',
  'POST /api/takedowns/verify': 'takedowns.write',
  'GET /api/thresholds': 'thresholds.read',
  'GET /api/thresholds/curve': 'thresholds.read',
  'POST /api/thresholds/preview': 'thresholds.read',
  'POST /api/thresholds': 'thresholds.write',
  'GET /api/dashboard': 'dashboard.read',
  'GET /api/audit': 'audit.read',
  'GET /api/audit/export': 'audit.read',
  'GET /api/openapi.json': 'self',
};

/** What each role must be refused, spelled out rather than derived, so a loosened PERMISSIONS entry fails too. */
const REFUSED: Record<Role, Permission[]> = {
  reviewer: ['thresholds.read', 'thresholds.write', 'audit.read', 'users.manage'],
  analyst: ['cases.decide', 'sellers.block', 'takedowns.write', 'users.manage'],
  admin: [],
};

const ROLES: Role[] = ['reviewer', 'analyst', 'admin'];
const PASSWORD = 'route table password';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let app: FastifyInstance;
let routes: RouteEntry[];
const tokens = {} as Record<Role, string>;

/** Parameters that name nothing, so an allowed call runs its handler without changing anything. */
function concrete(url: string): string {
  return url
    .replace(':id', '999999')
    .replace(':sid', 'noplatform%3Anobody')
    .replace(':name', 'nobody-at-all')
    .replace(':platform', 'noplatform');
}

const isApi = (url: string) => url.startsWith('/api/');

async function login(username: string): Promise<{ cookie: string; csrf: string }> {
  const page = await app.inject({ method: 'GET', url: '/login' });
  const loginCsrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
  const pre = page.cookies.find((c) => c.name === 'sw_login_csrf')!.value;
  const res = await app.inject({ method: 'POST', url: '/login', headers: { cookie: `sw_login_csrf=${pre}` }, payload: { _csrf: loginCsrf, username, password: PASSWORD } });
  expect(res.statusCode).toBe(302);
  const cookie = `sw_session=${res.cookies.find((c) => c.name === 'sw_session')!.value}`;
  const me = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
  return { cookie, csrf: me.json().csrfToken };
}

const call = (r: RouteEntry, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
  app.inject({ method: r.method as 'GET' | 'POST', url: concrete(r.url), headers, ...(r.method === 'POST' ? { payload: {} } : {}) });

beforeAll(async () => {
  db = await freshDatabase('pglite');
  const users = new UserRepository(db.db);
  for (const role of ROLES) {
    await users.add({ username: role, password: PASSWORD, role });
    tokens[role] = await users.createToken(role, 'route-table');
  }
  ({ app, routes } = await buildWebApp({ database: db, config: loadConfig({ dataDir: 'memory://' }, {}) }));
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await db?.dispose();
});

const key = (r: RouteEntry) => `${r.method} ${r.url}`;
const guarded = () => routes.filter((r) => !r.public);

describe('when the route table is read', () => {
  it('lists exactly the expected routes, each with its expected permission', () => {
    const actual = Object.fromEntries(routes.map((r) => [key(r), r.public ? 'public' : r.perm]));
    expect(actual).toEqual(EXPECTED);
  });

  it('keeps the role matrix: reviewers never tune thresholds or read the audit, analysts never decide or send', () => {
    for (const role of ROLES) {
      for (const perm of REFUSED[role]) expect(can(role, perm), `${role} ${perm}`).toBe(false);
    }
    for (const perm of new Set(Object.values(EXPECTED))) if (perm !== 'public') expect(can('admin', perm), perm).toBe(true);
  });
});

describe('when an integration reads the OpenAPI document', () => {
  it('documents every API route with its method, permission and bearer security, and nothing else', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json', headers: { authorization: `Bearer ${tokens.reviewer}` } })).json() as {
      security: unknown[];
      paths: Record<string, Record<string, { 'x-permission': string; parameters: Array<{ name: string; in: string }> }>>;
    };
    expect(doc.security).toEqual([{ bearer: [] }]);
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.entries(ops).map(([m, op]) => [`${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`, op['x-permission']]));
    const api = routes.filter((r) => r.url.startsWith('/api/')).map((r) => [key(r), r.perm]);
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(api));
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const name of [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
        for (const op of Object.values(ops)) expect(op.parameters, `${p} ${name}`).toContainEqual(expect.objectContaining({ name, in: 'path' }));
      }
    }
  });
});

describe('when nobody is signed in', () => {
  it('refuses every guarded route: API with 401, pages with a redirect to the login', async () => {
    expect(guarded().length).toBeGreaterThan(50);
    for (const r of guarded()) {
      const res = await call(r);
      if (isApi(r.url)) expect(res.statusCode, key(r)).toBe(401);
      else {
        expect(res.statusCode, key(r)).toBe(302);
        expect(res.headers.location, key(r)).toMatch(/^\/login\?next=/);
      }
    }
  });

  it('refuses a forged or unknown bearer token everywhere', async () => {
    for (const r of guarded().filter((x) => isApi(x.url))) {
      expect((await call(r, { authorization: 'Bearer sw_not-a-token' })).statusCode, key(r)).toBe(401);
    }
  });
});

describe('when each role calls every route with its API token', () => {
  it.each(ROLES)('%s gets 403 exactly where its role lacks the permission', async (role) => {
    for (const r of guarded()) {
      const res = await call(r, { authorization: `Bearer ${tokens[role]}` });
      if (can(role, r.perm!)) expect([401, 403], `${role} ${key(r)} (${res.body.slice(0, 120)})`).not.toContain(res.statusCode);
      else expect(res.statusCode, `${role} ${key(r)}`).toBe(403);
      expect(res.statusCode, `${role} ${key(r)}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
    }
  });
});

describe('when a cookie session changes state', () => {
  it('refuses every POST without the session CSRF token or with a wrong one, and accepts the right one', async () => {
    const sessions = {} as Record<Role, { cookie: string; csrf: string }>;
    for (const role of ROLES) sessions[role] = await login(role);
    const posts = guarded().filter((r) => r.method === 'POST' && r.url !== '/logout');
    expect(posts.length).toBeGreaterThan(25);
    for (const r of posts) {
      const role = ROLES.find((x) => can(x, r.perm!))!;
      const s = sessions[role];
      for (const sent of [undefined, 'x'.repeat(43), sessions[role === 'admin' ? 'reviewer' : 'admin'].csrf]) {
        const res = await call(r, { cookie: s.cookie, ...(sent ? { 'x-csrf-token': sent } : {}) });
        expect(res.statusCode, `${role} ${key(r)} csrf=${sent}`).toBe(403);
        expect(res.body, key(r)).toContain('CSRF');
      }
      const ok = await call(r, { cookie: s.cookie, 'x-csrf-token': s.csrf });
      expect([401, 403], `${role} ${key(r)} with the right token: ${ok.body.slice(0, 160)}`).not.toContain(ok.statusCode);
    }
    // Logout is a state change too.
    const a = await login('reviewer');
    expect((await app.inject({ method: 'POST', url: '/logout', headers: { cookie: a.cookie } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: a.cookie } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/logout', headers: { cookie: a.cookie, 'x-csrf-token': a.csrf } })).statusCode).toBe(302);
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: a.cookie } })).statusCode).toBe(401);
  });

  it('ends live sessions on a role change or removal, so the new role applies at once', async () => {
    const users = new UserRepository(db.db);
    await users.add({ username: 'movable', password: PASSWORD, role: 'analyst' });
    const s = await login('movable');
    expect((await app.inject({ method: 'GET', url: '/analyst', headers: { cookie: s.cookie } })).statusCode).toBe(200);
    await users.setRole('movable', 'reviewer', 'test');
    const after = await app.inject({ method: 'GET', url: '/analyst', headers: { cookie: s.cookie } });
    expect(after.statusCode).toBe(302);
    expect(after.headers.location).toMatch(/^\/login/);
    const again = await login('movable');
    expect((await app.inject({ method: 'GET', url: '/analyst', headers: { cookie: again.cookie } })).statusCode).toBe(403);
    await users.remove('movable', 'test');
    expect((await app.inject({ method: 'GET', url: '/queue', headers: { cookie: again.cookie } })).statusCode).toBe(302);
  });
});
