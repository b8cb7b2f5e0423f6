import { desc } from 'drizzle-orm';
import type { Db } from '../client.js';
import { auditLog } from '../schema/index.js';

export interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  entityId?: string | number;
  before?: unknown;
  after?: unknown;
}

/** Append-only: there is deliberately no update or delete here (the database refuses them too). */
export class AuditRepository {
  constructor(private readonly db: Db) {}

  async append(e: AuditEntry): Promise<void> {
    await this.db.insert(auditLog).values({
      actor: e.actor,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId === undefined ? null : String(e.entityId),
      before: e.before ?? null,
      after: e.after ?? null,
    });
  }

  list(limit = 100) {
    return this.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(limit);
  }
}
