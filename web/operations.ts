import { z } from 'zod';
import { DECISIONS, REASON_CODES, type DecisionKind, type QueueFilters } from '../db/repositories/review.repository.js';
import type { PublicUser } from '../db/repositories/user.repository.js';
import { LABELS } from '../domain/labels.js';
import { TAKEDOWN_TRANSITIONS, type TakedownStatus } from '../domain/takedown-status.js';
import type { Workbench } from './services.js';

/** Operations the HTML routes and the JSON API share, so both enforce the same rules. */

export const decisionSchema = z
  .object({
    decision: z.enum(DECISIONS),
    reasonCode: z.string().trim().min(1).max(64).regex(/^[a-z0-9_]+$/, 'reason code: lower-case letters, digits, underscore'),
    notes: z.string().max(4000).optional().transform((s) => (s?.trim() ? s.trim() : null)),
  })
  .superRefine((d, ctx) => {
    if (!REASON_CODES[d.decision].includes(d.reasonCode)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['reasonCode'], message: `reason code for ${d.decision} must be one of ${REASON_CODES[d.decision].join(', ')} (got "${d.reasonCode}")` });
    }
  });

export const queueQuerySchema = z.object({
  status: z.enum(['open', 'escalated', 'confirmed', 'dismissed']).optional().catch(undefined),
  platform: z.string().max(200).optional(),
  label: z.enum(LABELS).optional().catch(undefined),
  language: z.string().max(16).optional(),
  seller: z.string().max(300).optional(),
  risk: z.enum(['low', 'medium', 'high']).optional().catch(undefined),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}/).optional().catch(undefined),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}/).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
  limit: z.coerce.number().int().min(1).max(500).optional().catch(undefined),
});

export function toQueueFilters(raw: unknown): QueueFilters & { page: number } {
  const q = queueQuerySchema.parse(Object.fromEntries(Object.entries((raw ?? {}) as Record<string, unknown>).filter(([, v]) => v !== '')));
  const limit = q.limit ?? 50;
  const page = q.page ?? 1;
  const day = (s?: string, plus = 0) => (s ? new Date(new Date(s.slice(0, 10) + 'T00:00:00Z').getTime() + plus) : undefined);
  return {
    status: q.status ?? 'open',
    platform: q.platform,
    label: q.label,
    language: q.language,
    seller: q.seller,
    risk: q.risk,
    from: day(q.from),
    // `to` is inclusive of that day.
    to: day(q.to, 86_400_000),
    limit,
    offset: (page - 1) * limit,
    page,
  };
}

export async function decideMany(wb: Workbench, user: PublicUser, ids: number[], decision: DecisionKind, reasonCode: string, notes: string | null) {
  const results: Array<{ caseId: number; ok: boolean; code?: string; status?: string }> = [];
  for (const id of ids) {
    const r = await wb.review.decide(id, user.username, decision, reasonCode, notes);
    results.push(r.ok ? { caseId: id, ok: true, status: r.status } : { caseId: id, ok: false, code: r.code });
  }
  return { applied: results.filter((r) => r.ok).length, skipped: results.filter((r) => !r.ok).length, results };
}

/** Creates the draft takedown request with its notice for a confirmed case. */
export async function createTakedown(wb: Workbench, user: PublicUser, caseId: number) {
  const detail = await wb.review.detail(caseId);
  const confirmer = detail?.decisions.filter((d) => d.decision === 'confirm').at(-1)?.actor;
  const notice = await wb.noticeForCase(caseId, user, confirmer);
  if (!notice) return undefined;
  return wb.takedowns.createDraft(caseId, notice as unknown as Record<string, unknown>, user.username);
}

export const thresholdSaveSchema = z.object({
  label: z.enum(LABELS),
  profile: z.string().trim().min(1).max(32).regex(/^[a-z0-9_-]+$/),
  flag: z.coerce.number().min(0).max(1),
  high: z.coerce.number().min(0).max(1),
  note: z.string().max(500).optional(),
});

/**
 * Statuses a person may set on a takedown request. `verified_removed` and
 * `still_online` are facts only a re-crawl establishes (`verifyByRecrawl`,
 * the relisting check), so neither the pages nor the API accept them.
 */
export const MANUAL_TAKEDOWN_STATUSES = ['sent', 'acknowledged', 'removed', 'escalated'] as const satisfies readonly TakedownStatus[];

export const takedownStatusSchema = z.object({
  status: z.enum(MANUAL_TAKEDOWN_STATUSES, {
    errorMap: () => ({ message: `status must be one of ${MANUAL_TAKEDOWN_STATUSES.join(', ')}; verified_removed and still_online are set by re-crawl checks` }),
  }),
  note: z.string().max(500).optional().transform((s) => (s?.trim() ? s.trim() : undefined)),
});

/** The moves a person may make from a status (the select on the takedown page). */
export function manualNextStatuses(from: TakedownStatus): TakedownStatus[] {
  return (TAKEDOWN_TRANSITIONS[from] ?? []).filter((s) => (MANUAL_TAKEDOWN_STATUSES as readonly string[]).includes(s));
}

/** Which cases a platform's batch notice covers: confirmed cases without a request yet, or the platform's draft requests. */
export const batchOfSchema = z.enum(['pending', 'draft']).catch('pending');
export type BatchOf = z.infer<typeof batchOfSchema>;

export async function batchCaseIds(wb: Workbench, platform: string, of: BatchOf): Promise<number[]> {
  if (of === 'pending') return wb.takedowns.confirmedWithoutRequest(platform);
  return (await wb.takedowns.ofPlatformInStatus(platform, 'draft')).map((r) => r.caseId);
}

/** Marks every draft request of a platform as sent (one batch notice went out), each change audited. */
export async function sendBatch(wb: Workbench, user: PublicUser, platform: string, note?: string): Promise<{ sent: number[] }> {
  const drafts = await wb.takedowns.ofPlatformInStatus(platform, 'draft');
  const now = new Date();
  for (const d of drafts) await wb.takedowns.setStatus(d.id, 'sent', user.username, now, note ?? `batch notice to ${platform}`);
  return { sent: drafts.map((d) => d.id) };
}
