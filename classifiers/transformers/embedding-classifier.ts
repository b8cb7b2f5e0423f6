import { LABELS, type Evidence, type Label, type Prediction } from '../../domain/labels.js';
import type { Classifier, ClassifyInput } from '../classifier.js';
import { loadEmbeddingHead, type EmbeddingHead } from './embedding-head.js';
import { listingSegments, type SegmentOptions, type TextSegment } from './listing-segments.js';
import type { ModelSettings } from './model-loader.js';
import type { EmbeddingModelEntry } from './model-registry.js';
import { createTransformersTextEncoder, type TextEncoder } from './text-encoder.js';

export const EMBEDDING_CLASSIFIER_NAME = 'embedding-head';

export interface EmbeddingClassifierOptions extends SegmentOptions {
  /** Texts per model call in classifyBatch. Default: the encoder's own (16). */
  batchSize?: number;
}

/**
 * Scores every segment of a listing with the trained head and keeps, per label,
 * the best one: a claim in any one field is enough to flag a listing, and that
 * segment is the evidence shown to the reviewer.
 */
export class EmbeddingClassifier implements Classifier {
  readonly name = EMBEDDING_CLASSIFIER_NAME;
  readonly version: string;
  readonly labels: readonly Label[];

  constructor(
    private readonly encoder: TextEncoder,
    private readonly head: EmbeddingHead,
    private readonly options: EmbeddingClassifierOptions = {},
  ) {
    head.assertFits(encoder);
    this.version = head.version;
    this.labels = head.labels;
  }

  async classify(input: ClassifyInput): Promise<Prediction> {
    const [p] = await this.classifyBatch([input]);
    return p!;
  }

  /** All listings' segments go through the encoder together, so batches stay full across small listings. */
  async classifyBatch(inputs: ClassifyInput[]): Promise<Prediction[]> {
    const segments = inputs.map((i) => listingSegments(i, this.options));
    // The same text (a title repeated as a claim, a boilerplate footer) is encoded once.
    const unique = [...new Set(segments.flat().map((s) => s.text))];
    const vectors = await this.encoder.encode(unique, { batchSize: this.options.batchSize });
    this.head.assertFits(this.encoder);
    const scoreOf = new Map(unique.map((t, i) => [t, this.head.score(vectors[i]!)]));
    return segments.map((segs) => this.predict(segs, scoreOf));
  }

  private predict(segs: TextSegment[], scoreOf: Map<string, Partial<Record<Label, number>>>): Prediction {
    const scores = Object.fromEntries(LABELS.map((l) => [l, 0])) as Record<Label, number>;
    const evidence: Evidence[] = [];
    for (const label of this.labels) {
      let best: { seg: TextSegment; score: number } | undefined;
      for (const seg of segs) {
        const s = scoreOf.get(seg.text)![label] ?? 0;
        if (!best || s > best.score) best = { seg, score: s };
      }
      if (!best) continue;
      scores[label] = best.score;
      evidence.push({
        label,
        field: best.seg.field,
        span: best.seg.text,
        start: best.seg.start,
        end: best.seg.end,
        classifier: this.name,
        version: this.version,
        rule: this.head.modelId,
        score: best.score,
        note: 'highest-scoring text segment for this label',
      });
    }
    return { classifier: this.name, version: this.version, scores, evidence };
  }

  async close(): Promise<void> {
    await this.encoder.close();
  }
}

/** Loads the encoder for `entry` and the head artifact, and checks they belong together. */
export async function createEmbeddingClassifier(
  entry: EmbeddingModelEntry,
  settings: ModelSettings,
  headFile: string,
  options: EmbeddingClassifierOptions = {},
): Promise<EmbeddingClassifier> {
  // The head is read first: a missing or mismatched head fails before seconds of model loading.
  const head = loadEmbeddingHead(headFile);
  head.assertFits({ modelId: entry.id, revision: entry.revision, dimension: entry.dimension });
  const encoder = await createTransformersTextEncoder(entry, settings, { batchSize: options.batchSize });
  try {
    return new EmbeddingClassifier(encoder, head, options);
  } catch (e) {
    await encoder.close();
    throw e;
  }
}
