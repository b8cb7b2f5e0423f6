import '@fastify/cookie';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PublicUser, UserRepository } from '../db/repositories/user.repository.js';
import { can, type Permission } from './permissions.js';

export const SESSION_COOKIE = 'sw_session';
export const LOGIN_CSRF_COOKIE = 'sw_login_csrf';

declare module 'fastify' {
  interface FastifyRequest {
    user?: PublicUser;
    /** The session's synchronizer token (cookie sessions only). */
    csrfToken?: string;
    authVia?: 'session' | 'token';
    sessionToken?: string;
  }
  interface FastifyContextConfig {
    /** The permission a route needs; `public: true` for the few open routes. Every route must set one. */
    perm?: Permission;
    public?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function newLoginCsrf(): string {
  return randomBytes(24).toString('base64url');
}

export function isApi(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/') || req.url === '/api';
}

function deny(req: FastifyRequest, reply: FastifyReply, status: 401 | 403, code: string, message: string) {
  if (isApi(req) || req.headers.accept?.includes('application/json')) return reply.code(status).send({ error: code, message });
  if (status === 401) return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`);
  return reply.code(403).type('text/html; charset=utf-8').send(forbiddenPage(message));
}

function forbiddenPage(message: string): string {
  const esc = message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Forbidden</title><link rel="stylesheet" href="/static/app.css"></head><body><main class="narrow"><h1>403 — not allowed</h1><p>${esc}</p><p><a href="/">Back</a></p></main></body></html>`;
}

/**
 * Authentication (session cookie or Bearer token), role checks and CSRF
 * checks, as hooks. Each route declares `config.perm` or `config.public`;
 * registering a route without either throws, so none is open by accident.
 */
/** One registered route and what it requires: the route table the role and CSRF tests walk. */
export interface RouteEntry {
  method: string;
  url: string;
  perm?: Permission;
  public?: boolean;
}

export function registerAuth(app: FastifyInstance, users: UserRepository): RouteEntry[] {
  const table: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    const cfg = route.config as { perm?: Permission; public?: boolean } | undefined;
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      if (!cfg?.public && !cfg?.perm) throw new Error(`route ${method} ${route.url} declares neither config.perm nor config.public`);
      table.push({ method, url: route.url, ...(cfg.perm ? { perm: cfg.perm } : {}), ...(cfg.public ? { public: true } : {}) });
    }
  });

  app.addHook('onRequest', async (req) => {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      const user = await users.tokenUser(auth.slice(7).trim());
      if (user) {
        req.user = user;
        req.authVia = 'token';
      }
      return;
    }
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    const s = await users.session(token);
    if (!s) return;
    req.user = s.user;
    req.csrfToken = s.csrfToken;
    req.authVia = 'session';
    req.sessionToken = token;
  });

  app.addHook('preHandler', async (req, reply) => {
    const cfg = req.routeOptions.config as { perm?: Permission; public?: boolean };
    if (cfg.public || req.is404) return;
    if (!req.user) return deny(req, reply, 401, 'UNAUTHENTICATED', 'sign in first');
    if (!cfg.perm || !can(req.user.role, cfg.perm)) {
      return deny(req, reply, 403, 'FORBIDDEN', `your role (${req.user.role}) may not do this`);
    }
    // Synchronizer token: a cookie session changes state only with the session's own token.
    // Bearer requests carry no ambient credential, so they need none.
    if (!SAFE_METHODS.has(req.method) && req.authVia === 'session') {
      const body = req.body as Record<string, unknown> | undefined;
      const sent = (req.headers['x-csrf-token'] as string | undefined) ?? (typeof body?._csrf === 'string' ? body._csrf : undefined);
      if (!sameToken(sent, req.csrfToken)) return deny(req, reply, 403, 'CSRF', 'missing or wrong CSRF token: reload the page and try again');
    }
  });
  return table;
}
