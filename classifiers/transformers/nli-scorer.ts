import type { Tensor, ZeroShotClassificationPipeline } from '@huggingface/transformers';
import { ModelContractError } from './errors.js';
import type { NliModelEntry } from './model-registry.js';
import { byTokenCount } from './batching.js';

export interface NliPair {
  premise: string;
  hypothesis: string;
}

/**
 * Entailment probabilities for (premise, hypothesis) pairs, batched.
 * transformers.js's zero-shot pipeline runs one pair per model call; this uses
 * the same tokenizer, model and arithmetic (multi_label: softmax over
 * contradiction vs entailment) but many pairs per call.
 */
export class NliScorer {
  private readonly entailmentIndex: number;
  private readonly contradictionIndex: number;

  constructor(
    readonly entry: NliModelEntry,
    private readonly pipe: ZeroShotClassificationPipeline,
    readonly batchSize = 16,
  ) {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    checkLabelOrder(entry, pipe.model.config as { id2label?: Record<string, string> });
    this.entailmentIndex = entry.nliLabels.indexOf('entailment');
    this.contradictionIndex = entry.nliLabels.indexOf('contradiction');
  }

  /** P(entailment) against contradiction, per pair, in input order. */
  async entailment(pairs: readonly NliPair[], signal?: AbortSignal): Promise<number[]> {
    const out = new Array<number>(pairs.length);
    // Pairs of similar token count share a batch, so little compute goes to padding.
    const order =
      this.batchSize === 1
        ? pairs.map((_, i) => i)
        : byTokenCount(pairs.map((p) => this.pipe.tokenizer.encode(p.premise, { text_pair: p.hypothesis }).length));
    for (let start = 0; start < order.length; start += this.batchSize) {
      signal?.throwIfAborted();
      const idx = order.slice(start, start + this.batchSize);
      const inputs = this.pipe.tokenizer(
        idx.map((i) => pairs[i]!.premise),
        { text_pair: idx.map((i) => pairs[i]!.hypothesis), padding: true, truncation: true },
      );
      const { logits } = (await this.pipe.model(inputs)) as { logits: Tensor };
      const [rows, width] = logits.dims as [number, number];
      if (rows !== idx.length || width !== this.entry.nliLabels.length) {
        throw new ModelContractError(
          `${this.entry.id} returned logits of shape [${rows}, ${width}] for ${idx.length} pairs; the registry lists ${this.entry.nliLabels.length} labels`,
        );
      }
      const data = logits.data as Float32Array;
      idx.forEach((pairIndex, row) => {
        const c = data[row * width + this.contradictionIndex]!;
        const e = data[row * width + this.entailmentIndex]!;
        out[pairIndex] = 1 / (1 + Math.exp(c - e)); // softmax([c, e])[1]
      });
      logits.dispose();
    }
    return out;
  }

  async close(): Promise<void> {
    await this.pipe.dispose();
  }
}

/**
 * The registry's label order is what the scores are read by; when the model's
 * config names its labels too, a disagreement means the registry entry is wrong
 * and every score would be inverted, so it fails here rather than silently.
 */
function checkLabelOrder(entry: NliModelEntry, config: { id2label?: Record<string, string> }): void {
  const id2label = config.id2label;
  if (!id2label) return;
  const named = Object.values(id2label).map((l) => l.toLowerCase());
  // Generic names (LABEL_0, ...) say nothing about the order: the registry is all there is.
  if (!named.includes('entailment')) return;
  entry.nliLabels.forEach((label, i) => {
    const actual = id2label[String(i)]?.toLowerCase();
    if (actual !== label) {
      throw new ModelContractError(
        `${entry.id}: registry nliLabels[${i}] is ${label} but the model's config says ${actual ?? '(none)'}; ` +
          `fix nliLabels in models/transformers/registry.v1.json to ${JSON.stringify(Object.keys(id2label).sort((a, b) => Number(a) - Number(b)).map((k) => id2label[k]!.toLowerCase()))}`,
      );
    }
  });
}

