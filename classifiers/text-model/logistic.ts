/**
 * Binary logistic regression over sparse hashed features, trained with Adagrad
 * and L2 (one model per label). Deterministic: the only randomness is the
 * sample order, drawn from a seeded PRNG.
 */

export interface SparseRow {
  idx: Int32Array;
  val: Float32Array;
  /** Number of used entries (defaults to idx.length). */
  n?: number;
}

export interface LinearModel {
  bias: number;
  weights: Float32Array;
}

export interface TrainOptions {
  /** Passes over the data. Default 20. */
  epochs?: number;
  /** Adagrad base learning rate. Default 0.4 (the text-model trainer picks it per label: `selectLearningRate`). */
  learningRate?: number;
  /** L2 penalty per update on the features a sample touches. Default 1e-5. */
  l2?: number;
  /** Seed of the sample-order PRNG. Default 1. */
  seed?: number;
  /** Weight of a positive sample's gradient (class imbalance). Default 1. */
  positiveWeight?: number;
}

/** mulberry32: small, fast, good enough for shuffling; same seed → same sequence. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Raw score (logit) of a sparse row. */
export function margin(model: LinearModel, idx: Int32Array, val: Float32Array, n: number = idx.length): number {
  const w = model.weights;
  let z = model.bias;
  for (let k = 0; k < n; k++) z += w[idx[k]] * val[k];
  return z;
}

const EPS = 1e-7;
/** Mean negative log-likelihood. */
export function logLoss(p: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(1 - EPS, Math.max(EPS, p[i]));
    s -= y[i] ? Math.log(q) : Math.log(1 - q);
  }
  return p.length ? s / p.length : 0;
}

export function trainLogistic(rows: SparseRow[], y: ArrayLike<number>, dims: number, opts: TrainOptions = {}): LinearModel {
  const epochs = opts.epochs ?? 20;
  const lr = opts.learningRate ?? 0.4;
  const l2 = opts.l2 ?? 1e-5;
  const posW = opts.positiveWeight ?? 1;
  if (rows.length !== y.length) throw new RangeError(`rows (${rows.length}) and labels (${y.length}) differ in length`);
  const w = new Float32Array(dims);
  const g2 = new Float32Array(dims);
  let bias = 0;
  let biasG2 = 0;
  const order = Array.from(rows.keys());
  const rand = prng(opts.seed ?? 1);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const r of order) {
      const { idx, val } = rows[r];
      const n = rows[r].n ?? idx.length;
      let z = bias;
      for (let k = 0; k < n; k++) z += w[idx[k]] * val[k];
      const target = y[r] ? 1 : 0;
      const err = (sigmoid(z) - target) * (target ? posW : 1);
      for (let k = 0; k < n; k++) {
        const j = idx[k];
        const g = err * val[k] + l2 * w[j];
        g2[j] += g * g;
        w[j] -= (lr * g) / (Math.sqrt(g2[j]) + 1e-8);
      }
      biasG2 += err * err;
      bias -= (lr * err) / (Math.sqrt(biasG2) + 1e-8);
    }
  }
  return { bias, weights: w };
}

export interface LearningRateSearch {
  /** Candidate Adagrad base rates. Default DEFAULT_LEARNING_RATES. */
  grid?: readonly number[];
  /** Folds of the cross-validation (rows are dealt into folds in a seeded random order). Default 4. */
  folds?: number;
}

/**
 * Candidate rates for `selectLearningRate`. Adagrad's first update of a weight is ±rate whatever
 * the gradient, so one update moves a listing's logit by about rate × ‖x‖₁ (≈ 45 for the ~900
 * L2-normalised n-grams of a marketplace listing). On clean, separable data a large rate is best;
 * on the shipped corpus (hard negatives, few listings per phrasing) 0.4 memorised the training
 * split after one pass and the held-out logits came out 4–6× too confident.
 */
export const DEFAULT_LEARNING_RATES: readonly number[] = [0.4, 0.1, 0.03, 0.01];

/**
 * Picks the Adagrad learning rate with the lowest cross-validated log-loss on `rows` (the
 * training split only). The rate, with a fixed number of epochs, is what regularises this
 * model: too large and it memorises, too small and it underfits. Deterministic.
 */
