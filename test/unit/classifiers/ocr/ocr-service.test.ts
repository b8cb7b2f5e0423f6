import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageText } from '../../../../domain/ocr.js';
import { MemoryOcrCache } from '../../../../classifiers/ocr/ocr-cache.js';
import { OcrService, type ReadImageResult } from '../../../../classifiers/ocr/ocr-service.js';
import { OCR_ENGINE_VERSION, TesseractPool } from '../../../../classifiers/ocr/tesseract-pool.js';
import { BAD_IMAGES, LANGUAGE_LABELS, ROTATED_LABEL, SMALL_LABEL, type FixtureLabel } from '../../../fixtures/ocr/labels.js';
import { CountingEngine, OCR_TIMEOUT_MS, editBudget, fixture, fuzzyDistance, testSettings } from './helpers.js';

const settings = testSettings();
/** The label layout (see labels.ts): the claim sits in the top band, 42 % of the height. */
const BAND = 0.42;

function textOf(result: ReadImageResult): ImageText {
  if (!result.ok) throw new Error(`expected text, got rejection ${result.rejection.code}: ${result.rejection.reason}`);
  return result.text;
}

/** Union box of the words that make up the phrase (each word's text appears in the phrase). */
function phraseBox(text: ImageText, phrase: string): [number, number, number, number] {
  const squashed = phrase.replace(/\s+/g, '').toLowerCase();
  const words = text.words.filter((w) => w.text.trim().length > 1 && squashed.includes(w.text.trim().toLowerCase()));
  expect(words.length).toBeGreaterThan(0);
  return [
    Math.min(...words.map((w) => w.bbox[0])),
    Math.min(...words.map((w) => w.bbox[1])),
    Math.max(...words.map((w) => w.bbox[2])),
    Math.max(...words.map((w) => w.bbox[3])),
  ];
}

function expectBoxesInside(text: ImageText, width: number, height: number): void {
  expect(text.words.length).toBeGreaterThan(0);
  for (const { bbox, confidence } of text.words) {
    const [x0, y0, x1, y1] = bbox;
    expect(0 <= x0 && x0 < x1 && x1 <= width && 0 <= y0 && y0 < y1 && y1 <= height, `box ${bbox} outside ${width}×${height}`).toBe(true);
    expect(confidence).toBeGreaterThanOrEqual(0);
    expect(confidence).toBeLessThanOrEqual(100);
  }
}

