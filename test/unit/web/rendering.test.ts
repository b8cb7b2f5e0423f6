import { describe, expect, it } from 'vitest';
import { normalizePhone, normalizeRegistration, normalizeShopName, sellerIdentifiers } from '../../../db/repositories/blacklist.repository.js';
import type { Evidence } from '../../../domain/labels.js';
import { diffListings, wordDiff } from '../../../web/diff.js';
import { highlight, rangesFor } from '../../../web/highlight.js';
import { externalLink, html, jsonBlock, safeHref } from '../../../web/html.js';
import { prCurve, previewThreshold, scoreHistogram } from '../../../web/threshold-math.js';
import { parseListing } from '../../../domain/listing.js';

const ev = (span: string, start?: number, end?: number, label: Evidence['label'] = 'false_health_claim'): Evidence => ({
  label,
  field: 'title',
  span,
  start,
  end,
  classifier: 'rules',
  version: '1',
  score: 0.9,
});

describe('when HTML is built from untrusted text', () => {
  it('escapes every interpolation and never links non-http URLs', () => {
    expect(html`<p title="${'"><script>'}">${'<img src=x onerror=alert(1)>'}</p>`.value).toBe('<p title="&quot;&gt;&lt;script&gt;">&lt;img src=x onerror=alert(1)&gt;</p>');
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(externalLink('javascript:alert(1)').value).not.toContain('href');
    expect(jsonBlock('d', { t: '</script><script>alert(1)</script>' }).value).not.toContain('</script><script>');
  });
});

describe('when evidence spans are highlighted', () => {
  it('marks spans by offset, or by finding the span when offsets are stale', () => {
    const out = highlight('Cures cancer fast <b>', [ev('Cures cancer', 0, 12), ev('fast', 99, 120)]).value;
    expect(out).toBe('<mark class="ev ev-false_health_claim" data-labels="false_health_claim" title="false_health_claim">Cures cancer</mark> <mark class="ev ev-false_health_claim" data-labels="false_health_claim" title="false_health_claim">fast</mark> &lt;b&gt;');
  });

  it('splits overlapping spans of two labels', () => {
    const out = highlight('abc def ghi', [ev('abc def', 0, 7), ev('def ghi', 4, 11, 'mislabeled_food')]).value;
    expect(out.match(/<mark/g)).toHaveLength(3);
    expect(out).toContain('data-labels="false_health_claim mislabeled_food"');
    expect(rangesFor('abc', [ev('zzz')])).toEqual([]);
  });
});

describe('when snapshots differ', () => {
  it('diffs changed fields word by word', () => {
    expect(wordDiff('a b c', 'a x c')).toEqual([
      { op: '=', text: 'a ' },
      { op: '-', text: 'b' },
      { op: '+', text: 'x' },
      { op: '=', text: ' c' },
    ]);
    const base = { id: 'p:1', platform: 'p', url: 'https://p.example/1', title: 'Tea', description: 'Good tea', language: 'en' };
    const d = diffListings(parseListing(base), parseListing({ ...base, description: 'Good tea cures cancer', price: 5 }));
    expect(d.map((x) => x.field)).toEqual(['description', 'price']);
  });
});

describe('when a threshold is previewed', () => {
  const cases = [
    { score: 0.95, positive: true },
    { score: 0.9, positive: true },
    { score: 0.8, positive: false },
    { score: 0.6, positive: true },
    { score: 0.55, positive: false },
    { score: 0.7, positive: null },
    { score: 0.4, positive: null },
  ];
  it('counts open and reviewed cases flagged and the precision/recall implied', () => {
    expect(previewThreshold(cases, 0.85)).toMatchObject({ openFlagged: 0, openTotal: 2, pastFlagged: 2, pastTotal: 5, precision: 1, recall: 0.6667 });
    expect(previewThreshold(cases, 0.5)).toMatchObject({ openFlagged: 1, pastFlagged: 5, precision: 0.6, recall: 1 });
  });
  it('bins scores and traces the PR curve from the highest threshold down', () => {
    const h = scoreHistogram(cases, 10);
    expect(h.confirmed[9]).toBe(2);
    expect(h.dismissed[8]).toBe(1);
    const pr = prCurve(cases);
    expect(pr[0]).toEqual({ threshold: 0.95, precision: 1, recall: 0.3333 });
    expect(pr.at(-1)).toEqual({ threshold: 0.55, precision: 0.6, recall: 1 });
  });
});

describe('when sellers are matched across platforms', () => {
  it('normalises names, phones and registration numbers', () => {
    expect(normalizeShopName('Thảo Dược Việt – Official Store')).toBe(normalizeShopName('thao duoc viet'));
    expect(normalizePhone('+84 90 123 4567')).toBe(normalizePhone('090-123-4567'));
    expect(normalizeRegistration('0312-345-678')).toBe('0312345678');
    expect(sellerIdentifiers({ sellerId: 'a:1', name: 'ab' }).map((i) => i.kind)).toEqual(['seller']);
  });
});
