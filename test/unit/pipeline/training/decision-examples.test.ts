import { describe, expect, it } from 'vitest';
import { examplesFromDecisions } from '../../../../pipeline/training/decision-examples.js';

const data = (id: string) => ({ id, platform: 'p', url: `https://p.example/${id}`, title: 'Tea', description: 'Cures colds', language: 'en', fetchedAt: '2026-01-01T00:00:00Z' });

describe('when reviewer decisions become training examples', () => {
  it('makes a confirmed case positive for its labels only and a dismissed case negative for all', () => {
    const { examples, rejected } = examplesFromDecisions([
      { caseId: 1, listingId: 'p:1', status: 'confirmed', labels: ['false_health_claim', 'mislabeled_food'], data: data('p:1') },
      { caseId: 2, listingId: 'p:2', status: 'dismissed', labels: ['false_health_claim'], data: data('p:2') },
    ]);
    expect(rejected).toEqual([]);
    expect(examples.map((e) => [e.listing.id, e.expected])).toEqual([
      ['p:1', { false_health_claim: true, missing_certificate: false, mislabeled_food: true }],
      ['p:2', { false_health_claim: false, missing_certificate: false, mislabeled_food: false }],
    ]);
  });

  it('reports a stored listing that no longer parses instead of training on it', () => {
    const { examples, rejected } = examplesFromDecisions([{ caseId: 3, listingId: 'p:3', status: 'confirmed', labels: ['false_health_claim'], data: { id: 'p:3', title: '' } }]);
    expect(examples).toEqual([]);
    expect(rejected).toEqual([{ caseId: 3, listingId: 'p:3', reason: expect.any(String) }]);
    expect(rejected[0].reason.length).toBeGreaterThan(5);
  });
});
