import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { TakedownError } from '../../db/repositories/takedown.repository.js';
import { UserError } from '../../db/repositories/user.repository.js';
import type { TakedownStatus } from '../../domain/takedown-status.js';
import { exportNotice, type ExportFormat } from '../../pipeline/takedown/exporters.js';
import type { Notice } from '../../pipeline/takedown/notice.js';
import { LOGIN_CSRF_COOKIE, SESSION_COOKIE, newLoginCsrf, sameToken } from '../auth.js';
import { imageSizes } from '../media.js';
import { batchCaseIds, batchOfSchema, createTakedown, decideMany, decisionSchema, sendBatch, takedownStatusSchema, thresholdSaveSchema, toQueueFilters } from '../operations.js';
import { htmlToPdf, PdfUnavailableError } from '../pdf.js';
import { homeFor } from '../permissions.js';
import { isLabel, type Workbench } from '../services.js';
import { casePage } from '../views/case.js';
import { layout, loginPage, type PageContext } from '../views/layout.js';
import { analystPage, auditPage, batchPage, blacklistPage, dashboardPage, sellerPage, takedownPage, takedownsPage, usersPage } from '../views/pages.js';
import { queuePage } from '../views/queue.js';
import { exportAudit } from './audit-export.js';
import { html } from '../html.js';

const id = z.coerce.number().int().positive();

function ctxOf(req: FastifyRequest): PageContext {
  const flash = (req.query as Record<string, unknown> | undefined)?.ok;
  return { user: req.user, csrf: req.csrfToken, flash: typeof flash === 'string' ? flash : undefined };
}

function sendPage(reply: FastifyReply, body: string, code = 200) {
  return reply.code(code).type('text/html; charset=utf-8').send(body);
}

function notFound(req: FastifyRequest, reply: FastifyReply, what: string) {
  return sendPage(reply, layout(ctxOf(req), 'Not found', trustedNotFound(what)), 404);
}

function trustedNotFound(what: string) {
  return html`<h1>Not found</h1><p>${what}</p>`;
}

/** A local redirect target only (no `//host` or scheme), so login cannot bounce elsewhere. */
function localPath(p: unknown): string | undefined {
  return typeof p === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(p) ? p : undefined;
}

export interface SessionCookieOptions {
  secure: boolean;
}

