import { describe, expect, it } from 'vitest';
import { fold } from '../../../../classifiers/text/fold.js';

describe('when text is folded', () => {
  it('drops case and diacritics and keeps the length', () => {
    expect(fold('Chữa KHỎI Tiểu Đường')).toBe('chua khoi tieu duong');
    expect(fold('Ｆ１ Ｐｒｏ')).toBe('f1 pro');
    expect(fold('ABC def')).toBe('abc def');
  });

  it('applies NFC first, so decomposed accents fold like composed ones', () => {
    expect(fold('cu\u0301re')).toBe('cure');
    // Kelvin sign: NFC turns it into ASCII K.
    expect(fold('\u212a')).toBe('k');
  });

  it('leaves CJK, emoji and lone surrogates as they are', () => {
    expect(fold('糖尿病 당뇨')).toBe('糖尿病 당뇨');
    expect(fold('a\ud800b\udc00😀C')).toBe('a\ud800b\udc00😀c');
  });

  it('folds long texts whole', () => {
    const long = 'Đường '.repeat(5000) + 'É';
    const f = fold(long);
    expect(f.length).toBe(long.length);
    expect(f).toBe('duong '.repeat(5000) + 'e');
  });
});
