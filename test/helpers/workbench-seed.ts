import { mkdtempSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { loadConfig, type Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { ocrResults } from '../../db/schema/images.js';
import { parseListing, type Listing } from '../../domain/listing.js';
import { createPipelineContext } from '../../pipeline/context.js';
import { runCrawlPipeline } from '../../pipeline/inline-runner.js';
import { processListing } from '../../pipeline/process-listing.js';
import { classifyListing } from '../../pipeline/stages/classify.js';
import { storeListing } from '../../pipeline/stages/store.js';
import { triageListing } from '../../pipeline/stages/triage.js';
import { ensureDemoUsers } from '../../web/server.js';

export const XSS_TITLE_SCRIPT = '<script>window.__xss = 1; alert("xss")</script> Cure-all herbal tea cures cancer';
export const XSS_TITLE_IMG = '<img src=x onerror="window.__xss=2;alert(1)"> Miracle diabetes cure capsules';

/** Listings written to attack the workbench: markup in every free-text field. */
export function xssListings(baseUrl = 'https://evil.example'): Listing[] {
  const common = {
    platform: 'evilshop',
    language: 'en',
    category: 'supplement',
    price: 9.99,
    currency: 'USD',
    fetchedAt: new Date().toISOString(),
  };
  return [
    parseListing({
      ...common,
      id: 'evilshop:xss-1',
      url: `${baseUrl}/p/xss-1`,
      title: XSS_TITLE_SCRIPT,
      description: 'This tea cures cancer and treats diabetes. <svg onload=alert(3)></svg> "><script>alert(4)</script>',
      seller: { id: 'x1', name: '<b onmouseover=alert(5)>Evil Shop</b>', phone: '+1 555 0100 999' },
      labelClaims: ['cures cancer <iframe src=javascript:alert(6)>'],
      reviews: [{ author: '<script>alert(7)</script>', rating: 5, text: 'it cured my diabetes <img src=x onerror=alert(8)>' }],
    }),
    parseListing({
      ...common,
      id: 'evilshop:xss-2',
      url: 'javascript:alert(9)//'.length ? `${baseUrl}/p/xss-2` : '',
      title: XSS_TITLE_IMG,
      description: 'Prevents and cures diabetes in 7 days. {{constructor.constructor("alert(10)")()}}',
      seller: { id: 'x2', name: 'Evil Two' },
    }),
  ];
}

/** A label photo with one health claim, rendered locally (no network), and its OCR words. */
export async function writeLabelImage(dir: string): Promise<{ file: string; words: Array<{ text: string; confidence: number; bbox: [number, number, number, number] }> }> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="200"><rect width="600" height="200" fill="white"/>
<text x="20" y="80" font-size="40" font-family="sans-serif" fill="black">CURES CANCER</text>
<text x="20" y="150" font-size="30" font-family="sans-serif" fill="black">Net 100 g</text></svg>`;
  const file = path.join(dir, 'label-ocr.png');
  await writeFile(file, await sharp(Buffer.from(svg)).png().toBuffer());
  return {
    file,
    words: [
      { text: 'CURES', confidence: 91, bbox: [20, 48, 150, 88] },
      { text: 'CANCER', confidence: 90, bbox: [165, 48, 320, 88] },
      { text: 'Net', confidence: 88, bbox: [20, 124, 70, 154] },
      { text: '100', confidence: 87, bbox: [80, 124, 130, 154] },
      { text: 'g', confidence: 80, bbox: [140, 124, 160, 154] },
    ],
  };
}

export interface SeededWorkbench {
  config: Config;
  dataDir: string;
  demoCases: number;
  ocrListingId: string;
}

/**
 * Seeds a fresh database the way production fills it: the real pipeline
 * crawls the demo marketplace, plus hostile listings and one listing whose
 * image has OCR words (OCR rows are written directly until the OCR stage
 * stores them itself).
 */
export async function seedWorkbench(database: Database): Promise<SeededWorkbench> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sw-e2e-'));
  const config = loadConfig({ dataDir, ocr: false }, {});
  const ctx = await createPipelineContext(config, { database });
  const { startDemoMarketplace } = await import('../../demo/server.js');
  const shop = await startDemoMarketplace({ port: 0 });
  let demoCases = 0;
  try {
    const summary = await runCrawlPipeline(ctx, { platform: 'demo', startUrls: [`${shop.url}/category/all`] });
    demoCases = summary.cases.opened;
  } finally {
    await shop.close();
  }
  for (const l of xssListings()) await processListing(ctx, l);
  const img = await writeLabelImage(dataDir);
  const ocrListing = parseListing({
    id: 'ocrshop:label-1',
    platform: 'ocrshop',
    url: 'https://ocr.example/p/label-1',
    title: 'Herbal drink — label photo',
    description: 'Traditional herbal drink. This drink cures cancer naturally.',
    language: 'en',
    category: 'drink',
    seller: { id: 'o1', name: 'Label Shop' },
    images: [{ path: img.file, sha256: 'e2e-label-sha' }],
    fetchedAt: new Date().toISOString(),
  });
  // The pipeline's stages with the OCR text handed to the classifiers, as the OCR stage does.
  const ocrText = { imageIndex: 0, text: 'CURES CANCER\nNet 100 g', words: img.words, language: 'eng', engine: 'test', engineVersion: '0', sha256: 'e2e-label-sha' };
  await storeListing(ctx, ocrListing);
  await triageListing(ctx, ocrListing, await classifyListing(ctx, ocrListing, [ocrText]));
  await database.db
    .insert(ocrResults)
    .values({ sha256: ocrText.sha256, language: ocrText.language, text: ocrText.text, words: img.words, engine: ocrText.engine, engineVersion: ocrText.engineVersion })
    .onConflictDoNothing();
  await ensureDemoUsers(database);
  return { config, dataDir, demoCases, ocrListingId: ocrListing.id };
}
