import type { Classifier } from '../../classifiers/classifier.js';
import { evaluate, type LabelMetrics } from '../../classifiers/eval/metrics.js';
import type { LabeledExample } from '../../classifiers/text-model/trainer.js';
import { LABELS, type Label } from '../../domain/labels.js';

/** Flag threshold for the before/after comparison: the same 0.5 the artifact's own metrics use. */
const FLAG_AT = 0.5;

export interface ModelComparisonRow {
  set: string;
  label: Label;
  support: number;
  before: Pick<LabelMetrics, 'precision' | 'recall' | 'f1'> | null;
  after: Pick<LabelMetrics, 'precision' | 'recall' | 'f1'>;
}

async function metricsOn(model: Classifier, items: LabeledExample[]) {
  const evalItems = [];
  for (const e of items) {
    const p = await model.classify({ listing: e.listing, ocr: e.ocr });
    evalItems.push({
      language: e.listing.language ?? 'und',
      expected: e.expected,
      predicted: Object.fromEntries(LABELS.map((l) => [l, (p.scores[l] ?? 0) >= FLAG_AT])) as Record<Label, boolean>,
    });
  }
  return evaluate(evalItems).perLabel;
}

const pick = (m: LabelMetrics) => ({ precision: m.precision, recall: m.recall, f1: m.f1 });

/**
 * The model before retraining and the retrained one on the same held-out sets
 * (the corpus test split, and reviewer decisions kept out of training), per
 * label. `before` is null when there was no earlier model.
 */
export async function compareModels(before: Classifier | undefined, after: Classifier, sets: Record<string, LabeledExample[]>): Promise<ModelComparisonRow[]> {
  const rows: ModelComparisonRow[] = [];
  for (const [set, items] of Object.entries(sets)) {
    if (!items.length) continue;
    const a = await metricsOn(after, items);
    const b = before ? await metricsOn(before, items) : undefined;
    for (const label of LABELS) rows.push({ set, label, support: a[label].support, before: b ? pick(b[label]) : null, after: pick(a[label]) });
  }
  return rows;
}
