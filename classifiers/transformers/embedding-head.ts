import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { LABELS, type Label } from '../../domain/labels.js';
import { EmbeddingHeadError } from './errors.js';

/**
 * One logistic regression per label over sentence embeddings: the smallest
 * model that turns "texts like these" into a calibrated-ish probability, cheap
 * to train in plain TypeScript (no Python, no GPU) and small enough to review
 * as JSON next to the registry.
 */

export const HEAD_SCHEMA = 'shelfwatch.embedding-head/v1';
export const DEFAULT_HEADS_DIR = fileURLToPath(new URL('../../models/transformers/heads/', import.meta.url));

const labelSchema = z.enum(LABELS);

const metricsSchema = z
  .object({
    n: z.number().int().nonnegative(),
    positives: z.number().int().nonnegative(),
    accuracy: z.number().min(0).max(1),
    precision: z.number().min(0).max(1),
    recall: z.number().min(0).max(1),
    f1: z.number().min(0).max(1),
  })
  .strict();

export const headArtifactSchema = z
  .object({
    schema: z.literal(HEAD_SCHEMA),
    /** Reported as the classifier version, so predictions name the head that made them. */
    version: z.string().min(1),
    modelId: z.string().min(1),
    revision: z.string().min(1),
    dimension: z.number().int().positive(),
    labels: z.array(labelSchema).min(1),
    weights: z.record(labelSchema, z.array(z.number())),
    bias: z.record(labelSchema, z.number()),
    /** Score at or above which the label counts as flagged when this head is evaluated on its own. */
    threshold: z.record(labelSchema, z.number().min(0).max(1)),
    training: z
      .object({
        examples: z.number().int().nonnegative(),
        epochs: z.number().int().positive(),
        learningRate: z.number().positive(),
        l2: z.number().nonnegative(),
        balance: z.boolean(),
      })
      .strict(),
    metrics: z.object({ on: z.enum(['train', 'holdout']), perLabel: z.record(labelSchema, metricsSchema) }).strict(),
    trainedAt: z.string(),
    note: z.string().optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    for (const l of a.labels) {
      const w = a.weights[l];
      if (!w) ctx.addIssue({ code: 'custom', path: ['weights', l], message: `no weights for label ${l}` });
      else if (w.length !== a.dimension)
        ctx.addIssue({ code: 'custom', path: ['weights', l], message: `${w.length} weights, dimension is ${a.dimension}` });
      if (a.bias[l] === undefined) ctx.addIssue({ code: 'custom', path: ['bias', l], message: `no bias for label ${l}` });
      if (a.threshold[l] === undefined) ctx.addIssue({ code: 'custom', path: ['threshold', l], message: `no threshold for label ${l}` });
    }
  });

export type HeadArtifact = z.output<typeof headArtifactSchema>;
export type HeadMetrics = z.output<typeof metricsSchema>;

export interface TrainingExample {
  vector: ArrayLike<number>;
  /** A label left out is unknown for this example and does not train that label's regression. */
  labels: Partial<Record<Label, boolean>>;
}

export interface TrainOptions {
  modelId: string;
  revision: string;
  version: string;
  /** Labels to learn. Default: all LABELS; each needs positive and negative examples. */
  labels?: readonly Label[];
  /** Full-batch gradient steps. Default 400. */
  epochs?: number;
  /** Step size. Default 0.5: inputs are unit vectors, so the loss surface is gentle. */
  learningRate?: number;
  /** L2 penalty. Default 1e-4: keeps weights finite on separable data. */
  l2?: number;
  /** Weight positives and negatives equally whatever their counts. Default true: flagged listings are rare. */
  balance?: boolean;
  /** Metrics are computed on these when given, else on the training set (and say so). */
  holdout?: readonly TrainingExample[];
  note?: string;
  now?: () => Date;
}

export class EmbeddingHead {
  readonly artifact: HeadArtifact;

  constructor(artifact: HeadArtifact) {
    const parsed = headArtifactSchema.safeParse(artifact);
    if (!parsed.success) throw invalid('(in memory)', parsed.error);
    this.artifact = parsed.data;
  }

  get version(): string {
    return this.artifact.version;
  }
  get modelId(): string {
    return this.artifact.modelId;
  }
  get labels(): readonly Label[] {
    return this.artifact.labels;
  }
  get dimension(): number {
    return this.artifact.dimension;
  }

