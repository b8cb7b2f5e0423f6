import type { Label, Prediction } from '../domain/labels.js';
import type { Listing } from '../domain/listing.js';
import type { ImageText } from '../domain/ocr.js';

/** Everything a classifier may look at for one listing: the listing and what OCR read from its images. */
export interface ClassifyInput {
  listing: Listing;
  ocr?: ImageText[];
}

/**
 * One interface for every signal (rules, trained text model, transformers):
 * per-label scores in [0,1] plus evidence spans, with the classifier's name and version.
 */
export interface Classifier {
  readonly name: string;
  readonly version: string;
  /** Labels this classifier has an opinion on; the ensemble ignores its score for the others. */
  readonly labels: readonly Label[];
  classify(input: ClassifyInput): Prediction | Promise<Prediction>;
  /** Optional batched path (transformers run much faster batched). */
  classifyBatch?(inputs: ClassifyInput[]): Promise<Prediction[]>;
  close?(): Promise<void>;
}
