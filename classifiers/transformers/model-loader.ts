import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import {
  env,
  ModelFileNotFoundError,
  pipeline,
  type FeatureExtractionPipeline,
  type ProgressCallback,
  type ZeroShotClassificationPipeline,
} from '@huggingface/transformers';
import { ModelLoadError, ModelSettingsError, ModelUnavailableError } from './errors.js';
import type { EmbeddingModelEntry, ModelDtype, ModelEntry, NliModelEntry } from './model-registry.js';

/**
 * Where model files come from, in order: a local model folder a person filled
 * by hand (air-gapped machines), then the download cache, then, only when not
 * offline, the model hub, which fills the cache.
 */
export interface ModelSettings {
  /**
   * Folder with one transformers.js model folder per id, e.g.
   * `<dir>/Xenova/multilingual-e5-small/{config.json,tokenizer.json,onnx/model_quantized.onnx}`.
   * Searched first; its folders are used whatever revision they hold. Default: none.
   */
  localModelDir?: string;
  /** Where hub downloads are kept, as `<cacheDir>/<owner>/<name>/<revision>/…` (transformers.js layout). */
  cacheDir: string;
  /** true: never touch the network; a model must already be in `localModelDir` or `cacheDir`. */
  offline: boolean;
  /** Hub base URL, for a mirror. Default `https://huggingface.co/`. */
  remoteHost?: string;
  /** ONNX Runtime intra-op threads per session. Default: `os.availableParallelism()`. */
  threads?: number;
}

export const DEFAULT_REMOTE_HOST = 'https://huggingface.co/';

// transformers.js names the ONNX file after the dtype (utils/dtypes.js DEFAULT_DTYPE_SUFFIX_MAPPING).
const DTYPE_SUFFIX: Record<ModelDtype, string> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

/** The files a text model needs in its folder; the same list `models pull` fetches. */
export function requiredModelFiles(entry: Pick<ModelEntry, 'dtype'>): string[] {
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', `onnx/model${DTYPE_SUFFIX[entry.dtype]}.onnx`];
}

export type ModelSource = 'local' | 'cache';

export interface ModelCandidate {
  source: ModelSource;
  dir: string;
  missing: string[];
}

export interface ModelSearch {
  /** The first complete folder, if any. */
  found?: { source: ModelSource; dir: string };
  /** Every folder looked at, with what it lacked: the raw material of the "how to fix" message. */
  candidates: ModelCandidate[];
}

/** Looks on disk only; never touches the network. */
export function locateModel(settings: ModelSettings, entry: ModelEntry): ModelSearch {
  const dirs: Array<{ source: ModelSource; dir: string }> = [];
  if (settings.localModelDir) dirs.push({ source: 'local', dir: path.resolve(settings.localModelDir, entry.id) });
  // A pinned (non-`main`) revision is cached under its own sub-folder by transformers.js (hub.js buildResourcePaths).
  dirs.push({ source: 'cache', dir: path.resolve(settings.cacheDir, entry.id, entry.revision) });
  const files = requiredModelFiles(entry);
  const candidates = dirs.map((d) => ({ ...d, missing: files.filter((f) => !existsSync(path.join(d.dir, f))) }));
  const hit = candidates.find((c) => c.missing.length === 0);
  return { found: hit ? { source: hit.source, dir: hit.dir } : undefined, candidates };
}

/**
 * Whether the weights are on this machine. The transformers path is off by
 * default when this is false, so a fresh checkout classifies with rules alone
 * instead of failing or downloading hundreds of megabytes unasked.
 */
export function modelWeightsPresent(settings: ModelSettings, entry: ModelEntry): boolean {
  return locateModel(settings, entry).found !== undefined;
}

/**
 * transformers.js reads its sources from a process-wide `env`, and pipeline()
 * consults it even where per-call options exist (4.3.1 resolves the file list
 * with neither revision nor cache_dir), so it is set here before every load.
 * One process therefore serves one ModelSettings at a time.
 */
export function configureTransformersEnv(settings: ModelSettings): void {
  if (settings.localModelDir && path.resolve(settings.localModelDir) === path.resolve(settings.cacheDir)) {
    // The two layouts differ (`<id>/` vs `<id>/<revision>/`); sharing a folder mixes revisions.
    throw new ModelSettingsError(
      `the local model dir and the model cache are both ${path.resolve(settings.cacheDir)}; give SHELFWATCH_MODEL_DIR a folder of its own`,
    );
  }
  env.allowLocalModels = true;
  env.allowRemoteModels = !settings.offline;
  env.cacheDir = path.resolve(settings.cacheDir);
  env.useFSCache = true;
  env.remoteHost = settings.remoteHost ?? DEFAULT_REMOTE_HOST;
  // Always assigned, so a previous call's folder never lingers. Without a local dir it must not be
  // the cache folder itself: files transformers.js caches for `main` there (it fetches config.json
  // at `main` to plan a download) would pass for local copies of the pinned revision.
  env.localModelPath = path.resolve(settings.localModelDir ?? path.join(settings.cacheDir, '.no-local-model-dir')) + path.sep;
}

export function onnxSessionOptions(settings: ModelSettings): { intraOpNumThreads: number; interOpNumThreads: number } {
  return {
    intraOpNumThreads: Math.max(1, settings.threads ?? availableParallelism()),
    // An encoder graph is one chain of layers: inter-op threads find nothing to run in parallel
    // and only compete with the intra-op pool for the same cores.
    interOpNumThreads: 1,
  };
}

