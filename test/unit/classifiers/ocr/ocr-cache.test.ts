import { describe, expect, it } from 'vitest';
import { MemoryOcrCache, type CachedOcr } from '../../../../classifiers/ocr/ocr-cache.js';
import { tidyOcrText } from '../../../../classifiers/ocr/tidy-text.js';

const entry = (sha256: string, language = 'eng'): CachedOcr => ({
  sha256,
  language,
  text: `text of ${sha256}`,
  words: [],
  engine: 'test',
  engineVersion: '1',
});

describe('when results are cached in memory', () => {
  it('keys by content hash and language set', async () => {
    const cache = new MemoryOcrCache();
    await cache.set(entry('a', 'eng'));
    expect(await cache.get('a', 'eng')).toMatchObject({ text: 'text of a' });
    expect(await cache.get('a', 'vie+eng')).toBeUndefined();
  });

  it('drops the least recently used entry past its size', async () => {
    const cache = new MemoryOcrCache(2);
    await cache.set(entry('a'));
    await cache.set(entry('b'));
    await cache.get('a', 'eng'); // a is now the most recent
    await cache.set(entry('c'));
    expect(await cache.get('b', 'eng')).toBeUndefined();
    expect(await cache.get('a', 'eng')).toBeDefined();
    expect(cache.size).toBe(2);
  });

  it('refuses a size below one', () => {
    expect(() => new MemoryOcrCache(0)).toThrow(RangeError);
  });
});

describe('when OCR text is tidied', () => {
  it('removes the spaces tesseract puts between Chinese characters', () => {
    expect(tidyOcrText('根治 高 血压\n每 盒 六 十 粒')).toBe('根治高血压\n每盒六十粒');
  });

  it('keeps the spaces between Korean and Latin words', () => {
    expect(tidyOcrText('당뇨병 치료\nCures  diabetes  \n\n')).toBe('당뇨병 치료\nCures  diabetes');
  });
});
