import { describe, expect, it } from 'vitest';
import { createPullProgressPrinter, formatBytes, renderBar } from '../../../../classifiers/transformers/progress-bar.js';

describe('when a progress bar is rendered', () => {
  it('fills in proportion and clamps out-of-range fractions', () => {
    expect(renderBar(0, 10)).toBe('[----------]   0%');
    expect(renderBar(0.5, 10)).toBe('[#####-----]  50%');
    expect(renderBar(1, 10)).toBe('[##########] 100%');
    expect(renderBar(7, 10)).toBe('[##########] 100%');
    expect(renderBar(Number.NaN, 10)).toBe('[----------]   0%');
  });

  it('formats byte counts for people', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(118 * 1024 * 1024)).toBe('118 MB');
  });
});

describe('when pull events are printed to a log that is not a terminal', () => {
  it('prints the model, a line per quarter and where it was saved', () => {
    let out = '';
    const print = createPullProgressPrinter({ write: (s: string) => (out += s), isTTY: false });
    print({ type: 'model-start', modelId: 'a/b', index: 0, count: 2, approxBytes: 2048 });
    for (const f of [0, 0.1, 0.3, 0.5, 0.6, 0.8, 1]) print({ type: 'model-progress', modelId: 'a/b', loaded: f * 100, total: 100, fraction: f });
    print({ type: 'model-done', modelId: 'a/b', dir: '/cache/a/b/rev' });
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('[1/2] a/b (about 2.0 KB)');
    expect(lines.filter((l) => l.includes('%'))).toHaveLength(5);
    expect(lines.at(-1)).toBe('  saved to /cache/a/b/rev');
    expect(out).not.toContain('\r');
  });
});

describe('when pull events are printed to a terminal', () => {
  it('redraws one line in place, at most every 100 ms, and always at 100%', () => {
    let out = '';
    let t = 0;
    const print = createPullProgressPrinter({ write: (s: string) => (out += s), isTTY: true }, () => t);
    print({ type: 'model-start', modelId: 'a/b', index: 0, count: 1 });
    t = 200;
    print({ type: 'model-progress', modelId: 'a/b', loaded: 10, total: 100, fraction: 0.1 });
    t = 250;
    print({ type: 'model-progress', modelId: 'a/b', loaded: 20, total: 100, fraction: 0.2 });
    print({ type: 'model-progress', modelId: 'a/b', loaded: 100, total: 100, fraction: 1 });
    print({ type: 'model-done', modelId: 'a/b', dir: '/d' });
    expect(out.split('\r')).toHaveLength(3);
    expect(out).toContain('100%');
    expect(out).not.toContain(' 20%');
  });
});
