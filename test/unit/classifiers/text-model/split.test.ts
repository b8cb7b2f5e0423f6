import { describe, expect, it } from 'vitest';
import { partition, splitOf } from '../../../../classifiers/text-model/split.js';

describe('when a corpus is split by id', () => {
  const ids = Array.from({ length: 4000 }, (_, i) => `shop:${i}`);

  it('puts each id in the same split every time', () => {
    expect(ids.map(splitOf)).toEqual(ids.map(splitOf));
    expect(splitOf('demo:en-001')).toBe(splitOf('demo:en-001'));
  });

  it('gives disjoint splits of about 70/15/15 that cover everything', () => {
    const p = partition(ids, (x) => x);
    const all = [...p.train, ...p.calibration, ...p.test];
    expect(new Set(all).size).toBe(ids.length);
    expect(all.length).toBe(ids.length);
    expect(p.train.filter((x) => p.test.includes(x))).toEqual([]);
    expect(p.train.length / ids.length).toBeCloseTo(0.7, 1);
    expect(p.calibration.length / ids.length).toBeCloseTo(0.15, 1);
    expect(p.test.length / ids.length).toBeCloseTo(0.15, 1);
  });
});
