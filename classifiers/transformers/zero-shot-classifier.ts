import { LABELS, type Evidence, type Label, type Prediction } from '../../domain/labels.js';
import type { Classifier, ClassifyInput } from '../classifier.js';
import { hypothesesFor, hypothesisLabels, loadHypothesisSet, type HypothesisSet } from './hypotheses.js';
import { listingSegments, type SegmentOptions, type TextSegment } from './listing-segments.js';
import { loadPipeline, type LoadOptions, type ModelSettings } from './model-loader.js';
import type { NliModelEntry } from './model-registry.js';
import { NliScorer, type NliPair } from './nli-scorer.js';

/** One NLI question: does this segment entail this hypothesis of this label? */
interface Job {
  label: Label;
  segment: TextSegment;
  hypothesis: string;
}

export const ZERO_SHOT_CLASSIFIER_NAME = 'zero-shot-nli';
/** Bumped when the scoring logic here changes; the hypotheses and model carry their own versions. */
export const ZERO_SHOT_VERSION = '1.0.0';

export interface ZeroShotClassifierOptions extends SegmentOptions {
  /** (segment, hypothesis) pairs per model call. Default 16. */
  batchSize?: number;
}

/**
 * No training data needed: each label is a few sentences ("this product claims
 * to cure a disease") and an NLI model says how strongly a listing segment
 * entails them. Labels are scored independently (multi-label), each by its best
 * segment and hypothesis.
 */
export class ZeroShotClassifier implements Classifier {
  readonly name = ZERO_SHOT_CLASSIFIER_NAME;
  readonly version: string;
  readonly labels: readonly Label[];

  constructor(
    private readonly scorer: NliScorer,
    private readonly hypotheses: HypothesisSet,
    private readonly options: ZeroShotClassifierOptions = {},
  ) {
    const e = scorer.entry;
    // Scores change with the code, the hypotheses and the weights, so all three are in the version.
    this.version = `${ZERO_SHOT_VERSION}+hypotheses@${hypotheses.version}+${e.id.split('/').pop()}@${e.revision.slice(0, 7)}`;
    this.labels = hypothesisLabels(hypotheses);
  }

  async classify(input: ClassifyInput): Promise<Prediction> {
    const [p] = await this.classifyBatch([input]);
    return p!;
  }

  async classifyBatch(inputs: ClassifyInput[]): Promise<Prediction[]> {
    const perInput = inputs.map((input): Job[] => {
      const segments = listingSegments(input, this.options);
      return this.labels.flatMap((label) =>
        hypothesesFor(this.hypotheses, label, input.listing.language).flatMap((hypothesis) =>
          segments.map((segment) => ({ label, segment, hypothesis })),
        ),
      );
    });
    // Identical pairs across listings (shared boilerplate) are scored once.
    const keyOf = (p: NliPair) => `${p.premise}\u0000${p.hypothesis}`;
    const pairOf = (j: Job): NliPair => ({ premise: j.segment.text, hypothesis: j.hypothesis });
    const unique = new Map<string, NliPair>();
    for (const jobs of perInput) for (const j of jobs) unique.set(keyOf(pairOf(j)), pairOf(j));
    const pairs = [...unique.values()];
    const probs = await this.scorer.entailment(pairs);
    const probOf = new Map(pairs.map((p, i) => [keyOf(p), probs[i]!]));
    return perInput.map((jobs) => this.predict(jobs, (j) => probOf.get(keyOf(pairOf(j)))!));
  }

  private predict(jobs: Job[], prob: (j: Job) => number): Prediction {
    const scores = Object.fromEntries(LABELS.map((l) => [l, 0])) as Record<Label, number>;
    const best = new Map<Label, { job: Job; p: number }>();
    for (const job of jobs) {
      const p = prob(job);
      const cur = best.get(job.label);
      if (!cur || p > cur.p) best.set(job.label, { job, p });
    }
    const evidence: Evidence[] = [];
    for (const [label, { job, p }] of best) {
      scores[label] = p;
      evidence.push({
        label,
        field: job.segment.field,
        span: job.segment.text,
        start: job.segment.start,
        end: job.segment.end,
        classifier: this.name,
        version: this.version,
        rule: this.scorer.entry.id,
        score: p,
        note: `entails: ${job.hypothesis}`,
      });
    }
    return { classifier: this.name, version: this.version, scores, evidence };
  }

  async close(): Promise<void> {
    await this.scorer.close();
  }
}

export interface CreateZeroShotOptions extends ZeroShotClassifierOptions, LoadOptions {
  /** Default: models/transformers/zero-shot-hypotheses.v1.json. */
  hypothesesFile?: string;
}

export async function createZeroShotClassifier(
  entry: NliModelEntry,
  settings: ModelSettings,
  options: CreateZeroShotOptions = {},
): Promise<ZeroShotClassifier> {
  // Data first: a broken hypotheses file fails before the model is loaded.
  const hypotheses = loadHypothesisSet(options.hypothesesFile);
  const pipe = await loadPipeline(entry, settings, { onProgress: options.onProgress });
  try {
    return new ZeroShotClassifier(new NliScorer(entry, pipe, options.batchSize), hypotheses, options);
  } catch (e) {
    // The model's memory (hundreds of MB) is released before the contract error propagates.
    await pipe.dispose();
    throw e;
  }
}
