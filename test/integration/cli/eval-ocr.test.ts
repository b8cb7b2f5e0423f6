import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../demo/catalog.js';
import { ROOT, runCli } from '../../helpers/cli.js';

// The demo listings whose violation is printed only on the label photo: text-only eval cannot see it.
const imageOnly = loadCatalog().filter((e) => e.notes.includes('image-only'));
const ids = new Set(imageOnly.map((e) => `demo:${e.sku}`));
const dir = mkdtempSync(path.join(tmpdir(), 'eval-ocr-'));
const dataset = path.join(dir, 'image-only.jsonl');
writeFileSync(
  dataset,
  readFileSync(path.join(ROOT, 'demo', 'ground-truth.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l && ids.has(JSON.parse(l).id))
    .join('\n') + '\n',
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Report = { ocr: false | { images: number; rejected: number }; perLabel: Record<string, { tp: number; fn: number; support: number }> };
const truePositives = (r: Report) => Object.values(r.perLabel).reduce((n, m) => n + m.tp, 0);

describe('shelfwatch eval --ocr', () => {
  it('catches violations that exist only in the images, which text-only eval misses', async () => {
    expect(imageOnly.length).toBeGreaterThanOrEqual(6);
    const textOnly = await runCli(['eval', '-d', dataset, '--json']);
    expect(textOnly.code, textOnly.stderr).toBe(0);
    const withOcr = await runCli(['eval', '-d', dataset, '--json', '--ocr']);
    expect(withOcr.code, withOcr.stderr).toBe(0);
    const a = JSON.parse(textOnly.stdout) as Report;
    const b = JSON.parse(withOcr.stdout) as Report;
    expect(a.ocr).toBe(false);
    expect(b.ocr).toMatchObject({ images: expect.any(Number), rejected: 0 });
    expect((b.ocr as { images: number }).images).toBeGreaterThanOrEqual(imageOnly.length);
    // Most image-only violations are found once the label photos are read.
    const support = Object.values(b.perLabel).reduce((n, m) => n + m.support, 0);
    expect(truePositives(b)).toBeGreaterThan(truePositives(a));
    expect(truePositives(b) / support).toBeGreaterThanOrEqual(0.7);
  }, 180_000);
});