export function selectLearningRate(
  rows: SparseRow[],
  y: ArrayLike<number>,
  dims: number,
  opts: Omit<TrainOptions, 'learningRate'> & LearningRateSearch = {},
): { learningRate: number; cvLogLoss: Record<string, number> } {
  const grid = opts.grid ?? DEFAULT_LEARNING_RATES;
  if (!grid.length) throw new RangeError('no learning rates to choose from');
  const folds = Math.min(opts.folds ?? 4, rows.length);
  const cvLogLoss: Record<string, number> = {};
  if (grid.length === 1 || folds < 2) return { learningRate: grid[0], cvLogLoss };
  // Folds from a seeded shuffle: by position alone, a corpus ordered in a cycle (en, vi, zh, ko, en, ...)
  // would put one language in each fold.
  const fold = new Int32Array(rows.length);
  const perm = Array.from(rows.keys());
  const rand = prng((opts.seed ?? 1) ^ 0x5f3759df);
  for (let i = perm.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  perm.forEach((r, k) => (fold[r] = k % folds));
  let best = grid[0];
  let bestLoss = Infinity;
  for (const rate of grid) {
    const p = new Float64Array(rows.length);
    for (let f = 0; f < folds; f++) {
      const fit: SparseRow[] = [];
      const fy: number[] = [];
      for (let i = 0; i < rows.length; i++) {
        if (fold[i] === f) continue;
        fit.push(rows[i]);
        fy.push(y[i]);
      }
      const m = trainLogistic(fit, fy, dims, { ...opts, learningRate: rate });
      for (let i = 0; i < rows.length; i++) if (fold[i] === f) p[i] = sigmoid(margin(m, rows[i].idx, rows[i].val, rows[i].n ?? rows[i].idx.length));
    }
    const loss = logLoss(p, y);
    cvLogLoss[String(rate)] = Math.round(loss * 10000) / 10000;
    if (loss < bestLoss) {
      bestLoss = loss;
      best = rate;
    }
  }
  return { learningRate: best, cvLogLoss };
}

/** A pruned, int16-quantised model: what the artifact stores. */
export interface QuantisedModel {
  bias: number;
  /** weight = q * scale */
  scale: number;
  idx: Uint32Array;
  q: Int16Array;
}

/**
 * Drops weights whose magnitude is below `prune` and quantises the rest to int16.
 * Training is followed by quantise → dequantise before calibration, so what is
 * calibrated and tested is exactly what is saved.
 */
export function quantise(model: LinearModel, prune = 1e-3): QuantisedModel {
  const w = model.weights;
  let max = 0;
  let count = 0;
  for (let j = 0; j < w.length; j++) {
    const a = Math.abs(w[j]);
    if (a >= prune) {
      count++;
      if (a > max) max = a;
    }
  }
  const scale = max > 0 ? max / 32767 : 1;
  const idx = new Uint32Array(count);
  const q = new Int16Array(count);
  let k = 0;
  for (let j = 0; j < w.length; j++) {
    if (Math.abs(w[j]) < prune) continue;
    const v = Math.round(w[j] / scale);
    if (v === 0) continue;
    idx[k] = j;
    q[k++] = v;
  }
  return { bias: model.bias, scale, idx: idx.slice(0, k), q: q.slice(0, k) };
}

export function dequantise(m: QuantisedModel, dims: number): LinearModel {
  const weights = new Float32Array(dims);
  for (let k = 0; k < m.idx.length; k++) {
    if (m.idx[k] >= dims) throw new RangeError(`weight index ${m.idx[k]} outside ${dims} dims`);
    weights[m.idx[k]] = m.q[k] * m.scale;
  }
  return { bias: m.bias, weights };
}

/** Compact JSON form: indices delta-encoded as varints, values as int16 little-endian, both base64. */
export interface EncodedModel {
  bias: number;
  scale: number;
  count: number;
  idx: string;
  q: string;
}

export function encodeModel(m: QuantisedModel): EncodedModel {
  const bytes: number[] = [];
  let prev = 0;
  for (let k = 0; k < m.idx.length; k++) {
    let d = m.idx[k] - prev;
    prev = m.idx[k];
    while (d >= 0x80) {
      bytes.push((d & 0x7f) | 0x80);
      d >>>= 7;
    }
    bytes.push(d);
  }
  const qBuf = Buffer.alloc(m.q.length * 2);
  for (let k = 0; k < m.q.length; k++) qBuf.writeInt16LE(m.q[k], k * 2);
  return { bias: m.bias, scale: m.scale, count: m.idx.length, idx: Buffer.from(bytes).toString('base64'), q: qBuf.toString('base64') };
}

export function decodeModel(e: EncodedModel): QuantisedModel {
  const ib = Buffer.from(e.idx, 'base64');
  const idx = new Uint32Array(e.count);
  let k = 0;
  let prev = 0;
  for (let p = 0; p < ib.length && k < e.count; ) {
    let d = 0;
    let shift = 0;
    let b: number;
    do {
      b = ib[p++];
      d += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    prev += d;
    idx[k++] = prev;
  }
  const qb = Buffer.from(e.q, 'base64');
  if (k !== e.count || qb.length !== e.count * 2) throw new RangeError(`encoded model holds ${k} indices and ${qb.length / 2} values, expected ${e.count}`);
  const q = new Int16Array(e.count);
  for (let i = 0; i < e.count; i++) q[i] = qb.readInt16LE(i * 2);
  return { bias: e.bias, scale: e.scale, idx, q };
}