export function registerPageRoutes(app: FastifyInstance, wb: Workbench, cookie: SessionCookieOptions): void {
  const cookieOpts = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: cookie.secure };

  app.get('/', { config: { perm: 'self' } }, async (req, reply) => reply.redirect(homeFor(req.user!.role)));

  app.get('/login', { config: { public: true } }, async (req, reply) => {
    const csrf = newLoginCsrf();
    reply.setCookie(LOGIN_CSRF_COOKIE, csrf, { ...cookieOpts, maxAge: 3600 });
    const q = req.query as Record<string, string>;
    return sendPage(reply, loginPage({ csrf, next: localPath(q.next), error: q.error === '1' }));
  });

  app.post('/login', { config: { public: true } }, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    // Login CSRF: double-submit of a random cookie (there is no session yet to hold a synchronizer token).
    if (!sameToken(typeof body._csrf === 'string' ? body._csrf : undefined, req.cookies[LOGIN_CSRF_COOKIE])) {
      return reply.code(403).type('text/plain').send('missing or wrong CSRF token: reload the login page');
    }
    const username = String(body.username ?? '').slice(0, 64);
    const password = String(body.password ?? '').slice(0, 200);
    const user = await wb.users.verify(username, password);
    if (!user) {
      await wb.audit.append({ actor: username || '(empty)', action: 'login.failed', entity: 'user', entityId: username });
      return reply.redirect(`/login?error=1${localPath(body.next) ? `&next=${encodeURIComponent(localPath(body.next)!)}` : ''}`);
    }
    const s = await wb.users.createSession(user.id);
    await wb.audit.append({ actor: user.username, action: 'login', entity: 'user', entityId: user.username });
    reply.clearCookie(LOGIN_CSRF_COOKIE, { path: '/' });
    reply.setCookie(SESSION_COOKIE, s.token, { ...cookieOpts, expires: s.expiresAt });
    return reply.redirect(localPath(body.next) ?? homeFor(user.role));
  });

  app.post('/logout', { config: { perm: 'self' } }, async (req, reply) => {
    if (req.sessionToken) await wb.users.endSession(req.sessionToken);
    await wb.audit.append({ actor: req.user!.username, action: 'logout', entity: 'user', entityId: req.user!.username });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/login');
  });

  // ---- review queue and cases
  app.get('/queue', { config: { perm: 'cases.read' } }, async (req, reply) => {
    const f = toQueueFilters(req.query);
    const [q, facets] = await Promise.all([wb.queue(f), wb.facets()]);
    return sendPage(reply, queuePage(ctxOf(req), f, q, facets));
  });

  app.get('/queue/next', { config: { perm: 'cases.read' } }, async (req, reply) => {
    const next = await wb.review.nextOpen(req.user!.username);
    return reply.redirect(next ? `/cases/${next}` : '/queue');
  });

  app.get('/cases/:id', { config: { perm: 'cases.read' } }, async (req, reply) => {
    const caseId = id.safeParse((req.params as { id: string }).id);
    const d = caseId.success ? await wb.review.detail(caseId.data) : undefined;
    if (!d) return notFound(req, reply, 'No such case.');
    return sendPage(reply, casePage(ctxOf(req), d, await imageSizes(wb, d.images.map((r) => r.image))));
  });

  app.post('/cases/:id/claim', { config: { perm: 'cases.decide' } }, async (req, reply) => {
    const caseId = id.parse((req.params as { id: string }).id);
    const r = await wb.review.claim(caseId, req.user!.username);
    return reply.redirect(`/cases/${caseId}?ok=${r.ok ? 'claimed' : 'claim_taken'}`);
  });

  app.post('/cases/:id/release', { config: { perm: 'cases.decide' } }, async (req, reply) => {
    const caseId = id.parse((req.params as { id: string }).id);
    await wb.review.release(caseId, req.user!.username);
    return reply.redirect(`/cases/${caseId}?ok=released`);
  });

  app.post('/cases/:id/decision', { config: { perm: 'cases.decide' } }, async (req, reply) => {
    const caseId = id.parse((req.params as { id: string }).id);
    const body = decisionSchema.safeParse(req.body);
    if (!body.success) return reply.redirect(`/cases/${caseId}?ok=error`);
    const r = await wb.review.decide(caseId, req.user!.username, body.data.decision, body.data.reasonCode, body.data.notes);
    if (!r.ok) return reply.redirect(`/cases/${caseId}?ok=${r.code === 'CLAIMED_BY_OTHER' ? 'claim_taken' : 'already_decided'}`);
    return reply.redirect(`/cases/${caseId}?ok=decided`);
  });

  app.post('/cases/bulk-decision', { config: { perm: 'cases.decide' } }, async (req, reply) => {
    const raw = (req.body ?? {}) as Record<string, unknown>;
    const ids = z.array(id).max(500).safeParse([raw.ids ?? []].flat());
    const body = decisionSchema.safeParse(raw);
    if (!ids.success || !body.success || !ids.data.length) return reply.redirect('/queue?ok=error');
    await decideMany(wb, req.user!, ids.data, body.data.decision, body.data.reasonCode, body.data.notes);
    return reply.redirect('/queue?ok=bulk');
  });

  app.post('/sellers/:sid/bulk-decision', { config: { perm: 'cases.decide' } }, async (req, reply) => {
    const sid = (req.params as { sid: string }).sid;
    const body = decisionSchema.safeParse(req.body);
    if (!body.success) return reply.redirect(`/sellers/${encodeURIComponent(sid)}?ok=error`);
    const ids = await wb.review.openCaseIdsOfSeller(sid);
    await decideMany(wb, req.user!, ids, body.data.decision, body.data.reasonCode, body.data.notes);
    return reply.redirect(`/sellers/${encodeURIComponent(sid)}?ok=bulk`);
  });

  // ---- sellers and blacklist
  app.get('/sellers/:sid', { config: { perm: 'sellers.read' } }, async (req, reply) => {
    const p = await wb.blacklist.sellerPage((req.params as { sid: string }).sid);
    if (!p) return notFound(req, reply, 'No such seller.');
    return sendPage(reply, sellerPage(ctxOf(req), p));
  });

  app.post('/sellers/:sid/block', { config: { perm: 'sellers.block' } }, async (req, reply) => {
    const sid = (req.params as { sid: string }).sid;
    const reason = z.string().trim().min(3).max(500).safeParse((req.body as Record<string, unknown>)?.reason);
    if (!reason.success) return reply.redirect(`/sellers/${encodeURIComponent(sid)}?ok=error`);
    await wb.blacklist.block(sid, reason.data, req.user!.username);
    return reply.redirect(`/sellers/${encodeURIComponent(sid)}?ok=blocked`);
  });

  app.post('/sellers/:sid/unblock', { config: { perm: 'sellers.block' } }, async (req, reply) => {
    const sid = (req.params as { sid: string }).sid;
    await wb.blacklist.unblock(sid, req.user!.username);
    return reply.redirect(`/sellers/${encodeURIComponent(sid)}?ok=unblocked`);
  });

  app.get('/blacklist', { config: { perm: 'sellers.read' } }, async (req, reply) => sendPage(reply, blacklistPage(ctxOf(req), await wb.blacklist.entries())));

  // ---- takedowns
  app.post('/cases/:id/takedown', { config: { perm: 'takedowns.write' } }, async (req, reply) => {
    const caseId = id.parse((req.params as { id: string }).id);
    try {
      const r = await createTakedown(wb, req.user!, caseId);
      if (!r) return notFound(req, reply, 'No such case.');
      return reply.redirect(`/takedowns/${r.id}?ok=takedown`);
    } catch (e) {
      if (e instanceof TakedownError) return reply.redirect(`/cases/${caseId}?ok=error`);
      throw e;
    }
  });

  app.get('/takedowns', { config: { perm: 'takedowns.read' } }, async (req, reply) => {
    const status = (req.query as Record<string, string>).status || undefined;
    const [rows, facets] = await Promise.all([wb.takedowns.list({ status: status as TakedownStatus | undefined }), wb.facets()]);
    return sendPage(reply, takedownsPage(ctxOf(req), rows, facets.platforms.map((p) => p.id), status));
  });

  app.post('/takedowns/verify', { config: { perm: 'takedowns.write' } }, async (_req, reply) => {
    await wb.takedowns.verifyByRecrawl(new Date(), wb.opts.stillOnlineAfterDays ?? 7);
    return reply.redirect('/takedowns?ok=verified');
  });

  app.get('/takedowns/:id', { config: { perm: 'takedowns.read' } }, async (req, reply) => {
    const tid = id.safeParse((req.params as { id: string }).id);
    const t = tid.success ? await wb.takedowns.get(tid.data) : undefined;
    if (!t) return notFound(req, reply, 'No such takedown request.');
    return sendPage(reply, takedownPage(ctxOf(req), t, t.takedown.notice as unknown as Notice));
  });

  app.post('/takedowns/:id/status', { config: { perm: 'takedowns.write' } }, async (req, reply) => {
    const tid = id.parse((req.params as { id: string }).id);
    const body = takedownStatusSchema.safeParse(req.body ?? {});
    if (!body.success) return reply.redirect(`/takedowns/${tid}?ok=bad_transition`);
    try {
      await wb.takedowns.setStatus(tid, body.data.status, req.user!.username, new Date(), body.data.note);
      return reply.redirect(`/takedowns/${tid}?ok=status`);
    } catch (e) {
      if (e instanceof TakedownError) return reply.redirect(`/takedowns/${tid}?ok=bad_transition`);
      throw e;
    }
  });

  app.get('/takedowns/:id/export', { config: { perm: 'takedowns.read' } }, async (req, reply) => {
    const tid = id.safeParse((req.params as { id: string }).id);
    const t = tid.success ? await wb.takedowns.get(tid.data) : undefined;
    if (!t) return notFound(req, reply, 'No such takedown request.');
    return sendNotice(reply, t.takedown.notice as unknown as Notice, String((req.query as Record<string, string>).format ?? 'json'));
  });

  app.get('/takedowns/batch/:platform', { config: { perm: 'takedowns.read' } }, async (req, reply) => {
    const platform = (req.params as { platform: string }).platform;
    const [ids, drafts] = await Promise.all([batchCaseIds(wb, platform, 'pending'), batchCaseIds(wb, platform, 'draft')]);
    const notice = ids.length ? await wb.batchNotice(ids, req.user!) : undefined;
    return sendPage(reply, batchPage(ctxOf(req), platform, notice, ids, drafts));
  });

  app.post('/takedowns/batch/:platform', { config: { perm: 'takedowns.write' } }, async (req, reply) => {
    const platform = (req.params as { platform: string }).platform;
    for (const caseId of await wb.takedowns.confirmedWithoutRequest(platform)) await createTakedown(wb, req.user!, caseId);
    return reply.redirect(`/takedowns/batch/${encodeURIComponent(platform)}?ok=takedown`);
  });

  app.post('/takedowns/batch/:platform/sent', { config: { perm: 'takedowns.write' } }, async (req, reply) => {
    const platform = (req.params as { platform: string }).platform;
    const note = z.string().trim().max(500).optional().safeParse((req.body as Record<string, unknown> | undefined)?.note);
    await sendBatch(wb, req.user!, platform, note.success && note.data ? note.data : undefined);
    return reply.redirect('/takedowns?status=sent&ok=status');
  });

  app.get('/takedowns/batch/:platform/export', { config: { perm: 'takedowns.read' } }, async (req, reply) => {
    const platform = (req.params as { platform: string }).platform;
    const ids = await batchCaseIds(wb, platform, batchOfSchema.parse((req.query as Record<string, unknown>).of));
    const notice = ids.length ? await wb.batchNotice(ids, req.user!) : undefined;
    if (!notice) return notFound(req, reply, 'Nothing to batch on this platform.');
    return sendNotice(reply, notice, String((req.query as Record<string, string>).format ?? 'json'));
  });

  // ---- analyst
  app.get('/analyst', { config: { perm: 'thresholds.read' } }, async (req, reply) => {
    const q = req.query as Record<string, string>;
    const label = isLabel(q.label) ? q.label : 'false_health_claim';
    const profiles = [...new Set(['default', ...(await wb.analytics.profiles())])];
    const profile = profiles.includes(q.profile) ? q.profile : profiles[0];
    const history = await wb.thresholds.history(profile);
    return sendPage(reply, analystPage(ctxOf(req), profiles, label, profile, history.reverse()));
  });

  app.post('/analyst/thresholds', { config: { perm: 'thresholds.write' } }, async (req, reply) => {
    const body = thresholdSaveSchema.safeParse(req.body);
    if (!body.success || body.data.high < body.data.flag) return reply.redirect('/analyst?ok=error');
    const { label, profile, flag, high, note } = body.data;
    const inForce = (await wb.activeThresholds(profile)).labels[label];
    await wb.thresholds.save(profile, label, { flag, high }, req.user!.username, note?.trim() || undefined, inForce);
    return reply.redirect(`/analyst?label=${label}&profile=${encodeURIComponent(profile)}&ok=saved`);
  });

  // ---- dashboard and audit
  app.get('/dashboard', { config: { perm: 'dashboard.read' } }, async (req, reply) => sendPage(reply, dashboardPage(ctxOf(req), await wb.dashboard())));

  app.get('/audit', { config: { perm: 'audit.read' } }, async (req, reply) => {
    const q = req.query as Record<string, string>;
    const f = { action: q.action || undefined, actor: q.actor || undefined, entity: q.entity || undefined };
    const before = Number.parseInt(q.before ?? '', 10);
    const [rows, actions] = await Promise.all([wb.analytics.audit({ ...f, beforeId: Number.isFinite(before) ? before : undefined }), wb.analytics.auditActions()]);
    return sendPage(reply, auditPage(ctxOf(req), rows, actions, f));
  });

  app.get('/audit/export', { config: { perm: 'audit.read' } }, async (req, reply) => exportAudit(wb, req, reply));

  // ---- admin
  app.get('/admin/users', { config: { perm: 'users.manage' } }, async (req, reply) => sendPage(reply, usersPage(ctxOf(req), await wb.users.list())));

  app.post('/admin/users', { config: { perm: 'users.manage' } }, async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, string>;
    try {
      await wb.users.add({ username: b.username ?? '', password: b.password ?? '', role: b.role ?? '', displayName: b.displayName || undefined, email: b.email || undefined }, req.user!.username);
      return reply.redirect('/admin/users?ok=user_added');
    } catch (e) {
      if (e instanceof UserError) return reply.redirect('/admin/users?ok=error');
      throw e;
    }
  });

  app.post('/admin/users/:name/role', { config: { perm: 'users.manage' } }, async (req, reply) => {
    try {
      await wb.users.setRole((req.params as { name: string }).name, String((req.body as Record<string, unknown>)?.role ?? ''), req.user!.username);
      return reply.redirect('/admin/users?ok=role_set');
    } catch (e) {
      if (e instanceof UserError) return reply.redirect('/admin/users?ok=error');
      throw e;
    }
  });

  app.post('/admin/users/:name/remove', { config: { perm: 'users.manage' } }, async (req, reply) => {
    const name = (req.params as { name: string }).name;
    if (name === req.user!.username) return reply.redirect('/admin/users?ok=error');
    try {
      await wb.users.remove(name, req.user!.username);
      return reply.redirect('/admin/users?ok=user_removed');
    } catch (e) {
      if (e instanceof UserError) return reply.redirect('/admin/users?ok=error');
      throw e;
    }
  });
}

/** Sends a notice in the asked format as a download (PDF rendered by Chromium). */
export async function sendNotice(reply: FastifyReply, notice: Notice, format: string) {
  if (format === 'pdf') {
    try {
      const pdf = await htmlToPdf(exportNotice(notice, 'html').body);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${notice.reference.replace(/[^A-Za-z0-9._-]+/g, '_')}.pdf"`)
        .send(pdf);
    } catch (e) {
      if (e instanceof PdfUnavailableError) return reply.code(501).type('text/plain').send(e.message);
      throw e;
    }
  }
  if (!['json', 'email', 'csv', 'html', 'sor'].includes(format)) return reply.code(400).type('text/plain').send('format must be json, email, csv, html, sor or pdf');
  const out = exportNotice(notice, format as ExportFormat);
  // The printable HTML is a download, not a page of this site; it carries its own script-free CSP too.
  return reply.type(out.contentType).header('content-disposition', `attachment; filename="${out.filename}"`).send(out.body);
}
