import { and, desc, eq } from 'drizzle-orm';
import { LABELS, type Label } from '../../domain/labels.js';
import type { Db } from '../client.js';
import { auditLog, thresholds } from '../schema/index.js';

export interface LabelThreshold {
  flag: number;
  high: number;
}
export type ThresholdSet = { profile: string; version: number; labels: Record<Label, LabelThreshold> };

export class ThresholdRepository {
  constructor(private readonly db: Db) {}

  /** Latest version per label for a profile; labels never saved fall back to `defaults`. */
  async active(profile: string, defaults: ThresholdSet): Promise<ThresholdSet> {
    const labels = { ...defaults.labels };
    let version = 0;
    for (const label of LABELS) {
      const [row] = await this.db
        .select()
        .from(thresholds)
        .where(and(eq(thresholds.profile, profile), eq(thresholds.label, label)))
        .orderBy(desc(thresholds.version))
        .limit(1);
      if (row) {
        labels[label] = { flag: row.flag, high: row.high };
        version = Math.max(version, row.version);
      }
    }
    return { profile, version: version || defaults.version, labels };
  }

  /** Saves a new version (never updates) and writes the audit entry in the same transaction. */
  /**
   * Saves the next version for a profile and label, audited with before/after.
   * `inForce` is what applied until now when no version was saved yet (the
   * model defaults), so the first save's audit entry still has a before.
   */
  async save(profile: string, label: Label, value: LabelThreshold, actor: string, note?: string, inForce?: LabelThreshold): Promise<number> {
    if (!(value.flag >= 0 && value.flag <= 1 && value.high >= value.flag && value.high <= 1)) {
      throw new RangeError(`threshold for ${label} must satisfy 0 ≤ flag ≤ high ≤ 1 (got flag=${value.flag}, high=${value.high})`);
    }
    return this.db.transaction(async (tx) => {
      const [prev] = await tx
        .select()
        .from(thresholds)
        .where(and(eq(thresholds.profile, profile), eq(thresholds.label, label)))
        .orderBy(desc(thresholds.version))
        .limit(1);
      const version = (prev?.version ?? 0) + 1;
      await tx.insert(thresholds).values({ profile, label, version, flag: value.flag, high: value.high, createdBy: actor, note: note ?? null });
      await tx.insert(auditLog).values({
        actor,
        action: 'threshold.save',
        entity: 'threshold',
        entityId: `${profile}/${label}`,
        before: prev ? { version: prev.version, flag: prev.flag, high: prev.high } : inForce ? { version: 0, flag: inForce.flag, high: inForce.high, source: 'defaults' } : null,
        after: { version, ...value, note: note ?? null },
      });
      return version;
    });
  }

  history(profile: string) {
    return this.db.select().from(thresholds).where(eq(thresholds.profile, profile)).orderBy(thresholds.label, thresholds.version);
  }
}
