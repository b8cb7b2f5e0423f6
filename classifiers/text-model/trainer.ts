import { LABELS, type Expected, type Label } from '../../domain/labels.js';
import type { Listing } from '../../domain/listing.js';
import type { ImageText } from '../../domain/ocr.js';
import { evaluate, type EvalItem, type LabelMetrics } from '../eval/metrics.js';
import type { TextModelArtifact } from './artifact.js';
import { applyCalibration, fitIsotonic, fitPlatt, type Calibrator } from './calibration.js';
import { copySparse, DEFAULT_FEATURE_PARAMS, FeatureExtractor, type FeatureParams } from './features.js';
import { DEFAULT_LEARNING_RATES, dequantise, encodeModel, logLoss, margin, quantise, selectLearningRate, sigmoid, trainLogistic, type SparseRow } from './logistic.js';

export interface LabeledExample {
  listing: Listing;
  expected: Expected;
  ocr?: ImageText[];
}

/** Bumped when features or training change in a way that changes the artifact's meaning. */
export const TEXT_MODEL_CODE_VERSION = '1.1.0';

export interface TrainTextModelOptions {
  features?: FeatureParams;
  /** Default 20. */
  epochs?: number;
  /**
   * Adagrad base rate for every label. Default: chosen per label from `learningRates` by
   * cross-validation on the training split (`selectLearningRate`).
   */
  learningRate?: number;
  /** Candidates for the per-label choice. Default DEFAULT_LEARNING_RATES. */
  learningRates?: readonly number[];
  /** Folds of that cross-validation. Default 4. */
  cvFolds?: number;
  /** Default 1e-5. */
  l2?: number;
  /** Default 1. */
  seed?: number;
  /** Weights below this magnitude are dropped from the artifact. Default 0.002. */
  prune?: number;
  /** Default platt. */
  calibration?: 'platt' | 'isotonic';
  corpus: { path: string; sha256: string; listings: number; extra?: { path: string; sha256: string; listings: number } };
  /** sha256 that names the version (corpus, plus extra decisions when given). */
  dataSha256: string;
  createdAt?: string;
}

export interface SplitReport {
  items: number;
  logLossRaw: Record<Label, number>;
  logLossCalibrated: Record<Label, number>;
  /** Area under the ROC curve of the raw logits: ranking quality, whatever the threshold or calibration. */
  auc: Record<Label, number | null>;
  perLabel: Record<Label, LabelMetrics>;
  perLanguage: Record<string, Record<Label, LabelMetrics>>;
}

function rows(extractor: FeatureExtractor, ex: LabeledExample[]): SparseRow[] {
  return ex.map((e) => copySparse(extractor.extract({ listing: e.listing, ocr: e.ocr })));
}

