import { describe, expect, it } from 'vitest';
import { htmlToText, parseCurrency, parsePrice } from '../../../crawlers/core/text.js';

describe('when reading prices from shop text', () => {
  it('understands thousands separators and decimal marks', () => {
    expect(parsePrice('1.250.000 ₫')).toBe(1250000);
    expect(parsePrice('$1,234.50')).toBe(1234.5);
    expect(parsePrice('€ 1.234,50')).toBe(1234.5);
    expect(parsePrice('19.99')).toBe(19.99);
    expect(parsePrice('120,000đ')).toBe(120000);
    expect(parsePrice('free')).toBeUndefined();
  });
  it('recognises currencies by code or symbol', () => {
    expect(parseCurrency('1.250.000 ₫')).toBe('VND');
    expect(parseCurrency('USD 5')).toBe('USD');
    expect(parseCurrency('5')).toBeUndefined();
  });
  it('turns HTML descriptions into text', () => {
    expect(htmlToText('<p>Cures <b>all</b>.</p><ul><li>one</li><li>two</li></ul>')).toBe('Cures all.\none\ntwo');
  });
});
