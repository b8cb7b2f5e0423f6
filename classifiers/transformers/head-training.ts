import type { Label } from '../../domain/labels.js';
import { trainEmbeddingHead, type EmbeddingHead, type TrainOptions } from './embedding-head.js';
import type { TextEncoder } from './text-encoder.js';

export interface LabelledText {
  text: string;
  /** A label left out is unknown for this text. */
  labels: Partial<Record<Label, boolean>>;
}

/**
 * Encodes labelled texts and trains a head on them. The model id and revision
 * come from the encoder, so the artifact always names the weights its vectors came from.
 */
export async function trainHeadFromTexts(
  encoder: TextEncoder,
  examples: readonly LabelledText[],
  options: Omit<TrainOptions, 'modelId' | 'revision' | 'holdout'> & { holdout?: readonly LabelledText[] },
): Promise<EmbeddingHead> {
  const encode = async (xs: readonly LabelledText[]) => {
    const vectors = await encoder.encode(xs.map((x) => x.text));
    return xs.map((x, i) => ({ vector: vectors[i]!, labels: x.labels }));
  };
  const { holdout, ...rest } = options;
  return trainEmbeddingHead(await encode(examples), {
    ...rest,
    modelId: encoder.modelId,
    revision: encoder.revision,
    holdout: holdout ? await encode(holdout) : undefined,
  });
}
