import { describe, expect, it } from 'vitest';
import { computeContentHash, parseListing, ListingValidationError, safeParseListing } from '../../../domain/listing.js';
import { detectLanguage } from '../../../domain/language.js';

const base = { id: 'shop:1', platform: 'shop', url: 'https://shop.example/p/1', title: 'Green tea 100 g' };

describe('when a listing is valid', () => {
  it('fills defaults, detects the language and hashes the content', () => {
    const l = parseListing({ ...base, description: 'Loose leaf tea' });
    expect(l.language).toBe('en');
    expect(l.certificates).toEqual([]);
    expect(l.reviews).toEqual([]);
    expect(l.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(new Date(l.fetchedAt).getTime()).not.toBeNaN();
  });

  it('keeps a stated language', () => {
    expect(parseListing({ ...base, language: 'vi' }).language).toBe('vi');
  });

  it('gives the same hash for the same content fetched at another time', () => {
    const a = parseListing({ ...base, fetchedAt: '2026-01-01T00:00:00Z' });
    const b = parseListing({ ...base, fetchedAt: '2026-06-01T00:00:00Z' });
    expect(a.contentHash).toBe(b.contentHash);
  });

  it('changes the hash when the content changes, whatever the key order', () => {
    const a = parseListing({ ...base, attributes: { origin: 'VN', brand: 'X' } });
    const b = parseListing({ ...base, attributes: { brand: 'X', origin: 'VN' } });
    const c = parseListing({ ...base, title: 'Green tea 200 g' });
    expect(a.contentHash).toBe(b.contentHash);
    expect(c.contentHash).not.toBe(a.contentHash);
    expect(computeContentHash(a)).toBe(a.contentHash);
  });
});

describe('when a listing is invalid', () => {
  it('names each bad field', () => {
    const r = safeParseListing({ id: '', platform: 'shop', url: 'not a url', title: 'x', price: -1 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toBeInstanceOf(ListingValidationError);
      expect(r.error.code).toBe('LISTING_INVALID');
      expect(r.error.message).toMatch(/id/);
      expect(r.error.message).toMatch(/url/);
      expect(r.error.message).toMatch(/price/);
    }
  });

  it('refuses unknown fields so typos do not pass silently', () => {
    expect(() => parseListing({ ...base, titel: 'x' })).toThrow(/titel|Unrecognized/);
  });

  it('refuses an image with neither url nor path', () => {
    expect(() => parseListing({ ...base, images: [{ alt: 'x' }] })).toThrow(/url or a path/);
  });
});

describe('when the language is detected', () => {
  it.each([
    ['Trà giảm cân thảo mộc chữa khỏi tiểu đường', 'vi'],
    ['降压茶 根治高血压', 'zh'],
    ['홍삼 당뇨병 치료', 'ko'],
    ['Herbal tea that cures diabetes', 'en'],
    ['chua khoi tieu duong', 'en'],
  ])('reads %s as %s', (text, lang) => {
    expect(detectLanguage(text)).toBe(lang);
  });
});
