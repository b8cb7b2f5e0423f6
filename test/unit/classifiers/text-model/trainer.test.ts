import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Calibrator } from '../../../../classifiers/text-model/calibration.js';
import { logLoss } from '../../../../classifiers/text-model/logistic.js';
import { partition } from '../../../../classifiers/text-model/split.js';
import { auc, trainTextModel, type LabeledExample } from '../../../../classifiers/text-model/trainer.js';
import { LABELS, type Expected } from '../../../../domain/labels.js';
import { parseListing } from '../../../../domain/listing.js';

describe('auc', () => {
  it('is the share of positive/negative pairs ranked right, ties counting half', () => {
    expect(auc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(auc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(auc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(auc([0.1, 0.2], [1, 1])).toBeNull();
  });
});

// The shipped corpus: hard negatives ("does not cure ..."), claims buried in long listings and
// few listings per phrasing. Text model v1–v3 (Adagrad at a fixed rate of 0.4) memorised the
// training split: on the calibration split its raw log-loss was worse than always predicting
// the base rate (0.693 and 0.847 for false_health_claim and mislabeled_food) and Platt had to
// shrink its logits 4–6× (slopes 0.28 and 0.18).
describe('when the text model is trained on the shipped corpus with the default options', () => {
  const rows = readFileSync(join(process.cwd(), 'models', 'corpus', 'listings.v1.jsonl'), 'utf8').split('\n').filter(Boolean);
  const corpus: LabeledExample[] = rows.map((line) => {
    const { expected, notes: _notes, ...listing } = JSON.parse(line) as Record<string, unknown> & { expected: Expected };
    return { listing: parseListing(listing, () => new Date(0)), expected };
  });
  const split = partition(corpus, (e) => e.listing.id);

  it('gives raw scores on the calibration split that beat the base rate and need no more than a mild Platt correction', () => {
    const artifact = trainTextModel(split.train, split.calibration, [], {
      corpus: { path: 'models/corpus/listings.v1.jsonl', sha256: '0'.repeat(64), listings: corpus.length },
      dataSha256: '0'.repeat(64),
      createdAt: '2026-01-01T00:00:00Z',
    });
    const cal = artifact.metrics.calibration as { logLossRaw: Record<string, number> };
    for (const l of LABELS) {
      const rate = split.train.filter((e) => e.expected[l]).length / split.train.length;
      const y = split.calibration.map((e) => (e.expected[l] ? 1 : 0));
      const baseRate = logLoss(y.map(() => rate), y);
      expect(cal.logLossRaw[l], l).toBeLessThan(baseRate - 0.05);
      const platt = artifact.calibration[l] as Calibrator;
      expect(platt.method).toBe('platt');
      if (platt.method === 'platt') {
        expect(platt.a, l).toBeGreaterThan(0.5);
        expect(platt.a, l).toBeLessThan(2);
      }
    }
  }, 180_000);
});
