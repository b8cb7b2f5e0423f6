import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Repository root (where package.json lives); data under models/ is resolved from here. */
export const REPO_ROOT = path.dirname(fileURLToPath(import.meta.url));

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

const databaseUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), {
    message: 'DATABASE_URL must look like postgres://user@host:5432/dbname',
  })
  .refine(
    (v) => {
      try {
        new URL(v);
        return true;
      } catch {
        // URL() throwing is exactly the "invalid" answer we are after here.
        return false;
      }
    },
    { message: 'DATABASE_URL is not a parseable URL' },
  );

/**
 * One configuration object, built once at the edge and frozen. Each field names
 * its environment variable; precedence: CLI flags > environment > config file > defaults.
 */
export const configSchema = z
  .object({
    /** DATABASE_URL: PostgreSQL server. Unset → embedded PGlite in `dataDir`. */
    databaseUrl: databaseUrl.optional(),
    /** SHELFWATCH_DATA_DIR: where PGlite, images and caches live. Default `.shelfwatch`. */
    dataDir: z.string().default('.shelfwatch'),
    /** REDIS_URL: set → pipeline stages run on BullMQ queues; unset → inline. */
    redisUrl: z.string().url().optional(),
    /** SHELFWATCH_MODELS_DIR: versioned models, lexicons and thresholds. Default `<repo>/models`. */
    modelsDir: z.string().default(path.join(REPO_ROOT, 'models')),
    /** SHELFWATCH_PROFILE: jurisdiction profile for thresholds and legal basis. Default `default`. */
    profile: z.string().default('default'),
    /** SHELFWATCH_USER_AGENT: sent on every crawl request, with a contact URL. */
    userAgent: z.string().default('ShelfwatchBot/0.1 (+https://github.com/shelfwatch/shelfwatch; market-surveillance crawler)'),
    /** SHELFWATCH_CRAWL_CONCURRENCY: parallel requests per crawl. Default 4. */
    crawlConcurrency: z.coerce.number().int().min(1).max(64).default(4),
    /** SHELFWATCH_MAX_PAGES: cap on pages per crawl. Default 1000. */
    maxPages: z.coerce.number().int().min(1).default(1000),
    /** SHELFWATCH_IMAGES_DIR: where downloaded listing images are stored, once per sha256. Default `<dataDir>/images`. */
    imagesDir: z.string().optional(),
    /** SHELFWATCH_OCR: run OCR on listing images. Default true. */
    ocr: z.coerce.boolean().default(true),
    /**
     * SHELFWATCH_TRANSFORMERS: `auto` runs each transformer classifier whose weights (and head) are on disk and
     * says why the others did not run; `on` requires them (an actionable error otherwise); `off` never loads them.
     * true/false are read as on/off. Default auto, which on a fresh checkout means rules + text model only.
     */
    transformers: z.preprocess(
      (v) => (v === true ? 'on' : v === false ? 'off' : typeof v === 'string' ? ({ true: 'on', '1': 'on', yes: 'on', false: 'off', '0': 'off', no: 'off' } as Record<string, string>)[v.toLowerCase()] ?? v.toLowerCase() : v),
      z.enum(['off', 'auto', 'on']),
    ).default('auto'),
    /** SHELFWATCH_MODEL_CACHE_DIR: where `models pull` and hub loads keep model files. Default `<dataDir>/models`. */
    modelCacheDir: z.string().optional(),
    /** SHELFWATCH_MODEL_REGISTRY: the transformers model registry (ids, pinned revisions, dtypes). Default models/transformers/registry.v1.json. */
    modelRegistry: z.string().optional(),
    /** SHELFWATCH_MODEL_HOST: model hub base URL (a mirror). Default https://huggingface.co/. */
    modelHost: z.string().url().optional(),
    /** SHELFWATCH_MODEL_DIR: local folder of transformers.js models (tried before the hub). */
    localModelDir: z.string().optional(),
    /** SHELFWATCH_OFFLINE: never touch the network for models. Default true. */
    offline: z.coerce.boolean().default(true),
    /** SHELFWATCH_QUEUE_PREFIX: Redis key prefix of the pipeline queues (one per deployment). Default `shelfwatch`. */
    queuePrefix: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, "_", "." or "-" only').default('shelfwatch'),
    /** SHELFWATCH_STAGE_CONCURRENCY: jobs at once per worker process and stage, e.g. `classify=8,ocr=1`; unnamed stages keep their default. */
    stageConcurrency: z.string().regex(/^(\s*[a-z-]+=\d+\s*)(,\s*[a-z-]+=\d+\s*)*$|^$/, 'write stage=N pairs separated by commas').default(''),
    /** SHELFWATCH_WORKER_PORT: HTTP port of a worker process for /metrics, /healthz, /readyz (0 = any free port). Default 9464. */
    workerPort: z.coerce.number().int().min(0).max(65535).default(9464),
    /** SHELFWATCH_CRAWL_RATE: requests per second per domain across all workers, unless a target sets its own. Default 2. */
    crawlRatePerSecond: z.coerce.number().positive().default(2),
    /** SHELFWATCH_JOB_LOCK_MS: how long a worker holds a job without renewing; a crashed worker's jobs return after about this long. Default 30000. */
    jobLockMs: z.coerce.number().int().min(1000).default(30_000),
    /** SHELFWATCH_THRESHOLD_REFRESH_MS: how long a process keeps the thresholds in force before asking the database again (analysts save new versions while workers run). Default 10000. */
    thresholdRefreshMs: z.coerce.number().int().min(0).default(10_000),
    /** LOG_LEVEL */
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .strict();

export type Config = Readonly<z.infer<typeof configSchema>>;
export type ConfigInput = z.input<typeof configSchema>;

const ENV_MAP: Record<string, keyof ConfigInput> = {
  DATABASE_URL: 'databaseUrl',
  SHELFWATCH_DATA_DIR: 'dataDir',
  REDIS_URL: 'redisUrl',
  SHELFWATCH_MODELS_DIR: 'modelsDir',
  SHELFWATCH_PROFILE: 'profile',
  SHELFWATCH_USER_AGENT: 'userAgent',
  SHELFWATCH_CRAWL_CONCURRENCY: 'crawlConcurrency',
  SHELFWATCH_MAX_PAGES: 'maxPages',
  SHELFWATCH_IMAGES_DIR: 'imagesDir',
  SHELFWATCH_OCR: 'ocr',
  SHELFWATCH_TRANSFORMERS: 'transformers',
  SHELFWATCH_MODEL_DIR: 'localModelDir',
  SHELFWATCH_OFFLINE: 'offline',
  SHELFWATCH_MODEL_CACHE_DIR: 'modelCacheDir',
  SHELFWATCH_MODEL_HOST: 'modelHost',
  SHELFWATCH_MODEL_REGISTRY: 'modelRegistry',
  LOG_LEVEL: 'logLevel',
  SHELFWATCH_QUEUE_PREFIX: 'queuePrefix',
  SHELFWATCH_STAGE_CONCURRENCY: 'stageConcurrency',
  SHELFWATCH_WORKER_PORT: 'workerPort',
  SHELFWATCH_CRAWL_RATE: 'crawlRatePerSecond',
  SHELFWATCH_JOB_LOCK_MS: 'jobLockMs',
  SHELFWATCH_THRESHOLD_REFRESH_MS: 'thresholdRefreshMs',
};

const BOOLEAN_KEYS = new Set<keyof ConfigInput>(['ocr', 'offline']);

function fromEnv(env: NodeJS.ProcessEnv): Partial<ConfigInput> {
  const out: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV_MAP)) {
    const v = env[name];
    if (v === undefined || v === '') continue;
    // z.coerce.boolean() treats "false" as true, so env booleans are parsed here.
    out[key] = BOOLEAN_KEYS.has(key) ? !['0', 'false', 'no', 'off'].includes(v.toLowerCase()) : v;
  }
  return out as Partial<ConfigInput>;
}

function fromFile(file: string | undefined): Partial<ConfigInput> {
  if (!file) return {};
  if (!existsSync(file)) throw new ConfigError(`config file ${file} does not exist`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<ConfigInput>;
  } catch (cause) {
    throw new ConfigError(`config file ${file} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
}

/** Builds the frozen configuration; throws ConfigError naming the bad field and its variable. */
export function loadConfig(
  flags: Partial<ConfigInput> = {},
  env: NodeJS.ProcessEnv = process.env,
  configFile: string | undefined = env.SHELFWATCH_CONFIG,
): Config {
  const definedFlags = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined));
  const merged = { ...fromFile(configFile), ...fromEnv(env), ...definedFlags };
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const envName = (key: string) => Object.entries(ENV_MAP).find(([, k]) => k === key)?.[0];
    const msg = parsed.error.issues
      .map((i) => {
        const key = String(i.path[0] ?? '');
        const name = envName(key);
        return `${name ?? key}: ${i.message}`;
      })
      .join('; ');
    throw new ConfigError(`invalid configuration: ${msg}`);
  }
  return Object.freeze(parsed.data);
}
