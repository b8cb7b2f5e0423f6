import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { IMAGES_DIR, loadCatalog } from '../../../demo/catalog.js';
import { escapeXml, fontFamilyFor, labelSvg, LABEL_WIDTH, wrapLine } from '../../../demo/label-image.js';

const entries = loadCatalog();

describe('when label SVGs are built', () => {
  it('escapes markup in label text', () => {
    const svg = labelSvg(['<script>alert(1)</script> & "x"', "<img src=x onerror='y'>"], 'vi');
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;');
    expect(escapeXml(`'`)).toBe('&apos;');
  });

  it('names a CJK font for Chinese and Korean and DejaVu Sans for Latin scripts', () => {
    expect(fontFamilyFor('zh')).toContain('Noto Sans CJK SC');
    expect(fontFamilyFor('ko')).toContain('Noto Sans CJK KR');
    expect(fontFamilyFor('vi')).toContain('DejaVu Sans');
    expect(labelSvg(['标题'], 'zh')).toContain('Noto Sans CJK SC');
  });

  it('wraps long lines on spaces and splits unspaced Chinese text', () => {
    const latin = wrapLine('word '.repeat(60).trim(), 27, 728);
    expect(latin.length).toBeGreaterThan(1);
    for (const l of latin) expect(l).not.toMatch(/^\s|\s$/);
    expect(latin.join(' ')).toBe('word '.repeat(60).trim());
    const han = wrapLine('配'.repeat(60), 27, 728);
    expect(han.length).toBeGreaterThan(1);
    expect(han.join('')).toBe('配'.repeat(60));
  });
});

describe('when the committed label PNGs are read', () => {
  it('has one valid, small, 800 px wide PNG per listing', async () => {
    for (const e of entries) {
      const file = path.join(IMAGES_DIR, `${e.sku}.png`);
      const meta = await sharp(file).metadata();
      expect(meta.format, e.sku).toBe('png');
      expect(meta.width, e.sku).toBe(LABEL_WIDTH);
      expect(meta.height, e.sku).toBeGreaterThan(100);
      // Committed binaries: keep the folder light.
      expect(statSync(file).size, e.sku).toBeLessThan(60 * 1024);
    }
  });

  it('draws dark text on a white label (not an empty canvas)', async () => {
    const { data, info } = await sharp(path.join(IMAGES_DIR, 'zh-020.png')).greyscale().raw().toBuffer({ resolveWithObject: true });
    let dark = 0;
    for (const v of data) if (v < 96) dark++;
    const ratio = dark / (info.width * info.height);
    expect(ratio).toBeGreaterThan(0.02);
    expect(ratio).toBeLessThan(0.5);
  });

  it('keeps corrupt-label.png unreadable as an image', async () => {
    const bytes = readFileSync(path.join(IMAGES_DIR, 'corrupt-label.png'));
    expect(bytes.length).toBeGreaterThan(0);
    await expect(sharp(bytes).metadata()).rejects.toThrow();
  });
});
