import { createHash } from 'node:crypto';
import { FlowProducer, Queue, type DefaultJobOptions, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { Target } from '../crawlers/targets.js';
import type { Verdict } from '../domain/labels.js';
import type { ListingInput } from '../domain/listing.js';
import type { ImageText } from '../domain/ocr.js';

/**
 * The distributed pipeline's queues: one BullMQ queue per stage, each job one
 * unit of work. Stage code is the same functions the inline runner calls; the
 * workers in `workers/<stage>.worker.ts` only move data between them.
 *
 *   crawl (target | page batch) → ocr (one image) → classify (one listing) → triage (one listing)
 *   takedown-verify (one takedown request), scheduled after a takedown
 */
export const STAGES = ['crawl', 'ocr', 'classify', 'triage', 'takedown-verify'] as const;
export type Stage = (typeof STAGES)[number];

/** crawl: a whole target, or a batch of already extracted listings (a page batch, an import, the benchmark). */
export type CrawlJobData =
  | {
      kind: 'target';
      /** The target as parsed from the targets file (plain JSON), or `adHocTarget()` for a bare URL. */
      target: Target;
      trigger: 'schedule' | 'manual';
      /** Mark active listings the crawl did not see as removed (full crawls only). */
      markMissingRemoved?: boolean;
      /** Re-fetch known listing URLs so 404/410 marks them removed. */
      revisitKnown?: boolean;
    }
  | { kind: 'listings'; platform: string; listings: ListingInput[]; crawlRunId?: number };

/** ocr: one image of one listing content version. */
export interface OcrJobData {
  listingId: string;
  contentHash: string;
  imageIndex: number;
}
export type OcrJobResult = { ok: true; text: ImageText } | { ok: false; code: string; reason: string };

/** classify: one listing content version; OCR results arrive as the values of its `ocr` children. */
export interface ClassifyJobData {
  listingId: string;
  contentHash: string;
}
export interface ClassifyJobResult {
  outcome: 'classified' | 'superseded' | 'missing';
}

/** triage: the verdict of one listing content version → a deduplicated case. */
export interface TriageJobData {
  listingId: string;
  contentHash: string;
  verdict: Verdict;
}

/**
 * takedown-verify: re-fetch the listing of a takedown request to confirm it is
 * gone; or (`sweep`) give every sent request its re-check schedule, so a notice
 * sent from the workbench is re-checked without anyone running a command.
 */
export type VerifyJobData = { takedownId: number } | { sweep: true; everyMs: number };

export interface JobDataByStage {
  crawl: CrawlJobData;
  ocr: OcrJobData;
  classify: ClassifyJobData;
  triage: TriageJobData;
  'takedown-verify': VerifyJobData;
}

export type StageQueues = { [S in Stage]: Queue<JobDataByStage[S]> };

/**
 * Retries with exponential backoff (1 s, 2 s, 4 s, 8 s) and bounded history:
 * completed jobs are kept an hour (enough for `jobs` and dedupe by id of a
 * just-finished job), failed ones a week so an operator can inspect and retry.
 */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 3600, count: 20_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export interface QueueSetOptions {
  /** Redis URL (REDIS_URL). */
  redisUrl: string;
  /** Key prefix that namespaces every queue; tests use a unique one. Default `shelfwatch`. */
  prefix?: string;
  defaultJobOptions?: DefaultJobOptions;
}

/**
 * An ioredis connection as BullMQ needs it: `maxRetriesPerRequest: null` so
 * blocking commands wait through a Redis restart instead of failing, and a
 * capped reconnect backoff (50 ms steps, at most 2 s).
 */
export function redisConnection(url: string, name?: string): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    connectionName: name,
    retryStrategy: (times) => Math.min(times * 50, 2000),
  });
  // Connection errors while Redis restarts are expected and retried; without a listener ioredis
  // prints each one. Workers report them through their own 'error' event and /readyz.
  redis.on('error', () => undefined);
  return redis;
}

/** Producer side: the five queues and a flow producer on one connection. */
export class PipelineQueues {
  readonly connection: Redis;
  readonly prefix: string;
  readonly queues: StageQueues;
  readonly flows: FlowProducer;

  constructor(opts: QueueSetOptions) {
    this.prefix = opts.prefix ?? 'shelfwatch';
    this.connection = redisConnection(opts.redisUrl, `${this.prefix}:producer`);
    const defaultJobOptions = { ...DEFAULT_JOB_OPTIONS, ...opts.defaultJobOptions };
    const make = <S extends Stage>(s: S) => new Queue<JobDataByStage[S]>(s, { connection: this.connection, prefix: this.prefix, defaultJobOptions });
    this.queues = {
      crawl: make('crawl'),
      ocr: make('ocr'),
      classify: make('classify'),
      triage: make('triage'),
      'takedown-verify': make('takedown-verify'),
    };
    this.flows = new FlowProducer({ connection: this.connection, prefix: this.prefix });
    for (const q of Object.values(this.queues)) q.on('error', () => undefined);
    this.flows.on('error', () => undefined);
  }

  queue<S extends Stage>(stage: S): Queue<JobDataByStage[S]> {
    return this.queues[stage] as Queue<JobDataByStage[S]>;
  }

  /** Waiting + active + delayed + waiting-children jobs per stage: zero everywhere means the pipeline is idle. */
  async depth(): Promise<Record<Stage, Record<string, number>>> {
    const out = {} as Record<Stage, Record<string, number>>;
    for (const s of STAGES) {
      out[s] = await this.queues[s].getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed');
    }
    return out;
  }

  /**
   * Jobs still to run. A job scheduler always keeps its next run as a delayed
   * job; that is a timetable, not pending work, so only delayed jobs of no
   * scheduler (retries waiting out their backoff) count. Without this, a
   * deployment with any schedule would never look idle.
   */
  async pending(): Promise<number> {
    const d = await this.depth();
    let n = 0;
    for (const s of STAGES) {
      n += d[s].waiting + d[s].active + d[s].prioritized + d[s]['waiting-children'];
      if (d[s].delayed) n += (await this.queues[s].getDelayed(0, -1)).filter((j) => !j.repeatJobKey).length;
    }
    return n;
  }

  /** Removes every queue of this prefix (tests and benchmarks that need a clean slate). */
  async obliterate(): Promise<void> {
    for (const s of STAGES) await this.queues[s].obliterate({ force: true });
  }

  async close(): Promise<void> {
    await this.flows.close();
    for (const s of STAGES) await this.queues[s].close();
    this.connection.disconnect();
  }
}

/**
 * Job ids that make enqueueing idempotent: the same listing content version
 * gets the same job id, and BullMQ ignores an add whose id exists. BullMQ
 * forbids `:` in custom ids, and listing ids contain it, so the id is hashed.
 */
export function listingJobId(stage: Stage, listingId: string, contentHash: string, extra = ''): string {
  const h = createHash('sha1').update(`${listingId}\u0000${contentHash}\u0000${extra}`).digest('hex').slice(0, 24);
  return `${stage}-${h}`;
}

/** Per-job overrides that must not be lost when default options are merged. */
export function jobOptions(jobId: string, extra: JobsOptions = {}): JobsOptions {
  return { jobId, ...extra };
}