  /** Probability per label this head knows; labels it does not know are absent. */
  score(vector: ArrayLike<number>): Partial<Record<Label, number>> {
    if (vector.length !== this.artifact.dimension) {
      throw new EmbeddingHeadError(
        'HEAD_MODEL_MISMATCH',
        `vector has ${vector.length} dimensions, head ${this.version} expects ${this.artifact.dimension}`,
      );
    }
    const out: Partial<Record<Label, number>> = {};
    for (const l of this.artifact.labels) out[l] = sigmoid(dot(this.artifact.weights[l]!, vector) + this.artifact.bias[l]!);
    return out;
  }

  /** A head trained on one model's vectors means nothing on another's, even at the same dimension. */
  assertFits(encoder: { modelId: string; revision: string; dimension: number | undefined }): void {
    const a = this.artifact;
    if (encoder.modelId !== a.modelId || encoder.revision !== a.revision) {
      throw new EmbeddingHeadError(
        'HEAD_MODEL_MISMATCH',
        `head ${a.version} was trained on ${a.modelId}@${a.revision.slice(0, 7)}, the encoder is ` +
          `${encoder.modelId}@${encoder.revision.slice(0, 7)}: retrain the head or point the registry at the model it was trained on`,
      );
    }
    if (encoder.dimension !== undefined && encoder.dimension !== a.dimension) {
      throw new EmbeddingHeadError('HEAD_MODEL_MISMATCH', `head expects ${a.dimension} dimensions, encoder gives ${encoder.dimension}`);
    }
  }
}

/** Trains one regression per label with plain full-batch gradient descent on the weighted log loss. */
export function trainEmbeddingHead(examples: readonly TrainingExample[], options: TrainOptions): EmbeddingHead {
  const labels = options.labels ?? LABELS;
  const epochs = options.epochs ?? 400;
  const lr = options.learningRate ?? 0.5;
  const l2 = options.l2 ?? 1e-4;
  const balance = options.balance ?? true;
  if (examples.length === 0) throw new EmbeddingHeadError('HEAD_TRAINING_INVALID', 'no training examples');
  const dim = examples[0]!.vector.length;
  examples.forEach((e, i) => {
    if (e.vector.length !== dim) {
      throw new EmbeddingHeadError('HEAD_TRAINING_INVALID', `example ${i} has ${e.vector.length} dimensions, the first has ${dim}`);
    }
  });

  const weights: Partial<Record<Label, number[]>> = {};
  const bias: Partial<Record<Label, number>> = {};
  const threshold: Partial<Record<Label, number>> = {};
  for (const label of labels) {
    const rows = examples.filter((e) => e.labels[label] !== undefined);
    const pos = rows.filter((e) => e.labels[label]).length;
    if (pos === 0 || pos === rows.length) {
      throw new EmbeddingHeadError(
        'HEAD_TRAINING_INVALID',
        `label ${label} has ${pos} positive and ${rows.length - pos} negative examples; it needs both (or leave it out of options.labels)`,
      );
    }
    const fit = fitLogistic(rows.map((r) => r.vector), rows.map((r) => (r.labels[label] ? 1 : 0)), { epochs, lr, l2, balance });
    weights[label] = fit.w.map(round7);
    bias[label] = round7(fit.b);
    threshold[label] = 0.5;
  }

  const draft = {
    schema: HEAD_SCHEMA,
    version: options.version,
    modelId: options.modelId,
    revision: options.revision,
    dimension: dim,
    labels: [...labels],
    weights,
    bias,
    threshold,
    training: { examples: examples.length, epochs, learningRate: lr, l2, balance },
    metrics: { on: 'train', perLabel: {} },
    trainedAt: (options.now ?? (() => new Date()))().toISOString(),
    ...(options.note ? { note: options.note } : {}),
  } as HeadArtifact;
  const head = new EmbeddingHead(draft);
  const evalSet = options.holdout ?? examples;
  const perLabel: Partial<Record<Label, HeadMetrics>> = {};
  for (const l of labels) perLabel[l] = evaluate(head, evalSet, l);
  return new EmbeddingHead({ ...head.artifact, metrics: { on: options.holdout ? 'holdout' : 'train', perLabel } });
}

