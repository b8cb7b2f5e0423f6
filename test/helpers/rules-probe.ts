import path from 'node:path';
import { expect, it } from 'vitest';
import { RulesClassifier } from '../../classifiers/rules-classifier.js';
import { parseListing, type ListingInput } from '../../domain/listing.js';
import { ROOT } from './cli.js';

type Fields = Partial<ListingInput>;

/**
 * The rules classifier on listings built from a few fields, as the lexicon tests probe it:
 * each label's score with the category that makes the label apply (supplement for health
 * claims, food for certificates and contradictions) unless the test gives one.
 */
export function rulesProbe(idPrefix: string) {
  const rules = new RulesClassifier(path.join(ROOT, 'models'));
  let n = 0;
  const classify = (o: Fields) => rules.classify({ listing: parseListing({ id: `${idPrefix}:${n++}`, platform: 't', url: 'https://t.example/p', title: 'x', ...o }) });
  return {
    classify,
    fhc: (o: Fields) => classify({ category: 'supplement', ...o }).scores.false_health_claim,
    mf: (o: Fields) => classify({ category: 'food', ...o }).scores.mislabeled_food,
    mc: (o: Fields) => classify({ category: 'food', ...o }).scores.missing_certificate,
    /** missing_certificate with no category unless given: the food/non-food decision is under test. */
    mcAsListed: (o: Fields) => classify(o).scores.missing_certificate,
  };
}

/** A rules score above this flags the listing; below CLEAR the rules say nothing. */
export const FLAG = 0.8;
export const CLEAR = 0.1;

/** One test per [name, claim, look-alike] description: the claim must be flagged by `score`, the look-alike not. */
export function claimPairs(score: (o: Fields) => number) {
  return (cases: Array<[name: string, claim: string, lookAlike: string]>) =>
    it.each(cases)('%s', (_name, claim, lookAlike) => {
      expect(score({ description: claim })).toBeGreaterThan(FLAG);
      expect(score({ description: lookAlike })).toBeLessThan(CLEAR);
    });
}
