import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseListing } from '../../../domain/listing.js';
import { LABELS, expectedSchema } from '../../../domain/labels.js';
import { CORPUS_LANGS, generateCorpus, type CorpusRow } from '../../../tools/corpus/generate-corpus.js';

const FILE = join(process.cwd(), 'models', 'corpus', 'listings.v1.jsonl');
const lines = readFileSync(FILE, 'utf8').split('\n').filter(Boolean);
const rows = lines.map((l) => JSON.parse(l) as CorpusRow);
const NONFOOD_KINDS = new Set(['cosmetic', 'kitchenware', 'electronics', 'clothing', 'toys']);
const kindOf = (row: CorpusRow) => row.notes.split(';')[0].trim();

describe('when the committed corpus file is read', () => {
  it('parses every line as a Listing once expected and notes are removed', () => {
    expect(lines.length).toBeGreaterThanOrEqual(1600);
    for (const row of rows) {
      const { expected: _e, notes: _n, ...listing } = row;
      expect(() => parseListing(listing, () => new Date(0)), row.id).not.toThrow();
    }
  });

  it('gives every row a complete expected object and notes', () => {
    for (const row of rows) {
      expect(expectedSchema.safeParse(row.expected).success, row.id).toBe(true);
      expect(typeof row.notes).toBe('string');
    }
  });

  it('has unique ids', () => {
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  });

  it('has at least 400 rows and 60 positives and 60 negatives per label in every language', () => {
    for (const lang of CORPUS_LANGS) {
      const mine = rows.filter((r) => r.language === lang);
      expect(mine.length, lang).toBeGreaterThanOrEqual(400);
      for (const label of LABELS) {
        const pos = mine.filter((r) => r.expected[label]).length;
        expect(pos, `${lang} ${label} positives`).toBeGreaterThanOrEqual(60);
        expect(mine.length - pos, `${lang} ${label} negatives`).toBeGreaterThanOrEqual(60);
      }
    }
  });

  it('never marks a non-food row (cosmetics included) missing_certificate', () => {
    const nonfood = rows.filter((r) => NONFOOD_KINDS.has(kindOf(r)));
    expect(nonfood.length).toBeGreaterThan(100);
    for (const row of nonfood) expect(row.expected.missing_certificate, row.id).toBe(false);
  });

  it('never marks a non-food row mislabeled_food', () => {
    for (const row of rows.filter((r) => NONFOOD_KINDS.has(kindOf(r)) && kindOf(r) !== 'cosmetic')) {
      expect(row.expected.mislabeled_food, row.id).toBe(false);
      expect(row.expected.false_health_claim, row.id).toBe(false);
    }
  });

  it('keeps rows with an identical description under 5% per language', () => {
    for (const lang of CORPUS_LANGS) {
      const mine = rows.filter((r) => r.language === lang);
      const count = new Map<string, number>();
      for (const r of mine) count.set(r.description ?? '', (count.get(r.description ?? '') ?? 0) + 1);
      const shared = mine.filter((r) => (count.get(r.description ?? '') ?? 0) > 1).length;
      expect(shared / mine.length, lang).toBeLessThan(0.05);
    }
  });
});

describe('when the generator runs twice with the same seed', () => {
  it('produces identical bytes, equal to the committed file for the default seed', () => {
    const a = generateCorpus();
    const b = generateCorpus();
    expect(a.jsonl).toBe(b.jsonl);
    expect(a.jsonl).toBe(readFileSync(FILE, 'utf8'));
  });

  it('produces a different corpus for a different seed', () => {
    const a = generateCorpus(7, { perLang: 20 });
    const b = generateCorpus(8, { perLang: 20 });
    expect(a.jsonl).not.toBe(b.jsonl);
    expect(generateCorpus(7, { perLang: 20 }).jsonl).toBe(a.jsonl);
  });
});