function fitLogistic(
  xs: ArrayLike<number>[],
  ys: number[],
  o: { epochs: number; lr: number; l2: number; balance: boolean },
): { w: number[]; b: number } {
  const n = xs.length;
  const d = xs[0]!.length;
  const pos = ys.reduce((s, y) => s + y, 0);
  // Balanced weights make each class contribute half of the loss.
  const wPos = o.balance ? n / (2 * pos) : 1;
  const wNeg = o.balance ? n / (2 * (n - pos)) : 1;
  const sw = ys.map((y) => (y ? wPos : wNeg));
  const swSum = sw.reduce((s, v) => s + v, 0);
  const w = new Float64Array(d);
  let b = 0;
  const grad = new Float64Array(d);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    grad.fill(0);
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const x = xs[i]!;
      const g = (sigmoid(dot(w, x) + b) - ys[i]!) * sw[i]!;
      for (let j = 0; j < d; j++) grad[j] += g * x[j]!;
      gb += g;
    }
    for (let j = 0; j < d; j++) w[j] -= o.lr * (grad[j]! / swSum + o.l2 * w[j]!);
    b -= o.lr * (gb / swSum);
  }
  return { w: Array.from(w), b };
}

export function evaluate(head: EmbeddingHead, examples: readonly TrainingExample[], label: Label): HeadMetrics {
  let tp = 0, fp = 0, tn = 0, fn = 0;
  const t = head.artifact.threshold[label] ?? 0.5;
  for (const e of examples) {
    const truth = e.labels[label];
    if (truth === undefined) continue;
    const predicted = (head.score(e.vector)[label] ?? 0) >= t;
    if (predicted && truth) tp++;
    else if (predicted) fp++;
    else if (truth) fn++;
    else tn++;
  }
  const n = tp + fp + tn + fn;
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return {
    n,
    positives: tp + fn,
    accuracy: n ? round7((tp + tn) / n) : 0,
    precision: round7(precision),
    recall: round7(recall),
    f1: precision + recall ? round7((2 * precision * recall) / (precision + recall)) : 0,
  };
}

/** `embedding-head.multilingual-e5-small.v3.json`: the model and version are visible in the file name. */
export function headFileName(modelId: string, version: string): string {
  return `embedding-head.${modelId.split('/').pop()}.v${version}.json`;
}

/**
 * The newest head for a model in `dir` (highest `v<version>` by numeric
 * comparison), or undefined when none was trained: then the embedding
 * classifier is simply not available.
 */
export function findHeadFile(modelId: string, dir: string = DEFAULT_HEADS_DIR): string | undefined {
  if (!existsSync(dir)) return undefined;
  const prefix = `embedding-head.${modelId.split('/').pop()}.v`;
  const versions = readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.json'))
    .map((f) => f.slice(prefix.length, -'.json'.length))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const newest = versions[versions.length - 1];
  return newest === undefined ? undefined : path.join(dir, `${prefix}${newest}.json`);
}

export function saveEmbeddingHead(head: EmbeddingHead, file: string = path.join(DEFAULT_HEADS_DIR, headFileName(head.modelId, head.version))): string {
  mkdirSync(path.dirname(file), { recursive: true });
  // Write then rename, so a reader never sees half a file.
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(head.artifact, null, 1) + '\n');
  renameSync(tmp, file);
  return file;
}

export function loadEmbeddingHead(file: string): EmbeddingHead {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new EmbeddingHeadError('HEAD_INVALID', `cannot read embedding head ${file}: ${(cause as Error).message}`, { cause });
  }
  const parsed = headArtifactSchema.safeParse(data);
  if (!parsed.success) throw invalid(file, parsed.error);
  return new EmbeddingHead(parsed.data);
}

function invalid(source: string, error: z.ZodError): EmbeddingHeadError {
  const issues = error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  return new EmbeddingHeadError('HEAD_INVALID', `embedding head ${source} is invalid: ${issues}`);
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function sigmoid(z: number): number {
  // Split by sign so exp() never overflows to Infinity/Infinity.
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

// Seven significant digits keep the JSON artifact short and diffable; float32 embeddings carry no more.
function round7(x: number): number {
  return Number(x.toPrecision(7));
}
