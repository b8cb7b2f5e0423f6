import { sql } from 'drizzle-orm';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { REPO_ROOT } from '../config.js';
import { registerAuth, type RouteEntry } from './auth.js';
import { imageRoots, readStoredImage } from './media.js';
import { registerApiRoutes } from './routes/api.js';
import { registerPageRoutes } from './routes/pages.js';
import { Workbench, type WorkbenchOptions } from './services.js';

const WEB_DIR = path.dirname(fileURLToPath(import.meta.url));

/**
 * Strict CSP: scripts and styles only from this origin (no inline code at all),
 * images only from this origin (remote listing images are never hot-linked).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** Static files the workbench serves: its own assets and chart.js from node_modules. */
const STATIC: Record<string, { file: string; type: string }> = {
  'app.css': { file: path.join(WEB_DIR, 'static', 'app.css'), type: 'text/css; charset=utf-8' },
  'app.js': { file: path.join(WEB_DIR, 'static', 'app.js'), type: 'text/javascript; charset=utf-8' },
  'analyst.js': { file: path.join(WEB_DIR, 'static', 'analyst.js'), type: 'text/javascript; charset=utf-8' },
  'dashboard.js': { file: path.join(WEB_DIR, 'static', 'dashboard.js'), type: 'text/javascript; charset=utf-8' },
  'chart.umd.js': { file: path.join(REPO_ROOT, 'node_modules', 'chart.js', 'dist', 'chart.umd.js'), type: 'text/javascript; charset=utf-8' },
};

export interface WebAppOptions extends WorkbenchOptions {
  /** Set the Secure flag on cookies (serve behind HTTPS). Default false (loopback HTTP). */
  secureCookies?: boolean;
  logger?: boolean;
}

export async function buildWebApp(opts: WebAppOptions): Promise<{ app: FastifyInstance; workbench: Workbench; routes: RouteEntry[] }> {
  const wb = new Workbench(opts);
  const app = Fastify({ logger: opts.logger ?? false, trustProxy: false, bodyLimit: 1024 * 1024 });
  await app.register(cookie);
  await app.register(formbody);

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });

  const routes = registerAuth(app, wb.users);
  // Before the reply leaves (so the redirect's follow-up GET already misses the cache).
  app.addHook('onSend', async (req, _reply, payload) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') wb.invalidate();
    return payload;
  });

  const staticCache = new Map<string, Buffer>();
  app.get('/static/:name', { config: { public: true } }, async (req, reply) => {
    const name = (req.params as { name: string }).name;
    const entry = STATIC[name];
    if (!entry) return reply.code(404).type('text/plain').send('not found');
    let body = staticCache.get(name);
    if (!body) {
      body = await readFile(entry.file);
      staticCache.set(name, body);
    }
    return reply.type(entry.type).header('cache-control', 'private, max-age=300').send(body);
  });

  app.get('/healthz', { config: { public: true } }, async () => ({ ok: true }));
  // Ready = the database answers; a load balancer stops sending users to a server whose database is gone.
  app.get('/readyz', { config: { public: true } }, async (_req, reply) => {
    try {
      await opts.database.db.execute(sql`select 1`);
      return { ok: true };
    } catch (err) {
      return reply.code(503).send({ ok: false, error: `database not reachable: ${(err as Error).message}` });
    }
  });

  // Image proxy: bytes from the local store only; a listing's remote URL is never fetched or linked.
  app.get('/media/images/:id', { config: { perm: 'cases.read' } }, async (req, reply) => {
    const id = Number.parseInt((req.params as { id: string }).id, 10);
    const row = Number.isFinite(id) ? await wb.review.image(id) : undefined;
    const img = row?.path ? await readStoredImage(row.path, imageRoots(wb)) : undefined;
    if (!img) return reply.code(404).type('text/plain').send('image not in the local store');
    return reply.type(img.type).header('cache-control', 'private, max-age=3600').header('content-disposition', 'inline').send(img.bytes);
  });

  registerPageRoutes(app, wb, { secure: opts.secureCookies ?? false });
  registerApiRoutes(app, wb);

  app.setNotFoundHandler({ preHandler: undefined }, async (req, reply) => {
    if (req.url.startsWith('/api/')) return reply.code(404).send({ error: 'NOT_FOUND', message: 'no such endpoint' });
    return reply.code(404).type('text/plain').send('not found');
  });

  app.setErrorHandler(async (err, req, reply) => {
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) req.log.error(err);
    if (req.url.startsWith('/api/')) return reply.code(status).send({ error: status >= 500 ? 'INTERNAL' : 'BAD_REQUEST', message: status >= 500 ? 'internal error' : (err as Error).message });
    return reply.code(status).type('text/plain').send(status >= 500 ? 'internal error' : (err as Error).message);
  });

  return { app, workbench: wb, routes };
}
