import { describe, expect, it } from 'vitest';
import { listingSegments } from '../../../../classifiers/transformers/listing-segments.js';
import { listing } from './helpers.js';

describe('when a listing is split into segments', () => {
  it('keeps short fields whole, with the field name and offsets', () => {
    const l = listing();
    const segs = listingSegments({ listing: l });
    expect(segs[0]).toEqual({ field: 'title', text: l.title, start: 0, end: l.title.length });
    expect(segs.map((s) => s.field)).toEqual(['title', 'description', 'labelClaims[0]', 'labelClaims[1]', 'ingredients']);
  });

  it('splits a long description at sentence ends into windows whose offsets point into the field', () => {
    const description = Array.from({ length: 12 }, (_, i) => `Sentence number ${i} says something about tea.`).join(' ');
    const l = listing({ description });
    const segs = listingSegments({ listing: l }, { maxChars: 100 }).filter((s) => s.field === 'description');
    expect(segs.length).toBeGreaterThan(3);
    for (const s of segs) {
      expect(s.text.length).toBeLessThanOrEqual(100);
      expect(description.slice(s.start, s.end)).toBe(s.text);
    }
  });

  it('adds OCR text as images[i].ocr and caps the number of segments', () => {
    const ocr = [{ imageIndex: 2, text: 'Chữa khỏi tiểu đường', words: [], language: 'vie', engine: 't', engineVersion: '0', sha256: 'x' }];
    expect(listingSegments({ listing: listing(), ocr }).at(-1)).toMatchObject({ field: 'images[2].ocr', text: 'Chữa khỏi tiểu đường' });
    expect(listingSegments({ listing: listing(), ocr }, { maxSegments: 2 })).toHaveLength(2);
  });
});
