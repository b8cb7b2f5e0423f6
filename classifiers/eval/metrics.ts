import { LABELS, type Expected, type Label } from '../../domain/labels.js';

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}
export interface LabelMetrics extends Counts {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface EvalItem {
  language: string;
  expected: Expected;
  predicted: Record<Label, boolean>;
  scores?: Record<Label, number>;
}

export interface EvalReport {
  items: number;
  perLabel: Record<Label, LabelMetrics>;
  perLanguage: Record<string, Record<Label, LabelMetrics>>;
  /** Of the listings with label X expected, how many the classifier gave each label (confusion across labels). */
  confusion: Record<Label, Record<Label | 'none', number>>;
  exactMatch: number;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
const r4 = (x: number) => Math.round(x * 10000) / 10000;

export function metricsOf(c: Counts): LabelMetrics {
  const precision = ratio(c.tp, c.tp + c.fp);
  const recall = ratio(c.tp, c.tp + c.fn);
  // With no positives expected and none predicted, the classifier did all it could: count F1 as 1.
  const f1 = c.tp + c.fp + c.fn === 0 ? 1 : ratio(2 * precision * recall, precision + recall);
  return { ...c, precision: r4(c.tp + c.fp === 0 && c.fn === 0 ? 1 : precision), recall: r4(c.tp + c.fn === 0 ? 1 : recall), f1: r4(f1), support: c.tp + c.fn };
}

function count(items: EvalItem[], label: Label): Counts {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const it of items) {
    const e = it.expected[label];
    const p = it.predicted[label];
    if (e && p) c.tp++;
    else if (!e && p) c.fp++;
    else if (e && !p) c.fn++;
    else c.tn++;
  }
  return c;
}

export function evaluate(items: EvalItem[]): EvalReport {
  const perLabel = Object.fromEntries(LABELS.map((l) => [l, metricsOf(count(items, l))])) as Record<Label, LabelMetrics>;
  const languages = [...new Set(items.map((i) => i.language))].sort();
  const perLanguage = Object.fromEntries(
    languages.map((lang) => {
      const sub = items.filter((i) => i.language === lang);
      return [lang, Object.fromEntries(LABELS.map((l) => [l, metricsOf(count(sub, l))]))];
    }),
  ) as EvalReport['perLanguage'];
  const confusion = Object.fromEntries(
    LABELS.map((exp) => {
      const row: Record<string, number> = { none: 0 };
      for (const l of LABELS) row[l] = 0;
      for (const it of items.filter((i) => i.expected[exp])) {
        const got = LABELS.filter((l) => it.predicted[l]);
        if (!got.length) row.none++;
        for (const g of got) row[g]++;
      }
      return [exp, row];
    }),
  ) as EvalReport['confusion'];
  const exactMatch = r4(ratio(items.filter((i) => LABELS.every((l) => i.expected[l] === i.predicted[l])).length, items.length));
  return { items: items.length, perLabel, perLanguage, confusion, exactMatch };
}

/** Precision-recall points per label over all distinct score thresholds. */
export function prCurve(items: EvalItem[], label: Label): Array<{ threshold: number; precision: number; recall: number; f1: number }> {
  const scored = items.filter((i) => i.scores).map((i) => ({ s: i.scores![label], y: i.expected[label] }));
  const thresholds = [...new Set(scored.map((x) => x.s))].sort((a, b) => b - a);
  return thresholds.map((t) => {
    const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
    for (const x of scored) {
      const p = x.s >= t;
      if (x.y && p) c.tp++;
      else if (!x.y && p) c.fp++;
      else if (x.y) c.fn++;
      else c.tn++;
    }
    const m = metricsOf(c);
    return { threshold: t, precision: m.precision, recall: m.recall, f1: m.f1 };
  });
}