/** Trains one model per label on `train`, calibrates on `calibration`, reports on `test` (which nothing is fitted to). */
export function trainTextModel(train: LabeledExample[], calibration: LabeledExample[], test: LabeledExample[], opts: TrainTextModelOptions): TextModelArtifact {
  if (!train.length) throw new RangeError('no training examples');
  const features = opts.features ?? DEFAULT_FEATURE_PARAMS;
  const extractor = new FeatureExtractor(features);
  const training = {
    epochs: opts.epochs ?? 20,
    learningRate: {} as Record<Label, number>,
    learningRateCv: {} as Record<Label, Record<string, number>>,
    l2: opts.l2 ?? 1e-5,
    seed: opts.seed ?? 1,
    prune: opts.prune ?? 0.002,
    calibration: opts.calibration ?? 'platt',
  };
  const Xtr = rows(extractor, train);
  const Xcal = rows(extractor, calibration);
  const Xte = rows(extractor, test);
  const models: TextModelArtifact['models'] = {};
  const calib: TextModelArtifact['calibration'] = {};
  const zCal = {} as Record<Label, number[]>;
  const zTe = {} as Record<Label, number[]>;
  const weightsKept: Record<string, number> = {};
  for (const label of LABELS) {
    const y = train.map((e) => (e.expected[label] ? 1 : 0));
    const base = { epochs: training.epochs, l2: training.l2, seed: training.seed };
    let learningRate = opts.learningRate;
    if (learningRate === undefined) {
      const picked = selectLearningRate(Xtr, y, extractor.dims, { ...base, grid: opts.learningRates ?? DEFAULT_LEARNING_RATES, folds: opts.cvFolds ?? 4 });
      learningRate = picked.learningRate;
      training.learningRateCv[label] = picked.cvLogLoss;
    }
    training.learningRate[label] = learningRate;
    const full = trainLogistic(Xtr, y, extractor.dims, { ...base, learningRate });
    const q = quantise(full, training.prune);
    weightsKept[label] = q.idx.length;
    // What is calibrated and tested is exactly what is saved (quantised).
    const m = dequantise(q, extractor.dims);
    models[label] = encodeModel(q);
    zCal[label] = Xcal.map((r) => margin(m, r.idx, r.val));
    zTe[label] = Xte.map((r) => margin(m, r.idx, r.val));
    const yCal = calibration.map((e) => (e.expected[label] ? 1 : 0));
    let c: Calibrator = { method: 'none' };
    if (calibration.length >= 2) c = training.calibration === 'isotonic' ? fitIsotonic(zCal[label], yCal) : fitPlatt(zCal[label], yCal);
    calib[label] = c;
  }
  const report = (ex: LabeledExample[], z: Record<Label, number[]>): SplitReport => {
    const logLossRaw = {} as Record<Label, number>;
    const logLossCalibrated = {} as Record<Label, number>;
    const aucs = {} as Record<Label, number | null>;
    const probs = {} as Record<Label, number[]>;
    for (const l of LABELS) {
      const y = ex.map((e) => (e.expected[l] ? 1 : 0));
      probs[l] = z[l].map((v) => applyCalibration(calib[l]!, v));
      logLossRaw[l] = r4(logLoss(z[l].map(sigmoid), y));
      logLossCalibrated[l] = r4(logLoss(probs[l], y));
      const a = auc(z[l], y);
      aucs[l] = a === null ? null : r4(a);
    }
    const items: EvalItem[] = ex.map((e, i) => ({
      language: e.listing.language,
      expected: e.expected,
      predicted: Object.fromEntries(LABELS.map((l) => [l, probs[l][i] >= 0.5])) as Record<Label, boolean>,
    }));
    const r = evaluate(items);
    return { items: ex.length, logLossRaw, logLossCalibrated, auc: aucs, perLabel: r.perLabel, perLanguage: r.perLanguage };
  };
  const createdAt = opts.createdAt ?? new Date().toISOString();
  return {
    format: 'shelfwatch.text-model',
    formatVersion: 1,
    version: `text-model@${TEXT_MODEL_CODE_VERSION}+${opts.dataSha256.slice(0, 8)}`,
    createdAt,
    corpus: opts.corpus,
    features,
    labels: [...LABELS],
    models,
    calibration: calib,
    training: { ...training, split: { train: train.length, calibration: calibration.length, test: test.length }, weightsKept },
    metrics: {
      note: 'text model alone, calibrated, flagged at 0.5; test split never seen by training or calibration',
      calibration: calibration.length ? report(calibration, zCal) : null,
      test: test.length ? report(test, zTe) : null,
    },
  };
}

/** Probability that a random positive outscores a random negative (ties count half); null without both classes. */
export function auc(score: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const order = Array.from({ length: score.length }, (_, i) => i).sort((i, j) => score[i] - score[j]);
  let pos = 0;
  let rankSum = 0;
  for (let k = 0; k < order.length; ) {
    // Tied scores share their mean rank.
    let e = k;
    while (e + 1 < order.length && score[order[e + 1]] === score[order[k]]) e++;
    const rank = (k + e) / 2 + 1;
    for (let t = k; t <= e; t++) {
      if (y[order[t]]) {
        pos++;
        rankSum += rank;
      }
    }
    k = e + 1;
  }
  const neg = order.length - pos;
  if (!pos || !neg) return null;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

function r4(x: number): number {
  return Math.round(x * 10000) / 10000;
}
