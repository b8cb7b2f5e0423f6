/**
 * Regenerates demo/images/<sku>.png from each catalogue entry's `image` lines,
 * plus the deliberately corrupt image. Run after editing the catalogue:
 *
 *   npx tsx demo/scripts/render-images.ts [sku ...]
 *
 * Needs DejaVu Sans and Noto Sans CJK (Debian: fonts-dejavu-core, fonts-noto-cjk);
 * without the CJK font the zh/ko labels would silently render as empty boxes,
 * so the script refuses to run.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { IMAGES_DIR, loadCatalog } from '../catalog.js';
import { renderLabelPng } from '../label-image.js';

export const CORRUPT_IMAGE = 'corrupt-label.png';
/** Not a PNG at all: crawlers and OCR must record the failure and carry on. */
const CORRUPT_BYTES = Buffer.from('This file is deliberately not a PNG image. Shelfwatch demo: exercises bad-image handling.\n');

function assertFonts(): void {
  const families = execFileSync('fc-list', [':', 'family'], { encoding: 'utf8' });
  for (const needed of ['DejaVu Sans', 'Noto Sans CJK SC', 'Noto Sans CJK KR']) {
    if (!families.includes(needed)) {
      throw new Error(`font "${needed}" is not installed; install fonts-dejavu-core and fonts-noto-cjk first`);
    }
  }
}

async function main(): Promise<void> {
  assertFonts();
  const only = new Set(process.argv.slice(2));
  const entries = loadCatalog().filter((e) => only.size === 0 || only.has(e.sku));
  mkdirSync(IMAGES_DIR, { recursive: true });

  let largest = 0;
  for (const e of entries) {
    const png = await renderLabelPng(e.image, e.language);
    writeFileSync(path.join(IMAGES_DIR, `${e.sku}.png`), png);
    largest = Math.max(largest, png.length);
  }
  writeFileSync(path.join(IMAGES_DIR, CORRUPT_IMAGE), CORRUPT_BYTES);

  if (only.size === 0) {
    // A full run also drops PNGs of skus that no longer exist, so the folder mirrors the catalogue.
    const keep = new Set([CORRUPT_IMAGE, ...entries.map((e) => `${e.sku}.png`)]);
    for (const f of readdirSync(IMAGES_DIR)) if (f.endsWith('.png') && !keep.has(f)) rmSync(path.join(IMAGES_DIR, f));
  }
  console.log(`rendered ${entries.length} label images into ${IMAGES_DIR} (largest ${(largest / 1024).toFixed(1)} KiB)`);
}

await main();