describe('when label images are read by OCR', () => {
  let pool: TesseractPool;
  let engine: CountingEngine;
  let service: OcrService;

  beforeAll(() => {
    pool = new TesseractPool({ poolSize: 2, pageSegMode: settings.tesseract.pageSegMode });
    engine = new CountingEngine(pool);
    service = new OcrService({ engine, settings });
  });
  afterAll(() => service.close());

  it.each(LANGUAGE_LABELS)(
    'reads the $language claim "$keyPhrase" with boxes inside the image',
    async (label: FixtureLabel) => {
      const bytes = fixture(label.file);
      const text = textOf(await service.readImage(bytes, { imageIndex: 3, language: label.language }));
      expect(fuzzyDistance(text.text, label.keyPhrase), text.text).toBeLessThanOrEqual(editBudget(label.keyPhrase));
      expect(text).toMatchObject({
        imageIndex: 3,
        language: settings.languages[label.language],
        engine: 'tesseract.js',
        engineVersion: OCR_ENGINE_VERSION,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      });
      expectBoxesInside(text, 1100, 640);
      expect(phraseBox(text, label.keyPhrase)[3]).toBeLessThanOrEqual(640 * BAND);
    },
    OCR_TIMEOUT_MS,
  );

  it(
    'maps the boxes of an upscaled thumbnail back to its own pixels',
    async () => {
      const text = textOf(await service.readImage(fixture(SMALL_LABEL.file), { imageIndex: 0, language: 'en' }));
      expect(fuzzyDistance(text.text, SMALL_LABEL.keyPhrase), text.text).toBeLessThanOrEqual(editBudget(SMALL_LABEL.keyPhrase));
      expectBoxesInside(text, 230, 100);
      // In the 2× prepared image the claim ends near y = 60; in the original it is inside the 42 px band.
      const [, , x1, y1] = phraseBox(text, SMALL_LABEL.keyPhrase);
      expect(y1).toBeLessThanOrEqual(100 * BAND);
      expect(x1).toBeLessThanOrEqual(230);
    },
    OCR_TIMEOUT_MS,
  );

  it(
    'reads a photo stored sideways with EXIF orientation, boxes in the upright frame',
    async () => {
      const text = textOf(await service.readImage(fixture(ROTATED_LABEL.file), { imageIndex: 1, language: 'en' }));
      expect(fuzzyDistance(text.text, ROTATED_LABEL.keyPhrase), text.text).toBeLessThanOrEqual(editBudget(ROTATED_LABEL.keyPhrase));
      // Stored as 640×1100; displayed (and boxed) as 1100×640.
      expectBoxesInside(text, 1100, 640);
      const [x0, y0, x1, y1] = phraseBox(text, ROTATED_LABEL.keyPhrase);
      expect(y1).toBeLessThanOrEqual(640 * BAND);
      expect(x1 - x0).toBeGreaterThan(y1 - y0);
    },
    OCR_TIMEOUT_MS,
  );

  it.each(BAD_IMAGES)('returns a $code rejection for $file without calling the engine', async ({ file, code }) => {
    const before = engine.calls;
    const result = await service.readImage(fixture(file), { imageIndex: 7, language: 'en' });
    expect(result).toMatchObject({ ok: false, rejection: { imageIndex: 7, code } });
    expect(engine.calls).toBe(before);
  });

  describe('when the same image comes again', () => {
    it(
      'answers from the cache without a second OCR, with the new image index',
      async () => {
        const fresh = new OcrService({ engine, settings, cache: new MemoryOcrCache() });
        const bytes = fixture(LANGUAGE_LABELS[0]!.file);
        const before = engine.calls;
        const first = await fresh.readImage(bytes, { imageIndex: 0, language: 'en' });
        const second = await fresh.readImage(Buffer.from(bytes), { imageIndex: 5, language: 'en-GB' });
        expect(engine.calls - before).toBe(1);
        expect(second).toMatchObject({ ok: true, cached: true, text: { imageIndex: 5, text: textOf(first).text } });
      },
      OCR_TIMEOUT_MS,
    );

    it(
      'reads it once when two listings ask at the same time',
      async () => {
        const fresh = new OcrService({ engine, settings, cache: new MemoryOcrCache() });
        const bytes = fixture(LANGUAGE_LABELS[1]!.file);
        const before = engine.calls;
        const [a, b] = await Promise.all([
          fresh.readImage(bytes, { imageIndex: 0, language: 'vi' }),
          fresh.readImage(bytes, { imageIndex: 1, language: 'vi' }),
        ]);
        expect(engine.calls - before).toBe(1);
        expect(textOf(a).text).toBe(textOf(b).text);
      },
      OCR_TIMEOUT_MS,
    );

    it(
      'reads it again for another language set',
      async () => {
        const cache = new MemoryOcrCache();
        const fresh = new OcrService({ engine, settings, cache });
        const bytes = fixture(LANGUAGE_LABELS[1]!.file);
        const before = engine.calls;
        await fresh.readImage(bytes, { imageIndex: 0, language: 'vi' });
        await fresh.readImage(bytes, { imageIndex: 0, language: 'en' });
        expect(engine.calls - before).toBe(2);
        expect(cache.size).toBe(2);
      },
      OCR_TIMEOUT_MS,
    );

    it(
      'reads it again when the cached result came from another engine version',
      async () => {
        const cache = new MemoryOcrCache();
        const bytes = fixture(LANGUAGE_LABELS[0]!.file);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        await cache.set({ sha256, language: 'eng', text: 'stale', words: [], engine: 'tesseract.js', engineVersion: 'tesseract.js@5.0.0+old' });
        const fresh = new OcrService({ engine, settings, cache });
        const before = engine.calls;
        const result = await fresh.readImage(bytes, { imageIndex: 0, language: 'en' });
        expect(engine.calls - before).toBe(1);
        expect(textOf(result).text).not.toBe('stale');
        expect((await cache.get(sha256, 'eng'))?.engineVersion).toBe(OCR_ENGINE_VERSION);
      },
      OCR_TIMEOUT_MS,
    );
  });

  it('throws the abort reason for an already aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(service.readImage(fixture(LANGUAGE_LABELS[0]!.file), { imageIndex: 0, language: 'en', signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});
