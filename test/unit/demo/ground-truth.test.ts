import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { expectedSchema } from '../../../domain/labels.js';
import { parseListing } from '../../../domain/listing.js';
import { GROUND_TRUTH_BASE_URL, loadCatalog } from '../../../demo/catalog.js';
import { GROUND_TRUTH_FILE, groundTruthJsonl } from '../../../demo/ground-truth.js';
import { REPO_ROOT } from '../../../config.js';

const entries = loadCatalog();
const text = readFileSync(GROUND_TRUTH_FILE, 'utf8');
const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('when demo/ground-truth.jsonl is read', () => {
  it('has one line per catalogue entry, in catalogue order', () => {
    expect(lines).toHaveLength(entries.length);
    expect(lines.map((l) => l.id)).toEqual(entries.map((e) => `demo:${e.sku}`));
  });

  it('parses every line as a Listing once expected and notes are set aside', () => {
    for (const line of lines) {
      const { expected, notes, ...listing } = line;
      const parsed = parseListing(listing);
      expect(parsed.platform).toBe('demo');
      expect(parsed.url.startsWith(`${GROUND_TRUTH_BASE_URL}/products/`)).toBe(true);
      expect(expectedSchema.parse(expected)).toBeTruthy();
      expect(typeof notes).toBe('string');
    }
  });

  it('leaves out crawl-specific fields', () => {
    for (const line of lines) {
      expect(line).not.toHaveProperty('fetchedAt');
      expect(line).not.toHaveProperty('contentHash');
    }
  });

  it('carries the catalogue labels and notes', () => {
    entries.forEach((e, i) => {
      expect(lines[i].expected).toEqual(e.expected);
      expect(lines[i].notes).toBe(e.notes);
    });
  });

  it('is up to date with the catalogue (rerun demo/scripts/build-ground-truth.ts if not)', () => {
    expect(text).toBe(groundTruthJsonl(entries));
  });

  it('points every image at an existing file; each label image is a valid PNG', async () => {
    for (const line of lines) {
      const images = line.images as Array<{ url: string; path: string }>;
      expect(images.length).toBeGreaterThan(0);
      for (const img of images) {
        const file = path.join(REPO_ROOT, img.path);
        expect(existsSync(file), img.path).toBe(true);
        expect(img.url).toBe(`${GROUND_TRUTH_BASE_URL}/images/${path.basename(img.path)}`);
      }
      const meta = await sharp(path.join(REPO_ROOT, images[0].path)).metadata();
      expect(meta.format).toBe('png');
    }
  });
});