export interface LoadOptions {
  /** transformers.js progress events (download, progress, progress_total, done, ready). */
  onProgress?: ProgressCallback;
}

type TextPipeline = FeatureExtractionPipeline | ZeroShotClassificationPipeline;

/**
 * Loads a pipeline for a registry entry. A complete folder on disk is loaded by
 * its path with `local_files_only`, so no request leaves the machine; offline
 * with no folder fails fast with ModelUnavailableError before transformers.js
 * is called; online, the hub fills the cache at the pinned revision.
 */
export function loadPipeline(entry: EmbeddingModelEntry, settings: ModelSettings, options?: LoadOptions): Promise<FeatureExtractionPipeline>;
export function loadPipeline(entry: NliModelEntry, settings: ModelSettings, options?: LoadOptions): Promise<ZeroShotClassificationPipeline>;
export function loadPipeline(entry: ModelEntry, settings: ModelSettings, options?: LoadOptions): Promise<TextPipeline>;
export async function loadPipeline(entry: ModelEntry, settings: ModelSettings, options: LoadOptions = {}): Promise<TextPipeline> {
  configureTransformersEnv(settings);
  const session_options = onnxSessionOptions(settings);
  const search = locateModel(settings, entry);

  if (search.found) {
    try {
      return await pipeline(entry.task, search.found.dir, {
        dtype: entry.dtype,
        local_files_only: true,
        session_options,
        progress_callback: options.onProgress,
      });
    } catch (cause) {
      throw loadFailure(entry, search.found.dir, cause);
    }
  }

  if (settings.offline) throw missingOffline([{ entry, search }], settings);

  try {
    return await pipeline(entry.task, entry.id, {
      revision: entry.revision,
      cache_dir: path.resolve(settings.cacheDir),
      dtype: entry.dtype,
      session_options,
      progress_callback: options.onProgress,
    });
  } catch (cause) {
    const after = locateModel(settings, entry);
    if (after.found) throw loadFailure(entry, after.found.dir, cause);
    throw downloadFailure(entry, settings, cause);
  }
}

function loadFailure(entry: ModelEntry, dir: string, cause: unknown): ModelLoadError {
  return new ModelLoadError(
    `model ${entry.id} at ${dir} has all its files but could not be loaded (${errorText(cause)}). ` +
      `The download may be truncated or the folder may hold another dtype: delete ${dir} and run \`shelfwatch models pull\`, ` +
      `or copy a complete model folder there.`,
    entry.id,
    dir,
    { cause },
  );
}

/** One message for all models missing offline, so `models pull` can report everything at once. */
export function missingOffline(items: Array<{ entry: ModelEntry; search: ModelSearch }>, settings: ModelSettings): ModelUnavailableError {
  const lines = items.flatMap(({ entry, search }) => [
    `  ${entry.id} (revision ${entry.revision.slice(0, 7)}, dtype ${entry.dtype}):`,
    ...search.candidates.map((c) => `    ${c.source} ${c.dir}: missing ${c.missing.join(', ')}`),
  ]);
  const example = items[0]!.entry;
  const localDir = settings.localModelDir ? path.resolve(settings.localModelDir) : '<local model dir>';
  const message = [
    `transformer model${items.length > 1 ? 's' : ''} not available offline:`,
    ...lines,
    'To fix, do one of:',
    `  - copy a transformers.js model folder (${requiredModelFiles(example).join(', ')}) to ${path.join(localDir, example.id)}` +
      (settings.localModelDir ? '' : ' and set SHELFWATCH_MODEL_DIR to that local model dir'),
    '  - on a machine with network, run `shelfwatch models pull` with SHELFWATCH_OFFLINE=false, then copy its cache folder here',
    '  - allow downloads here: SHELFWATCH_OFFLINE=false, then `shelfwatch models pull`',
    '  - or run without the transformers path (leave --transformers off)',
  ].join('\n');
  return new ModelUnavailableError(
    message,
    items.map((i) => i.entry.id),
    'missing-offline',
    items.flatMap(({ entry, search }) => search.candidates.map((c) => ({ modelId: entry.id, dir: c.dir, files: c.missing }))),
  );
}

function downloadFailure(entry: ModelEntry, settings: ModelSettings, cause: unknown): ModelUnavailableError {
  const host = settings.remoteHost ?? DEFAULT_REMOTE_HOST;
  const notOnHub = cause instanceof ModelFileNotFoundError;
  const message = notOnHub
    ? `model ${entry.id} at revision ${entry.revision} was not found on ${host} (${errorText(cause)}). ` +
      `Check the id and revision in models/transformers/registry.v1.json; a gated repository needs HF_TOKEN.`
    : `could not download model ${entry.id} from ${host} (${errorText(cause)}). ` +
      `Check the network or proxy and run \`shelfwatch models pull\` again; on a machine without network, ` +
      `copy the model folder into the local model dir (SHELFWATCH_MODEL_DIR) and set SHELFWATCH_OFFLINE=true.`;
  const search = locateModel(settings, entry);
  return new ModelUnavailableError(
    message,
    [entry.id],
    notOnHub ? 'not-on-hub' : 'download-failed',
    search.candidates.map((c) => ({ modelId: entry.id, dir: c.dir, files: c.missing })),
    { cause },
  );
}

function errorText(e: unknown): string {
  if (e instanceof Error) {
    const inner = e.cause instanceof Error ? `: ${e.cause.message}` : '';
    return e.message + inner;
  }
  return String(e);
}
