import type { FastifyReply, FastifyRequest } from 'fastify';
import { toCsv } from '../../pipeline/takedown/exporters.js';
import type { Workbench } from '../services.js';

/** Audit export: the filtered trail as CSV or JSON (at most 10,000 newest rows per file). */
export async function exportAudit(wb: Workbench, req: FastifyRequest, reply: FastifyReply) {
  const q = req.query as Record<string, string>;
  const rows = await wb.analytics.audit({ action: q.action || undefined, actor: q.actor || undefined, entity: q.entity || undefined, limit: 10_000 });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '');
  if (q.format === 'csv') {
    const body = toCsv(
      rows.map((r) => ({ id: r.id, at: r.at.toISOString(), actor: r.actor, action: r.action, entity: r.entity, entity_id: r.entityId, before: r.before, after: r.after })),
      ['id', 'at', 'actor', 'action', 'entity', 'entity_id', 'before', 'after'],
    );
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="audit-${stamp}.csv"`).send(body);
  }
  return reply.type('application/json; charset=utf-8').header('content-disposition', `attachment; filename="audit-${stamp}.json"`).send(JSON.stringify(rows, null, 2));
}
