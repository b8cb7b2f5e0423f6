import { describe, expect, it } from 'vitest';
import { applyCalibration, fitIsotonic, fitPlatt } from '../../../../classifiers/text-model/calibration.js';
import { logLoss, prng, sigmoid } from '../../../../classifiers/text-model/logistic.js';

/** Overconfident raw logits: the true probability is sigmoid(z / 4). */
function sample(n: number, seed: number) {
  const r = prng(seed);
  const z: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const zi = (r() - 0.5) * 24;
    z.push(zi);
    y.push(r() < sigmoid(zi / 4) ? 1 : 0);
  }
  return { z, y };
}

describe('when raw scores are calibrated', () => {
  const fit = sample(600, 1);
  const held = sample(600, 2);

  it.each([
    ['platt', fitPlatt(fit.z, fit.y)],
    ['isotonic', fitIsotonic(fit.z, fit.y)],
  ] as const)('%s maps scores monotonically into [0,1]', (_name, c) => {
    let prev = -1;
    for (let z = -20; z <= 20; z += 0.25) {
      const p = applyCalibration(c, z);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
      expect(p).toBeGreaterThanOrEqual(prev - 1e-12);
      prev = p;
    }
  });

  it.each([
    ['platt', fitPlatt(fit.z, fit.y)],
    ['isotonic', fitIsotonic(fit.z, fit.y)],
  ] as const)('%s improves log-loss on held-out data', (_name, c) => {
    const raw = logLoss(held.z.map(sigmoid), held.y);
    const cal = logLoss(held.z.map((z) => applyCalibration(c, z)), held.y);
    expect(cal).toBeLessThan(raw * 0.8);
  });

  it('recovers the slope of an overconfident model', () => {
    const c = fitPlatt(fit.z, fit.y);
    expect(c.a).toBeGreaterThan(0.15);
    expect(c.a).toBeLessThan(0.4);
  });
});
