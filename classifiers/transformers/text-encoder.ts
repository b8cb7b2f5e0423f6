import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import { byTokenCount } from './batching.js';
import { ModelContractError } from './errors.js';
import { loadPipeline, type LoadOptions, type ModelSettings } from './model-loader.js';
import type { EmbeddingModelEntry } from './model-registry.js';

/**
 * Text → fixed-size vector. The port the embedding classifier depends on, so a
 * different engine (a remote service, a fake in tests) can stand in.
 * Named after the style guide's `TextEncoder`; it shadows the WHATWG global of
 * the same name in modules that import it (alias it there if both are needed).
 */
export interface TextEncoder {
  readonly modelId: string;
  /** Model commit, recorded in trained heads so a head is never used with other weights. */
  readonly revision: string;
  /** Vector length, known once the first text was encoded (or from the registry). */
  readonly dimension: number | undefined;
  /** One vector per text, in input order. */
  encode(texts: readonly string[], options?: EncodeOptions): Promise<Float32Array[]>;
  close(): Promise<void>;
}

export interface EncodeOptions {
  /** Texts per model call. Default: the encoder's batch size. */
  batchSize?: number;
  /** Checked between batches. */
  signal?: AbortSignal;
}

export interface TransformersTextEncoderOptions extends LoadOptions {
  /**
   * Texts per model call. Default 16: about 1.2x the throughput of one-at-a-time on the
   * 2-core bench (bench/transformers.bench.ts); bigger batches pad more and hold more
   * activations in memory.
   */
  batchSize?: number;
}

export const DEFAULT_BATCH_SIZE = 16;

export async function createTransformersTextEncoder(
  entry: EmbeddingModelEntry,
  settings: ModelSettings,
  options: TransformersTextEncoderOptions = {},
): Promise<TransformersTextEncoder> {
  const extractor = await loadPipeline(entry, settings, { onProgress: options.onProgress });
  return new TransformersTextEncoder(entry, extractor, options.batchSize ?? DEFAULT_BATCH_SIZE);
}

/** Batched feature extraction with the registry's pooling, normalisation and query prefix. */
export class TransformersTextEncoder implements TextEncoder {
  private dim: number | undefined;

  constructor(
    readonly entry: EmbeddingModelEntry,
    private readonly extractor: FeatureExtractionPipeline,
    readonly batchSize: number = DEFAULT_BATCH_SIZE,
  ) {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    this.dim = entry.dimension;
  }

  get modelId(): string {
    return this.entry.id;
  }

  get revision(): string {
    return this.entry.revision;
  }

  get dimension(): number | undefined {
    return this.dim;
  }

  async encode(texts: readonly string[], options: EncodeOptions = {}): Promise<Float32Array[]> {
    const batchSize = options.batchSize ?? this.batchSize;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    const out = new Array<Float32Array>(texts.length);
    const prefixed = texts.map((t) => this.entry.queryPrefix + t);
    // A batch is padded to its longest member, so texts are batched by similar token count
    // (not characters: 66 Korean characters make 80 tokens, 99 English ones 25). Tokenizing
    // twice costs well under 1% of a model call; results go back to input order below.
    const order = batchSize === 1 ? prefixed.map((_, i) => i) : byTokenCount(prefixed.map((t) => this.extractor.tokenizer.encode(t).length));
    for (let start = 0; start < order.length; start += batchSize) {
      options.signal?.throwIfAborted();
      const idx = order.slice(start, start + batchSize);
      const batch = idx.map((i) => prefixed[i]!);
      const tensor = await this.extractor(batch, { pooling: this.entry.pooling, normalize: this.entry.normalize });
      const [rows, dim] = tensor.dims as [number, number];
      if (rows !== batch.length) throw new ModelContractError(`${this.modelId} returned ${rows} vectors for ${batch.length} texts`);
      this.checkDimension(dim);
      const data = tensor.data as Float32Array;
      // Copies, not views: the tensor's buffer is released with the tensor.
      idx.forEach((textIndex, row) => (out[textIndex] = Float32Array.from(data.subarray(row * dim, (row + 1) * dim))));
      tensor.dispose();
    }
    return out;
  }

  private checkDimension(dim: number): void {
    if (this.dim !== undefined && this.dim !== dim) {
      throw new ModelContractError(`${this.modelId} produced ${dim}-dimensional vectors, the registry says ${this.dim}`);
    }
    this.dim = dim;
  }

  async close(): Promise<void> {
    await this.extractor.dispose();
  }
}

/** For JSON and for callers that want plain arrays. */
export function toNumberArrays(vectors: readonly Float32Array[]): number[][] {
  return vectors.map((v) => Array.from(v));
}
