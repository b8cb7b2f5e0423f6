import { describe, expect, it } from 'vitest';
import { FeatureExtractor, copySparse } from '../../../../classifiers/text-model/features.js';
import { parseListing, type ListingInput } from '../../../../domain/listing.js';

const fx = new FeatureExtractor();
const listing = (o: Partial<ListingInput>) => parseListing({ id: 't:1', platform: 't', url: 'https://t.example/p', title: 'Tea', fetchedAt: '2026-01-01T00:00:00Z', ...o });

describe('when a listing is turned into features', () => {
  it('gives the same sparse vector every time', () => {
    const l = listing({ description: 'Cures diabetes. 根治糖尿病', labelClaims: ['sugar-free'], ingredients: ['sugar'] });
    const a = copySparse(fx.extract({ listing: l }));
    const b = copySparse(fx.extract({ listing: l }));
    expect(a.idx.length).toBeGreaterThan(50);
    expect(Array.from(a.idx)).toEqual(Array.from(b.idx));
    expect(Array.from(a.val)).toEqual(Array.from(b.val));
    for (const i of a.idx) expect(i).toBeLessThan(fx.dims);
  });

  it('leaves reviews out: what customers write is not the seller\'s claim', () => {
    const base = listing({ description: 'A drink' });
    const withReview = listing({ description: 'A drink', reviews: [{ text: 'It cured my diabetes!', rating: 5 }] });
    expect(Array.from(copySparse(fx.extract({ listing: withReview })).idx)).toEqual(Array.from(copySparse(fx.extract({ listing: base })).idx));
  });

  it('reads OCR text when given', () => {
    const l = listing({});
    const ocr = [{ imageIndex: 0, text: 'CURES CANCER', words: [], language: 'eng', engine: 't', engineVersion: '1', sha256: 'x' }];
    expect(fx.extract({ listing: l, ocr }).n).toBeGreaterThan(fx.extract({ listing: l }).n);
  });

  it('maps each occurrence back to offsets in the field it came from', () => {
    const l = listing({ description: 'Trà thảo mộc chữa khỏi tiểu đường', labelClaims: ['无糖'] });
    const sources = fx.sources({ listing: l });
    const seen: string[] = [];
    fx.explain({ listing: l }, sources, (_idx, src, start, end, kind) => {
      if (src < 0) return;
      const span = sources[src].text.slice(start, end);
      if (kind === 'word') seen.push(`${sources[src].field}:${span}`);
      if (kind === 'char') expect(span.length).toBeGreaterThan(0);
    });
    expect(seen).toContain('description:chữa');
    expect(seen).toContain('description:tiểu đường');
  });
});
