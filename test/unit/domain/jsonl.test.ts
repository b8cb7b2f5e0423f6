import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readListings, type LineError } from '../../../domain/jsonl.js';

const good = (id: string) => JSON.stringify({ id, platform: 'p', url: `https://p.example/${id}`, title: `t ${id}` });

async function collect(text: string, labeled = false) {
  const errors: LineError[] = [];
  const out = [];
  for await (const l of readListings(Readable.from([text]), { labeled, onError: (e) => errors.push(e) })) out.push(l);
  return { out, errors };
}

describe('when a JSON Lines file has bad lines', () => {
  it('reports each with its line number and keeps the rest', async () => {
    const text = [good('a'), '{not json', '', '[1,2]', JSON.stringify({ id: 'x' }), good('b')].join('\n');
    const { out, errors } = await collect(text);
    expect(out.map((l) => l.listing.id)).toEqual(['a', 'b']);
    expect(out.map((l) => l.line)).toEqual([1, 6]);
    expect(errors.map((e) => e.line)).toEqual([2, 4, 5]);
    expect(errors[0].message).toMatch(/not valid JSON/);
    expect(errors[2].message).toMatch(/url/);
  });
});

describe('when a labeled dataset is read', () => {
  it('requires an expected object with the three labels', async () => {
    const ok = JSON.stringify({ ...JSON.parse(good('a')), expected: { false_health_claim: true, missing_certificate: false, mislabeled_food: false }, notes: 'why' });
    const bad = JSON.stringify({ ...JSON.parse(good('b')), expected: { false_health_claim: true } });
    const { out, errors } = await collect([ok, bad].join('\n'), true);
    expect(out).toHaveLength(1);
    expect(out[0].expected?.false_health_claim).toBe(true);
    expect(errors).toEqual([{ line: 2, message: expect.stringMatching(/expected/) }]);
  });
});
