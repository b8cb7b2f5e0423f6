import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageRejectedError } from '../../../../classifiers/ocr/errors.js';
import { chooseScale, preprocessImage, toOriginalBox } from '../../../../classifiers/ocr/preprocess.js';
import { BAD_IMAGES, LANGUAGE_LABELS, ROTATED_LABEL, SMALL_LABEL } from '../../../fixtures/ocr/labels.js';
import { fixture, testSettings } from './helpers.js';

const limits = testSettings().image;

async function rejectionOf(bytes: Buffer, override: Partial<typeof limits> = {}): Promise<ImageRejectedError> {
  const error = await preprocessImage(bytes, { ...limits, ...override }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImageRejectedError);
  return error as ImageRejectedError;
}

describe('when an image is bad', () => {
  it.each(BAD_IMAGES)('rejects $file with code $code and an actionable message', async ({ file, code }) => {
    const error = await rejectionOf(fixture(file));
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(20);
  });

  it('keeps sharp\'s error as the cause of a corrupt image', async () => {
    const error = await rejectionOf(fixture('truncated.png'));
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('rejects a decodable image whose pixel count is over the cap as a decompression bomb', async () => {
    const error = await rejectionOf(fixture(LANGUAGE_LABELS[0]!.file), { maxInputPixels: 100_000 });
    expect(error.code).toBe('DECOMPRESSION_BOMB');
  });

  it('rejects an accepted-by-sharp but unaccepted format (SVG) as not an image', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    const error = await rejectionOf(svg);
    expect(error.code).toBe('NOT_AN_IMAGE');
    expect(error.message).toMatch(/SVG/);
  });
});

describe('when a good image is prepared', () => {
  it('returns a grey PNG at the original size when no scaling is needed', async () => {
    const prepared = await preprocessImage(fixture(LANGUAGE_LABELS[0]!.file), limits);
    const meta = await sharp(prepared.png).metadata();
    expect(meta.format).toBe('png');
    expect(meta.channels).toBe(1);
    expect(prepared).toMatchObject({ scale: 1, width: 1100, height: 640, originalWidth: 1100, originalHeight: 640 });
  });

  it('doubles a thumbnail whose long side is under 500 px', async () => {
    const prepared = await preprocessImage(fixture(SMALL_LABEL.file), limits);
    expect(prepared.scale).toBe(2);
    expect([prepared.width, prepared.height]).toEqual([prepared.originalWidth * 2, prepared.originalHeight * 2]);
  });

  it('applies EXIF orientation, so the prepared image is upright and the original size is the displayed one', async () => {
    const raw = await sharp(fixture(ROTATED_LABEL.file)).metadata();
    expect(raw.orientation).toBe(6);
    const prepared = await preprocessImage(fixture(ROTATED_LABEL.file), limits);
    expect([prepared.originalWidth, prepared.originalHeight]).toEqual([raw.height, raw.width]);
    expect(prepared.width).toBeGreaterThan(prepared.height);
  });

  it('fills transparent pixels with white, so dark text on a transparent background stays visible', async () => {
    const transparent = await sharp({ create: { width: 700, height: 700, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer();
    const prepared = await preprocessImage(transparent, limits);
    const { data } = await sharp(prepared.png).raw().toBuffer({ resolveWithObject: true });
    expect(data.every((v) => v === 255)).toBe(true);
  });
});

describe('when the scale is chosen', () => {
  it('shrinks an image whose long side would pass maxSide', () => {
    expect(chooseScale(8000, 6000, limits)).toBeCloseTo(limits.maxSide / 8000);
  });

  it('enlarges a thumbnail only as far as maxSide allows', () => {
    expect(chooseScale(400, 300, { ...limits, upscaleFactor: 4, maxSide: 1000 })).toBeCloseTo(2.5);
  });

  it('leaves a wide label strip alone even though it is short', () => {
    expect(chooseScale(800, 220, limits)).toBe(1);
  });
});

describe('when a word box is mapped back', () => {
  const prepared = { width: 461, height: 201, originalWidth: 230, originalHeight: 100 };

  it('divides by each axis\'s own ratio', () => {
    expect(toOriginalBox([100, 50, 200, 100], prepared)).toEqual([49, 24, 100, 50]);
  });

  it('never leaves the original image', () => {
    expect(toOriginalBox([0, 0, 461, 201], prepared)).toEqual([0, 0, 230, 100]);
  });
});
