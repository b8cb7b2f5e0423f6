import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { TakedownError } from '../../db/repositories/takedown.repository.js';
import { LABELS } from '../../domain/labels.js';
import type { TakedownStatus } from '../../domain/takedown-status.js';
import type { Notice } from '../../pipeline/takedown/notice.js';
import { batchCaseIds, batchOfSchema, createTakedown, decideMany, decisionSchema, sendBatch, takedownStatusSchema, thresholdSaveSchema, toQueueFilters } from '../operations.js';
import type { Permission } from '../permissions.js';
import { isLabel, type Workbench } from '../services.js';
import { exportAudit } from './audit-export.js';
import { sendNotice } from './pages.js';

const idParam = z.coerce.number().int().positive();

function bad(reply: FastifyReply, message: string, code = 'BAD_REQUEST', status = 400) {
  return reply.code(status).send({ error: code, message });
}

interface ApiDoc {
  method: 'get' | 'post';
  path: string;
  perm: Permission;
  summary: string;
  body?: Record<string, unknown>;
  query?: string[];
}

export function registerApiRoutes(app: FastifyInstance, wb: Workbench): void {
  /** Every API route, documented once: registration and /api/openapi.json both read this list. */
  const DOCS: ApiDoc[] = [];
  const route = (doc: ApiDoc, handler: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>) => {
    DOCS.push(doc);
    const url = doc.path.replace(/\{(\w+)\}/g, ':$1');
    app.route({ method: doc.method.toUpperCase() as 'GET' | 'POST', url, config: { perm: doc.perm }, handler });
  };

  route({ method: 'get', path: '/api/me', perm: 'self', summary: 'The authenticated user' }, async (req) => ({ user: req.user, csrfToken: req.csrfToken ?? null }));

  route({ method: 'get', path: '/api/cases', perm: 'cases.read', summary: 'Review queue: cases ordered by risk then age', query: ['status', 'platform', 'label', 'language', 'seller', 'risk', 'from', 'to', 'page', 'limit'] }, async (req) => {
    const f = toQueueFilters(req.query);
    const q = await wb.queue(f);
    return { total: q.total, page: f.page, cases: q.rows };
  });

  route({ method: 'get', path: '/api/cases/{id}', perm: 'cases.read', summary: 'A case with listing, evidence, predictions, images/OCR, snapshots, decisions' }, async (req, reply) => {
    const id = idParam.safeParse((req.params as { id: string }).id);
    const d = id.success ? await wb.review.detail(id.data) : undefined;
    return d ?? bad(reply, 'no such case', 'NOT_FOUND', 404);
  });

  route({ method: 'post', path: '/api/cases/{id}/claim', perm: 'cases.decide', summary: 'Lock a case for the caller (15 minutes)' }, async (req, reply) => {
    const id = idParam.safeParse((req.params as { id: string }).id);
    if (!id.success) return bad(reply, 'bad case id');
    const r = await wb.review.claim(id.data, req.user!.username);
    return r.ok ? r : reply.code(409).send({ error: 'CLAIMED', holder: r.holder, claimedUntil: r.claimedUntil, status: r.status });
  });

  route({ method: 'post', path: '/api/cases/{id}/release', perm: 'cases.decide', summary: 'Release the caller\'s claim' }, async (req, reply) => {
    const id = idParam.safeParse((req.params as { id: string }).id);
    if (!id.success) return bad(reply, 'bad case id');
    return { released: await wb.review.release(id.data, req.user!.username) };
  });

  const decisionBody = { decision: { type: 'string', enum: ['confirm', 'dismiss', 'escalate'] }, reasonCode: { type: 'string' }, notes: { type: 'string' } };
  route({ method: 'post', path: '/api/cases/{id}/decision', perm: 'cases.decide', summary: 'Confirm, dismiss or escalate a case', body: decisionBody }, async (req, reply) => {
    const id = idParam.safeParse((req.params as { id: string }).id);
    const body = decisionSchema.safeParse(req.body);
    if (!id.success || !body.success) return bad(reply, body.success ? 'bad case id' : body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const r = await wb.review.decide(id.data, req.user!.username, body.data.decision, body.data.reasonCode, body.data.notes);
    if (!r.ok) return reply.code(r.code === 'NOT_FOUND' ? 404 : 409).send({ error: r.code, holder: r.holder });
    return r;
  });

  route({ method: 'post', path: '/api/cases/bulk-decision', perm: 'cases.decide', summary: 'The same decision on several cases', body: { ...decisionBody, ids: { type: 'array', items: { type: 'integer' } } } }, async (req, reply) => {
    const raw = (req.body ?? {}) as Record<string, unknown>;
    const ids = z.array(idParam).min(1).max(500).safeParse(raw.ids);
    const body = decisionSchema.safeParse(raw);
    if (!ids.success || !body.success) return bad(reply, 'ids (1–500 case ids), decision and reasonCode are required');
    return decideMany(wb, req.user!, ids.data, body.data.decision, body.data.reasonCode, body.data.notes);
  });

  route({ method: 'post', path: '/api/sellers/{id}/bulk-decision', perm: 'cases.decide', summary: 'The same decision on every open case of a seller', body: decisionBody }, async (req, reply) => {
    const body = decisionSchema.safeParse(req.body);
    if (!body.success) return bad(reply, 'decision and reasonCode are required');
    const ids = await wb.review.openCaseIdsOfSeller((req.params as { id: string }).id);
    return decideMany(wb, req.user!, ids, body.data.decision, body.data.reasonCode, body.data.notes);
  });

  route({ method: 'get', path: '/api/sellers/{id}', perm: 'sellers.read', summary: 'A seller, its linked accounts, listings, cases and blacklist entries' }, async (req, reply) => {
    const p = await wb.blacklist.sellerPage((req.params as { id: string }).id);
    return p ?? bad(reply, 'no such seller', 'NOT_FOUND', 404);
  });

  route({ method: 'post', path: '/api/sellers/{id}/block', perm: 'sellers.block', summary: 'Blacklist a seller (with reason)', body: { reason: { type: 'string' } } }, async (req, reply) => {
    const reason = z.string().trim().min(3).max(500).safeParse((req.body as Record<string, unknown> | undefined)?.reason);
    if (!reason.success) return bad(reply, 'reason (3–500 characters) is required');
    try {
      return { identifiers: await wb.blacklist.block((req.params as { id: string }).id, reason.data, req.user!.username) };
    } catch (e) {
      if (e instanceof RangeError) return bad(reply, e.message, 'NOT_FOUND', 404);
      throw e;
    }
  });

  route({ method: 'post', path: '/api/sellers/{id}/unblock', perm: 'sellers.block', summary: 'Remove a seller from the blacklist' }, async (req) => {
    await wb.blacklist.unblock((req.params as { id: string }).id, req.user!.username);
    return { ok: true };
  });

  route({ method: 'get', path: '/api/blacklist', perm: 'sellers.read', summary: 'Active blacklist entries' }, async () => ({ entries: await wb.blacklist.entries() }));

  route({ method: 'post', path: '/api/cases/{id}/takedown', perm: 'takedowns.write', summary: 'Create the draft takedown request (DSA Art. 16 notice) for a confirmed case' }, async (req, reply) => {
    const id = idParam.safeParse((req.params as { id: string }).id);
    if (!id.success) return bad(reply, 'bad case id');
    try {
      const r = await createTakedown(wb, req.user!, id.data);
      if (!r) return bad(reply, 'no such case', 'NOT_FOUND', 404);
      return reply.code(r.created ? 201 : 200).send(r);
    } catch (e) {
      if (e instanceof TakedownError) return bad(reply, e.message, e.code, e.code === 'NOT_FOUND' ? 404 : 409);
      throw e;
    }
  });

  route({ method: 'get', path: '/api/takedowns', perm: 'takedowns.read', summary: 'Takedown requests', query: ['status', 'platform'] }, async (req) => {
    const q = req.query as Record<string, string>;
    return { takedowns: await wb.takedowns.list({ status: (q.status || undefined) as TakedownStatus | undefined, platform: q.platform || undefined }) };
  });

  route({ method: 'get', path: '/api/takedowns/{id}', perm: 'takedowns.read', summary: 'A takedown request with its notice' }, async (req, reply) => {
    const id = idParam.safeParse((req.params as { id: string }).id);
    const t = id.success ? await wb.takedowns.get(id.data) : undefined;
    return t ?? bad(reply, 'no such takedown request', 'NOT_FOUND', 404);
  });

  route({ method: 'post', path: '/api/takedowns/{id}/status', perm: 'takedowns.write', summary: 'Move a request: draft → sent → acknowledged → removed; still_online → escalated (verified_removed and still_online are set by re-crawl only)', body: { status: { type: 'string', enum: ['sent', 'acknowledged', 'removed', 'escalated'] }, note: { type: 'string' } } }, async (req, reply) => {
    const id = idParam.safeParse((req.params as { id: string }).id);
    const b = takedownStatusSchema.safeParse(req.body ?? {});
    if (!id.success) return bad(reply, 'bad takedown id');
    if (!b.success) return bad(reply, b.error.issues.map((i) => i.message).join('; '));
    try {
      return { status: await wb.takedowns.setStatus(id.data, b.data.status, req.user!.username, new Date(), b.data.note) };
    } catch (e) {
      if (e instanceof TakedownError) return bad(reply, e.message, e.code, e.code === 'NOT_FOUND' ? 404 : 409);
      throw e;
    }
  });

  route({ method: 'get', path: '/api/takedowns/{id}/export', perm: 'takedowns.read', summary: 'The notice as json, email, csv, html, pdf or sor (DSA statement of reasons)', query: ['format'] }, async (req, reply) => {
    const id = idParam.safeParse((req.params as { id: string }).id);
    const t = id.success ? await wb.takedowns.get(id.data) : undefined;
    if (!t) return bad(reply, 'no such takedown request', 'NOT_FOUND', 404);
    return sendNotice(reply, t.takedown.notice as unknown as Notice, String((req.query as Record<string, string>).format ?? 'json'));
  });

  route({ method: 'post', path: '/api/takedowns/batch', perm: 'takedowns.write', summary: 'Draft requests for every confirmed case of a platform without one; returns the batch notice', body: { platform: { type: 'string' } } }, async (req, reply) => {
    const platform = (req.body as Record<string, unknown> | undefined)?.platform;
    if (typeof platform !== 'string') return bad(reply, 'platform is required');
    const ids = await wb.takedowns.confirmedWithoutRequest(platform);
    const notice = ids.length ? await wb.batchNotice(ids, req.user!) : undefined;
    const created = [];
    for (const id of ids) created.push(await createTakedown(wb, req.user!, id));
    return { created, notice: notice ?? null };
  });

  route({ method: 'get', path: '/api/takedowns/batch/{platform}/export', perm: 'takedowns.read', summary: "A platform's batch notice: of=pending (confirmed cases without a request) or of=draft (its draft requests); format as for one request", query: ['of', 'format'] }, async (req, reply) => {
    const platform = (req.params as { platform: string }).platform;
    const q = req.query as Record<string, unknown>;
    const ids = await batchCaseIds(wb, platform, batchOfSchema.parse(q.of));
    const notice = ids.length ? await wb.batchNotice(ids, req.user!) : undefined;
    if (!notice) return bad(reply, `nothing to batch on platform ${platform}`, 'NOT_FOUND', 404);
    return sendNotice(reply, notice, String(q.format ?? 'json'));
  });

  route({ method: 'post', path: '/api/takedowns/batch/sent', perm: 'takedowns.write', summary: 'Mark every draft request of a platform as sent (the batch notice went out)', body: { platform: { type: 'string' }, note: { type: 'string' } } }, async (req, reply) => {
    const b = z.object({ platform: z.string().min(1).max(200), note: z.string().max(500).optional() }).safeParse(req.body ?? {});
    if (!b.success) return bad(reply, 'platform is required');
    return sendBatch(wb, req.user!, b.data.platform, b.data.note);
  });

  route({ method: 'post', path: '/api/takedowns/verify', perm: 'takedowns.write', summary: 'Apply re-crawl results: verified_removed or still_online' }, async () => wb.takedowns.verifyByRecrawl(new Date(), wb.opts.stillOnlineAfterDays ?? 7));

  route({ method: 'get', path: '/api/thresholds', perm: 'thresholds.read', summary: 'Active thresholds and their history for a profile', query: ['profile'] }, async (req) => {
    const profile = (req.query as Record<string, string>).profile || 'default';
    return { active: await wb.activeThresholds(profile), history: await wb.thresholds.history(profile) };
  });

  route({ method: 'get', path: '/api/thresholds/curve', perm: 'thresholds.read', summary: 'Score histogram, precision-recall curve and case scores for a label', query: ['label', 'profile'] }, async (req, reply) => {
    const q = req.query as Record<string, string>;
    if (!isLabel(q.label)) return bad(reply, `label must be one of ${LABELS.join(', ')}`);
    return wb.thresholdCurve(q.label, q.profile || undefined);
  });

  route({ method: 'post', path: '/api/thresholds/preview', perm: 'thresholds.read', summary: 'How many open and past cases a threshold flags, and its precision/recall', body: { label: { type: 'string' }, profile: { type: 'string' }, flag: { type: 'number' } } }, async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const t = z.coerce.number().min(0).max(1).safeParse(b.flag);
    if (!isLabel(b.label) || !t.success) return bad(reply, 'label and flag (0–1) are required');
    return wb.previewThreshold(b.label, t.data, typeof b.profile === 'string' ? b.profile : undefined);
  });

  route({ method: 'post', path: '/api/thresholds', perm: 'thresholds.write', summary: 'Save a new threshold version (audited)', body: { label: { type: 'string' }, profile: { type: 'string' }, flag: { type: 'number' }, high: { type: 'number' }, note: { type: 'string' } } }, async (req, reply) => {
    const body = thresholdSaveSchema.safeParse(req.body);
    if (!body.success || body.data.high < body.data.flag) return bad(reply, 'label, profile, flag ≤ high (0–1) are required');
    const { label, profile, flag, high, note } = body.data;
    const inForce = (await wb.activeThresholds(profile)).labels[label];
    return reply.code(201).send({ version: await wb.thresholds.save(profile, label, { flag, high }, req.user!.username, note, inForce) });
  });

  route({ method: 'get', path: '/api/dashboard', perm: 'dashboard.read', summary: 'Flagged per week, takedown turnaround, repeat sellers, crawl health' }, async () => wb.dashboard());

  route({ method: 'get', path: '/api/audit', perm: 'audit.read', summary: 'Audit trail (append-only), newest first', query: ['action', 'actor', 'entity', 'before', 'limit'] }, async (req) => {
    const q = req.query as Record<string, string>;
    const before = Number.parseInt(q.before ?? '', 10);
    const limit = Number.parseInt(q.limit ?? '', 10);
    return { entries: await wb.analytics.audit({ action: q.action || undefined, actor: q.actor || undefined, entity: q.entity || undefined, beforeId: Number.isFinite(before) ? before : undefined, limit: Number.isFinite(limit) ? limit : 100 }) };
  });

  route({ method: 'get', path: '/api/audit/export', perm: 'audit.read', summary: 'Audit trail as CSV or JSON', query: ['format', 'action', 'actor', 'entity'] }, async (req, reply) => exportAudit(wb, req, reply));

  route({ method: 'get', path: '/api/openapi.json', perm: 'self', summary: 'This document' }, async () => openApiDocument(DOCS));
}

export function openApiDocument(DOCS: ApiDoc[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const d of DOCS) {
    const params = [...d.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const query = (d.query ?? []).map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } }));
    paths[d.path] ??= {};
    paths[d.path][d.method] = {
      summary: d.summary,
      'x-permission': d.perm,
      parameters: [...params, ...query],
      ...(d.body ? { requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: d.body } } } } } : {}),
      responses: { '200': { description: 'OK' }, '401': { description: 'not authenticated' }, '403': { description: 'role not allowed, or CSRF token missing (cookie sessions)' } },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Shelfwatch workbench API', version: '1.0.0', description: 'Review cases, takedown requests, thresholds, audit. Authenticate with `Authorization: Bearer <token>` (create one with `shelfwatch users token`). Cookie sessions must send `x-csrf-token` on POST.' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
