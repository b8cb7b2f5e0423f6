import type { Classifier } from '../classifier.js';
import { createEmbeddingClassifier, EMBEDDING_CLASSIFIER_NAME, type EmbeddingClassifierOptions } from './embedding-classifier.js';
import { findHeadFile } from './embedding-head.js';
import { EmbeddingHeadError } from './errors.js';
import { locateModel, missingOffline, type ModelSettings } from './model-loader.js';
import { embeddingModel, loadModelRegistry, nliModel, type ModelEntry, type ModelRegistry } from './model-registry.js';
import { createZeroShotClassifier, ZERO_SHOT_CLASSIFIER_NAME } from './zero-shot-classifier.js';

export type TransformersClassifierName = typeof EMBEDDING_CLASSIFIER_NAME | typeof ZERO_SHOT_CLASSIFIER_NAME;

/**
 * - `off`: no transformer classifier.
 * - `auto` (the default): each classifier whose weights (and head) are on disk; the others are
 *   skipped with a reason, so a fresh checkout runs on rules alone and nothing is downloaded unasked.
 * - `on` (`--transformers`): all requested classifiers or an actionable error; online, missing weights are downloaded.
 */
export type TransformersMode = 'off' | 'auto' | 'on';

export interface TransformersClassifiersOptions {
  mode: TransformersMode;
  settings: ModelSettings;
  /** Default: the shipped models/transformers/registry.v1.json. */
  registry?: ModelRegistry;
  /** Default: both. */
  which?: readonly TransformersClassifierName[];
  /** Default: the registry's default embedding model. */
  embeddingModelId?: string;
  /** Default: the registry's default NLI model. */
  nliModelId?: string;
  /** Default: the newest head for the embedding model in `headsDir`. */
  headFile?: string;
  /** Where trained heads are looked for. Default: models/transformers/heads/. */
  headsDir?: string;
  /** Default: models/transformers/zero-shot-hypotheses.v1.json. */
  hypothesesFile?: string;
  /** Texts (or NLI pairs) per model call. Default 16. */
  batchSize?: number;
  segments?: Pick<EmbeddingClassifierOptions, 'maxChars' | 'maxSegments'>;
}

export interface TransformersClassifiers {
  classifiers: Classifier[];
  /** Why each requested classifier is not running (auto mode), for `shelfwatch doctor`-style output. */
  skipped: Array<{ name: TransformersClassifierName; reason: string }>;
}

export async function createTransformersClassifiers(options: TransformersClassifiersOptions): Promise<TransformersClassifiers> {
  const out: TransformersClassifiers = { classifiers: [], skipped: [] };
  if (options.mode === 'off') return out;
  const registry = options.registry ?? loadModelRegistry();
  const which = options.which ?? [EMBEDDING_CLASSIFIER_NAME, ZERO_SHOT_CLASSIFIER_NAME];
  const common = { batchSize: options.batchSize, ...options.segments };

  try {
    for (const name of which) {
      const entry: ModelEntry =
        name === EMBEDDING_CLASSIFIER_NAME ? embeddingModel(registry, options.embeddingModelId) : nliModel(registry, options.nliModelId);
      const search = locateModel(options.settings, entry);
      // Online `on` mode may download; everything else needs the files already here.
      if (!search.found && (options.mode === 'auto' || options.settings.offline)) {
        if (options.mode === 'on') throw missingOffline([{ entry, search }], options.settings);
        out.skipped.push({ name, reason: `weights for ${entry.id} are not on this machine (run \`shelfwatch models pull\`)` });
        continue;
      }
      if (entry.task === 'feature-extraction') {
        const headFile = options.headFile ?? findHeadFile(entry.id, options.headsDir);
        if (!headFile) {
          const reason = `no trained embedding head for ${entry.id} in ${options.headsDir ?? 'models/transformers/heads/'} (run shelfwatch train-head)`;
          if (options.mode === 'on') throw new EmbeddingHeadError('HEAD_INVALID', `${reason}: train one or pass its file`);
          out.skipped.push({ name, reason });
          continue;
        }
        out.classifiers.push(await createEmbeddingClassifier(entry, options.settings, headFile, common));
      } else {
        out.classifiers.push(await createZeroShotClassifier(entry, options.settings, { ...common, hypothesesFile: options.hypothesesFile }));
      }
    }
  } catch (e) {
    // Classifiers built before the failure hold ONNX sessions; release them before reporting it.
    await Promise.all(out.classifiers.map((c) => c.close?.()));
    throw e;
  }
  return out;
}
