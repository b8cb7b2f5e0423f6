import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * The transformer models Shelfwatch may run, as data (models/transformers/registry.v1.json):
 * which repository, which exact commit, which ONNX file (dtype) and how to read its output.
 * Pinning the commit makes a prediction's version reproducible: `main` moves.
 */

/** The registry shipped with the project. */
export const DEFAULT_REGISTRY_PATH = fileURLToPath(new URL('../../models/transformers/registry.v1.json', import.meta.url));

/** transformers.js dtypes we accept; each maps to one ONNX file name (see `requiredModelFiles`). */
export const MODEL_DTYPES = ['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4'] as const;
export type ModelDtype = (typeof MODEL_DTYPES)[number];

const baseEntry = {
  /** Hub repository id (`owner/name`) or, for a local-only model, a folder name. */
  id: z
    .string()
    .min(1)
    .regex(/^[\w.-]+(\/[\w.-]+)?$/, 'id must look like owner/name'),
  /** Full commit sha: a branch name would let the weights change under a stored prediction. */
  revision: z.string().regex(/^[0-9a-f]{40}$/, 'revision must be a full 40-character commit sha, not a branch'),
  dtype: z.enum(MODEL_DTYPES),
  license: z.string().optional(),
  baseModel: z.string().optional(),
  /** Rough download size in bytes, so `models pull` can say what it is about to fetch. */
  approxBytes: z.number().int().positive().optional(),
  note: z.string().optional(),
};

export const embeddingEntrySchema = z
  .object({
    ...baseEntry,
    task: z.literal('feature-extraction'),
    pooling: z.enum(['mean', 'cls']).default('mean'),
    normalize: z.boolean().default(true),
    /** Prepended to every text (e5 models expect `query: `). */
    queryPrefix: z.string().default(''),
    /** Expected vector length; checked against the first encoded batch when set. */
    dimension: z.number().int().positive().optional(),
  })
  .strict();

export const nliEntrySchema = z
  .object({
    ...baseEntry,
    task: z.literal('zero-shot-classification'),
    /** The model's output labels by logit index; must contain entailment and contradiction. */
    nliLabels: z
      .array(z.enum(['entailment', 'neutral', 'contradiction']))
      .min(2)
      .refine((l) => l.includes('entailment') && l.includes('contradiction'), {
        message: 'nliLabels must contain entailment and contradiction',
      })
      .refine((l) => new Set(l).size === l.length, { message: 'nliLabels must not repeat' }),
  })
  .strict();

export const modelEntrySchema = z.discriminatedUnion('task', [embeddingEntrySchema, nliEntrySchema]);

export type EmbeddingModelEntry = z.output<typeof embeddingEntrySchema>;
export type NliModelEntry = z.output<typeof nliEntrySchema>;
export type ModelEntry = z.output<typeof modelEntrySchema>;
export type ModelEntryInput = z.input<typeof modelEntrySchema>;

export const registrySchema = z
  .object({
    schema: z.literal('shelfwatch.transformers-registry/v1'),
    defaults: z.object({ embedding: z.string(), nli: z.string() }).strict(),
    models: z.array(modelEntrySchema).min(1),
  })
  .strict()
  .superRefine((r, ctx) => {
    const ids = r.models.map((m) => m.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['models', i, 'id'], message: `duplicate id ${id}` });
    });
    const want = { embedding: 'feature-extraction', nli: 'zero-shot-classification' } as const;
    for (const role of ['embedding', 'nli'] as const) {
      const m = r.models.find((x) => x.id === r.defaults[role]);
      if (!m) ctx.addIssue({ code: 'custom', path: ['defaults', role], message: `${r.defaults[role]} is not in models` });
      else if (m.task !== want[role])
        ctx.addIssue({ code: 'custom', path: ['defaults', role], message: `${m.id} has task ${m.task}, expected ${want[role]}` });
    }
  });

export type ModelRegistry = z.output<typeof registrySchema>;

export class ModelRegistryError extends Error {
  readonly code = 'MODEL_REGISTRY_INVALID';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelRegistryError';
  }
}

/** Validates registry JSON already in memory (tests, config-provided registries). */
export function parseModelRegistry(data: unknown, source = '(inline)'): ModelRegistry {
  const r = registrySchema.safeParse(data);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ModelRegistryError(`model registry ${source} is invalid: ${issues}`);
  }
  return r.data;
}

export function loadModelRegistry(file: string = DEFAULT_REGISTRY_PATH): ModelRegistry {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ModelRegistryError(`cannot read model registry ${file}: ${(cause as Error).message}`, { cause });
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (cause) {
    throw new ModelRegistryError(`model registry ${file} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  return parseModelRegistry(data, file);
}

/** Validates one entry (tests and local models that are not in the shipped registry). */
export function parseModelEntry(data: ModelEntryInput): ModelEntry {
  const r = modelEntrySchema.safeParse(data);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ModelRegistryError(`model entry is invalid: ${issues}`);
  }
  return r.data;
}

export function findModel(registry: ModelRegistry, id: string): ModelEntry {
  const m = registry.models.find((x) => x.id === id);
  if (!m) {
    throw new ModelRegistryError(`model ${id} is not in the registry; known: ${registry.models.map((x) => x.id).join(', ')}`);
  }
  return m;
}

/** The embedding model: `id` if given (e.g. from config), else the registry default. */
export function embeddingModel(registry: ModelRegistry, id = registry.defaults.embedding): EmbeddingModelEntry {
  const m = findModel(registry, id);
  if (m.task !== 'feature-extraction') throw new ModelRegistryError(`model ${id} is a ${m.task} model, not an embedding model`);
  return m;
}

/** The NLI model for zero-shot classification: `id` if given (configurable), else the registry default. */
export function nliModel(registry: ModelRegistry, id = registry.defaults.nli): NliModelEntry {
  const m = findModel(registry, id);
  if (m.task !== 'zero-shot-classification') throw new ModelRegistryError(`model ${id} is a ${m.task} model, not an NLI model`);
  return m;
}
