// Public surface of the transformers path: wiring (factory), the CLI's `models pull`, and the ports.
export { createTransformersClassifiers } from './factory.js';
export type { TransformersClassifierName, TransformersClassifiers, TransformersClassifiersOptions, TransformersMode } from './factory.js';

export {
  DEFAULT_REGISTRY_PATH,
  embeddingModel,
  findModel,
  loadModelRegistry,
  nliModel,
  parseModelEntry,
  parseModelRegistry,
} from './model-registry.js';
export type { EmbeddingModelEntry, ModelEntry, ModelEntryInput, ModelRegistry, NliModelEntry } from './model-registry.js';

export { loadPipeline, locateModel, modelWeightsPresent, requiredModelFiles } from './model-loader.js';
export type { ModelSearch, ModelSettings, ModelSource } from './model-loader.js';

export { pullModels } from './model-pull.js';
export type { PullEvent, PullResult } from './model-pull.js';
export { createPullProgressPrinter, formatBytes, renderBar } from './progress-bar.js';

export { createTransformersTextEncoder, toNumberArrays, TransformersTextEncoder } from './text-encoder.js';
export type { EncodeOptions, TextEncoder } from './text-encoder.js';

export {
  DEFAULT_HEADS_DIR,
  EmbeddingHead,
  findHeadFile,
  headFileName,
  loadEmbeddingHead,
  saveEmbeddingHead,
  trainEmbeddingHead,
} from './embedding-head.js';
export type { HeadArtifact, TrainingExample, TrainOptions } from './embedding-head.js';
export { trainHeadFromTexts } from './head-training.js';
export type { LabelledText } from './head-training.js';

export { createEmbeddingClassifier, EMBEDDING_CLASSIFIER_NAME, EmbeddingClassifier } from './embedding-classifier.js';
export { createZeroShotClassifier, ZERO_SHOT_CLASSIFIER_NAME, ZeroShotClassifier } from './zero-shot-classifier.js';
export { loadHypothesisSet } from './hypotheses.js';

export { EmbeddingHeadError, ModelContractError, ModelLoadError, ModelSettingsError, ModelUnavailableError } from './errors.js';
export { HypothesesError } from './hypotheses.js';
export { ModelRegistryError } from './model-registry.js';
