import { LABELS, type Label } from '../domain/labels.js';
import { scoreLogit, type StackingCombiner } from './ensemble.js';

/**
 * Fitting the ensemble on held-out data (the calibration split): a stacking
 * combiner per label and the flag threshold that maximises F1.
 */

export interface StackingSample {
  /** Each classifier's score for the label, by classifier name. */
  scores: Record<string, number>;
  y: boolean;
}

/**
 * Logistic regression of y on the classifiers' score logits, by Newton's method with
 * an L2 ridge (`ridge`, default 0.5: the calibration split is small and rule scores
 * are nearly separable, so unregularised weights would run off to infinity).
 */
export function fitStackingLabel(samples: StackingSample[], names: string[], ridge = 0.5): { bias: number; weights: Record<string, number>; fill: Record<string, number> } {
  const k = names.length + 1;
  const X = samples.map((s) => [1, ...names.map((n) => scoreLogit(s.scores[n] ?? 0))]);
  const y = samples.map((s) => (s.y ? 1 : 0));
  const beta = new Array<number>(k).fill(0);
  for (let iter = 0; iter < 50; iter++) {
    const g = new Array<number>(k).fill(0);
    const H = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    for (let i = 0; i < X.length; i++) {
      let z = 0;
      for (let a = 0; a < k; a++) z += beta[a] * X[i][a];
      const p = 1 / (1 + Math.exp(-z));
      const w = Math.max(p * (1 - p), 1e-9);
      for (let a = 0; a < k; a++) {
        g[a] += (p - y[i]) * X[i][a];
        for (let b = 0; b < k; b++) H[a][b] += w * X[i][a] * X[i][b];
      }
    }
    // The intercept is not penalised.
    for (let a = 1; a < k; a++) {
      g[a] += ridge * beta[a];
      H[a][a] += ridge;
    }
    H[0][0] += 1e-9;
    const step = solve(H, g);
    if (!step) break;
    let moved = 0;
    for (let a = 0; a < k; a++) {
      beta[a] -= step[a];
      moved = Math.max(moved, Math.abs(step[a]));
    }
    if (moved < 1e-8) break;
  }
  const weights: Record<string, number> = {};
  const fill: Record<string, number> = {};
  names.forEach((n, j) => {
    weights[n] = r6(beta[j + 1]);
    fill[n] = r6(X.reduce((s, row) => s + row[j + 1], 0) / Math.max(1, X.length));
  });
  return { bias: r6(beta[0]), weights, fill };
}

export function fitStacking(perLabel: Record<Label, StackingSample[]>, names: Record<Label, string[]>, ridge?: number): StackingCombiner {
  const labels: StackingCombiner['labels'] = {};
  for (const l of LABELS) labels[l] = fitStackingLabel(perLabel[l], names[l], ridge);
  return { method: 'stacking', labels };
}

/**
 * The flag threshold that maximises F1 on (score, y) pairs, placed halfway
 * between the lowest flagged score and the next score below it so small
 * score shifts do not flip decisions. Ties prefer the higher threshold.
 */
export function bestF1Threshold(scores: number[], y: boolean[]): { threshold: number; f1: number; precision: number; recall: number } {
  const order = scores.map((s, i) => i).sort((a, b) => scores[b] - scores[a]);
  const pos = y.filter(Boolean).length;
  let tp = 0;
  let fp = 0;
  let best = { threshold: 0.5, f1: -1, precision: 0, recall: 0 };
  for (let r = 0; r < order.length; r++) {
    if (y[order[r]]) tp++;
    else fp++;
    const s = scores[order[r]];
    // Only cut between distinct scores.
    if (r + 1 < order.length && scores[order[r + 1]] === s) continue;
    const precision = tp / (tp + fp);
    const recall = pos ? tp / pos : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    if (f1 > best.f1) {
      const next = r + 1 < order.length ? scores[order[r + 1]] : 0;
      best = { threshold: Math.round(((s + next) / 2) * 1000) / 1000, f1, precision, recall };
      // Rounding must not cross either score.
      if (best.threshold > s) best.threshold = s;
      if (best.threshold <= next) best.threshold = Math.min(s, next + 0.001);
    }
  }
  return best;
}

/** Solves A x = b (small dense system, Gaussian elimination with partial pivoting). */
function solve(A: number[][], b: number[]): number[] | undefined {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    if (Math.abs(M[p][c]) < 1e-15) return undefined;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}

function r6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
