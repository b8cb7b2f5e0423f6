import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { REPO_ROOT } from '../../config.js';
import { LANGUAGE_LABELS, labelSvg } from '../../test/fixtures/ocr/labels.js';

/**
 * The OCR benchmark's image set: the demo label PNGs when there are enough,
 * else labels rendered into a temp folder. Languages are interleaved
 * (en, vi, zh, ko, en, …) because a real queue mixes them.
 */

export interface BenchImage {
  file: string;
  /** Listing language: `en`, `vi`, `zh` or `ko`. */
  language: string;
  /** What the label says, when known: the benchmark reports a character error rate against it. */
  truth?: string;
}

const LANGUAGES = ['en', 'vi', 'zh', 'ko'] as const;
const DEMO_IMAGES = path.join(REPO_ROOT, 'demo/images');
const DEMO_CATALOG = path.join(REPO_ROOT, 'demo/catalog');

export async function benchImages(count: number): Promise<{ images: BenchImage[]; source: string }> {
  const demo = demoImages(count);
  if (demo) return { images: demo, source: 'demo/images' };
  return { images: await renderImages(count), source: 'rendered (fewer than 40 demo images)' };
}

function demoImages(count: number): BenchImage[] | undefined {
  if (!existsSync(DEMO_IMAGES)) return undefined;
  const files = readdirSync(DEMO_IMAGES).sort();
  const perLanguage = LANGUAGES.map((lang) => files.filter((f) => new RegExp(`^${lang}-\\d+\\.png$`).test(f)));
  const available = perLanguage.reduce((n, list) => n + list.length, 0);
  if (available < count) return undefined;
  const truth = demoTruth();
  const images: BenchImage[] = [];
  for (let i = 0; images.length < count; i++) {
    for (const [l, list] of perLanguage.entries()) {
      const file = list[i];
      if (!file || images.length >= count) continue;
      images.push({ file: path.join(DEMO_IMAGES, file), language: LANGUAGES[l]!, truth: truth.get(file.replace(/\.png$/, '')) });
    }
  }
  return images;
}

/** sku → label text, from the catalogue's `image` lines (the text the demo PNGs were rendered from). */
function demoTruth(): Map<string, string> {
  const truth = new Map<string, string>();
  for (const lang of LANGUAGES) {
    const file = path.join(DEMO_CATALOG, `${lang}.json`);
    if (!existsSync(file)) continue;
    const entries = JSON.parse(readFileSync(file, 'utf8')) as Array<{ sku?: string; image?: unknown }>;
    for (const e of entries) {
      if (e.sku && Array.isArray(e.image)) truth.set(e.sku, e.image.join('\n'));
    }
  }
  return truth;
}

async function renderImages(count: number): Promise<BenchImage[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shelfwatch-ocr-bench-'));
  const images: BenchImage[] = [];
  for (let i = 0; i < count; i++) {
    const base = LANGUAGE_LABELS[i % LANGUAGE_LABELS.length]!;
    // A lot number per image, so no two images are byte-identical.
    const label = { ...base, secondLine: `${base.secondLine} · ${1000 + i}` };
    const file = path.join(dir, `${base.language}-${String(i).padStart(3, '0')}.png`);
    writeFileSync(file, await sharp(Buffer.from(labelSvg(label, 800, 300))).png().toBuffer());
    images.push({ file, language: base.language, truth: `${label.keyPhrase}\n${label.secondLine}` });
  }
  return images;
}

/** Character error rate in %, ignoring whitespace (OCR spacing, Chinese spacing in particular, varies). */
export function characterErrorRate(pairs: Array<{ got: string; truth?: string }>): number | undefined {
  const known = pairs.filter((p) => p.truth !== undefined);
  if (!known.length) return undefined;
  let edits = 0;
  let length = 0;
  for (const { got, truth } of known) {
    const a = squash(got);
    const b = squash(truth!);
    edits += levenshtein(a, b);
    length += b.length;
  }
  return Math.round((1000 * edits) / Math.max(1, length)) / 10;
}

function squash(s: string): string[] {
  return [...s.normalize('NFC').replace(/\s+/g, '').toLowerCase()];
}

function levenshtein(a: string[], b: string[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
