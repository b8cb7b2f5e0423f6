import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseListing, type Listing, type ListingInput } from '../../../../domain/listing.js';
import type { ModelSettings } from '../../../../classifiers/transformers/model-loader.js';
import {
  parseModelEntry,
  type EmbeddingModelEntry,
  type NliModelEntry,
} from '../../../../classifiers/transformers/model-registry.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
/** Random-weight test models (see ../shared/README.md): their outputs mean nothing, only shapes and ranges are asserted. */
import { sharedModels } from '../../../helpers/shared.js';

export { sharedModels };

// Local models ignore the revision; any full sha satisfies the registry schema.
export const FAKE_REVISION = '0123456789abcdef0123456789abcdef01234567';

export const tinyEmbedder = parseModelEntry({
  id: 'tiny-random-embedder',
  revision: FAKE_REVISION,
  task: 'feature-extraction',
  dtype: 'q8',
  pooling: 'mean',
  normalize: true,
  queryPrefix: 'query: ',
}) as EmbeddingModelEntry;

export const tinyNli = parseModelEntry({
  id: 'tiny-random-nli',
  revision: FAKE_REVISION,
  task: 'zero-shot-classification',
  dtype: 'q8',
  // tiny-random-nli's config.json id2label order.
  nliLabels: ['contradiction', 'neutral', 'entailment'],
}) as NliModelEntry;

export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), `shelfwatch-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Offline settings that find the shared test models; the cache is a fresh empty folder. */
export function offlineSettings(cacheDir: string): ModelSettings {
  return { localModelDir: sharedModels, cacheDir, offline: true, threads: 1 };
}

export function listing(overrides: Partial<ListingInput> = {}): Listing {
  return parseListing({
    id: 'l-1',
    platform: 'test',
    url: 'https://shop.example/p/1',
    title: 'Trà thảo mộc giảm cân cấp tốc',
    description: 'Uống mỗi ngày. Chữa khỏi tiểu đường sau 7 ngày! Không cần dùng thuốc nữa.',
    labelClaims: ['100% tự nhiên', 'Bộ Y tế chứng nhận'],
    ingredients: ['lá sen', 'trà xanh'],
    ...overrides,
  });
}

export function listings(): Listing[] {
  return [
    listing(),
    listing({ id: 'l-2', title: 'Organic green tea 100g', description: 'Cures diabetes and cancer in 2 weeks.', labelClaims: ['sugar free'] }),
    listing({ id: 'l-3', title: '降血糖神药 无糖', description: '三天见效，永不复发。', labelClaims: [] }),
    listing({ id: 'l-4', title: '홍삼 진액', description: '면역력 증진에 도움을 줄 수 있음', labelClaims: ['식약처 인증'] }),
    listing({ id: 'l-5', title: 'Plain rice 5kg', description: '', labelClaims: [], ingredients: [] }),
  ];
}

export function expectInUnitRange(x: number): void {
  if (!(Number.isFinite(x) && x >= 0 && x <= 1)) throw new Error(`expected a score in [0,1], got ${x}`);
}
