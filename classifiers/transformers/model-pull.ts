import type { ProgressInfo } from '@huggingface/transformers';
import { ModelUnavailableError } from './errors.js';
import { loadPipeline, locateModel, missingOffline, type ModelSearch, type ModelSettings, type ModelSource } from './model-loader.js';
import type { ModelEntry } from './model-registry.js';

/** What `shelfwatch models pull` shows; produced from transformers.js progress_callback events. */
export type PullEvent =
  | { type: 'model-start'; modelId: string; index: number; count: number; approxBytes?: number }
  | { type: 'model-present'; modelId: string; source: ModelSource; dir: string }
  | { type: 'file-progress'; modelId: string; file: string; loaded: number; total: number }
  /** All files of the model together; `fraction` in [0,1]. */
  | { type: 'model-progress'; modelId: string; loaded: number; total: number; fraction: number }
  | { type: 'file-done'; modelId: string; file: string }
  | { type: 'model-done'; modelId: string; dir: string };

export interface PullResult {
  modelId: string;
  /** `present`: already complete on disk, nothing fetched; `downloaded`: fetched into the cache now. */
  status: 'present' | 'downloaded';
  source: ModelSource;
  dir: string;
}

/**
 * Makes every registry model available on disk at its pinned revision, in the
 * cache transformers.js loads from later. Models already complete in the local
 * model dir or the cache are left alone. Offline, it checks everything first and
 * throws one ModelUnavailableError naming every missing file, with no request made.
 */
export async function pullModels(
  entries: readonly ModelEntry[],
  settings: ModelSettings,
  onProgress: (event: PullEvent) => void = () => {},
): Promise<PullResult[]> {
  const searched = entries.map((entry) => ({ entry, search: locateModel(settings, entry) }));
  const missing = searched.filter((s) => !s.search.found);
  if (missing.length && settings.offline) throw missingOffline(missing, settings);

  const results: PullResult[] = [];
  for (const [index, { entry, search }] of searched.entries()) {
    onProgress({ type: 'model-start', modelId: entry.id, index, count: entries.length, approxBytes: entry.approxBytes });
    if (search.found) {
      onProgress({ type: 'model-present', modelId: entry.id, ...search.found });
      results.push({ modelId: entry.id, status: 'present', ...search.found });
      continue;
    }
    results.push(await download(entry, settings, onProgress));
  }
  return results;
}

async function download(entry: ModelEntry, settings: ModelSettings, onProgress: (e: PullEvent) => void): Promise<PullResult> {
  // Loading through the hub is how transformers.js fetches every file a pipeline
  // needs into the cache (it exports no lower-level download); it also proves the
  // files load. The session is dropped straight after.
  const pipe = await loadPipeline(entry, settings, { onProgress: (info) => forward(entry.id, info, onProgress) });
  await pipe.dispose();
  const after: ModelSearch = locateModel(settings, entry);
  if (!after.found) {
    const cache = after.candidates.find((c) => c.source === 'cache')!;
    throw new ModelUnavailableError(
      `downloaded ${entry.id} but ${cache.dir} still lacks ${cache.missing.join(', ')}; ` +
        `the hub layout may have changed: copy the model folder into the local model dir (SHELFWATCH_MODEL_DIR) instead`,
      [entry.id],
      'download-failed',
      after.candidates.map((c) => ({ modelId: entry.id, dir: c.dir, files: c.missing })),
    );
  }
  onProgress({ type: 'model-done', modelId: entry.id, dir: after.found.dir });
  return { modelId: entry.id, status: 'downloaded', ...after.found };
}

function forward(modelId: string, info: ProgressInfo, emit: (e: PullEvent) => void): void {
  switch (info.status) {
    case 'progress':
      emit({ type: 'file-progress', modelId, file: info.file, loaded: info.loaded, total: info.total });
      break;
    case 'progress_total':
      emit({ type: 'model-progress', modelId, loaded: info.loaded, total: info.total, fraction: info.total > 0 ? Math.min(1, info.loaded / info.total) : 0 });
      break;
    case 'done':
      emit({ type: 'file-done', modelId, file: info.file });
      break;
    default:
      // initiate/download/ready carry nothing a progress bar shows.
      break;
  }
}
