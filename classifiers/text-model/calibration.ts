import { sigmoid } from './logistic.js';

/**
 * Maps a raw model logit to a calibrated probability. Fitted on the held-out
 * calibration split (never on training data, never on the test split).
 */
export type Calibrator =
  | { method: 'platt'; a: number; b: number }
  | { method: 'isotonic'; x: number[]; y: number[] }
  | { method: 'none' };

export function applyCalibration(c: Calibrator, z: number): number {
  switch (c.method) {
    case 'platt':
      return sigmoid(c.a * z + c.b);
    case 'isotonic':
      return interpolate(c.x, c.y, z);
    default:
      return sigmoid(z);
  }
}

/**
 * Platt scaling: p = sigmoid(a·z + b), fitted by Newton's method on the
 * regularised targets of Platt (1999) so a perfectly separated calibration
 * set does not push a to infinity.
 */
export function fitPlatt(z: ArrayLike<number>, y: ArrayLike<number>): { method: 'platt'; a: number; b: number } {
  const n = z.length;
  let pos = 0;
  for (let i = 0; i < n; i++) if (y[i]) pos++;
  const neg = n - pos;
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (neg + 2);
  const target = (i: number) => (y[i] ? hi : lo);
  const loss = (a: number, b: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const v = a * z[i] + b;
      // log(1 + e^v) - t·v, written to stay finite for large |v|.
      s += (v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v))) - target(i) * v;
    }
    return s;
  };
  let a = 0;
  let b = Math.log(hi * pos + lo * neg + 1e-12) - Math.log(n - (hi * pos + lo * neg) + 1e-12);
  let current = loss(a, b);
  for (let iter = 0; iter < 100; iter++) {
    // Gradient and Hessian of the log-loss with respect to (a, b), plus a tiny ridge for stability.
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    for (let i = 0; i < n; i++) {
      const p = sigmoid(a * z[i] + b);
      const d = p - target(i);
      const w = Math.max(p * (1 - p), 1e-12);
      ga += d * z[i];
      gb += d;
      haa += w * z[i] * z[i];
      hab += w * z[i];
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (!(Math.abs(det) > 1e-18)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    // Backtracking line search: Newton overshoots when the start is far off.
    let step = 1;
    let next = loss(a - da, b - db);
    while (next > current && step > 1e-6) {
      step /= 2;
      next = loss(a - step * da, b - step * db);
    }
    if (next > current) break;
    a -= step * da;
    b -= step * db;
    const gain = current - next;
    current = next;
    if (gain < 1e-10) break;
  }
  return { method: 'platt', a, b };
}

/**
 * Isotonic regression (pool adjacent violators) of y on z. The fitted step
 * function is stored as knots and interpolated linearly between them; it is
 * clamped to [0.001, 0.999] so a score is never a certainty.
 */
export function fitIsotonic(z: ArrayLike<number>, y: ArrayLike<number>): { method: 'isotonic'; x: number[]; y: number[] } {
  const order = Array.from({ length: z.length }, (_, i) => i).sort((i, j) => z[i] - z[j]);
  const blocks: Array<{ sum: number; w: number; lo: number; hi: number }> = [];
  for (const i of order) {
    blocks.push({ sum: y[i] ? 1 : 0, w: 1, lo: z[i], hi: z[i] });
    while (blocks.length > 1 && blocks[blocks.length - 2].sum / blocks[blocks.length - 2].w >= blocks[blocks.length - 1].sum / blocks[blocks.length - 1].w) {
      const b2 = blocks.pop()!;
      const b1 = blocks[blocks.length - 1];
      b1.sum += b2.sum;
      b1.w += b2.w;
      b1.hi = b2.hi;
    }
  }
  const xs: number[] = [];
  const ys: number[] = [];
  for (const b of blocks) {
    const v = Math.min(0.999, Math.max(0.001, b.sum / b.w));
    xs.push((b.lo + b.hi) / 2);
    ys.push(v);
  }
  return { method: 'isotonic', x: xs, y: ys };
}

function interpolate(xs: number[], ys: number[], z: number): number {
  if (!xs.length) return sigmoid(z);
  if (z <= xs[0]) return ys[0];
  if (z >= xs[xs.length - 1]) return ys[ys.length - 1];
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= z) lo = mid;
    else hi = mid;
  }
  const t = (z - xs[lo]) / (xs[hi] - xs[lo] || 1);
  return ys[lo] + t * (ys[hi] - ys[lo]);
}
