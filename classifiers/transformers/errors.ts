/**
 * Errors of the transformers path. Each carries a string `code` because a
 * failure stored in a queue job can no longer be checked with `instanceof`.
 * None of them is worth retrying as is: each needs a person to fetch, copy or
 * fix model files, and the message says how.
 */

/** Why a model could not be had; lets the CLI choose its wording without parsing messages. */
export type UnavailableReason =
  /** offline, and neither the local model folder nor the cache has the files */
  | 'missing-offline'
  /** the hub (or mirror) answered that the repository, revision or file does not exist or needs a token */
  | 'not-on-hub'
  /** the hub could not be reached or the download broke off */
  | 'download-failed';

export class ModelUnavailableError extends Error {
  readonly code = 'MODEL_UNAVAILABLE';
  constructor(
    message: string,
    readonly modelIds: string[],
    readonly reason: UnavailableReason,
    /** Per model: the folders searched and the files each lacked. */
    readonly missing: Array<{ modelId: string; dir: string; files: string[] }> = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ModelUnavailableError';
  }
}

/** The files are there but ONNX Runtime or the tokenizer could not load them (corrupt or truncated download). */
export class ModelLoadError extends Error {
  readonly code = 'MODEL_LOAD_FAILED';
  constructor(
    message: string,
    readonly modelId: string,
    readonly dir: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ModelLoadError';
  }
}

/** A trained head that does not fit the encoder or the artifact format (wrong model, wrong dimension, bad JSON). */
export class EmbeddingHeadError extends Error {
  constructor(
    readonly code: 'HEAD_INVALID' | 'HEAD_MODEL_MISMATCH' | 'HEAD_TRAINING_INVALID',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EmbeddingHeadError';
  }
}

/** Model output that does not match what the registry promised (label order, vector size). */
export class ModelContractError extends Error {
  readonly code = 'MODEL_CONTRACT_MISMATCH';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelContractError';
  }
}

/** Settings that cannot work together; raised before anything is loaded. */
export class ModelSettingsError extends Error {
  readonly code = 'MODEL_SETTINGS_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ModelSettingsError';
  }
}
