import { ensureRecheckSweepExists, RECHECK_SWEEP_ID } from '../schedules.js';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import { UnrecoverableError, WaitingError, Worker, type Job, type Processor } from 'bullmq';
import { pino, type Logger } from 'pino';
import type { Config } from '../../config.js';
import { openDatabase } from '../../db/client.js';
import { closePipelineContext, createPipelineContext, type PipelineContext } from '../context.js';
import { PipelineMetrics } from '../metrics.js';
import { PipelineQueues, STAGES, redisConnection, type Stage } from '../queues.js';
import { DomainRateLimiter } from '../rate-limit.js';
import { classifyProcessor } from './classify.worker.js';
import { crawlProcessor } from './crawl.worker.js';
import type { WorkerDeps } from './deps.js';
import { createOcrImageStage, ocrProcessor, type OcrImageStage } from './ocr.worker.js';
import { takedownVerifyProcessor } from './takedown-verify.worker.js';
import { triageProcessor } from './triage.worker.js';

/**
 * Jobs at once per stage in one worker process. OCR is 1 because each
 * tesseract instance holds 100–200 MB and saturates a core; classify and triage
 * mostly wait on PostgreSQL, so several run at once on one event loop.
 */
export const DEFAULT_STAGE_CONCURRENCY: Record<Stage, number> = { crawl: 2, ocr: 1, classify: 16, triage: 16, 'takedown-verify': 2 };

/** `classify=8, ocr=1` → per-stage overrides; unknown stage names fail fast. */
export function parseStageConcurrency(spec: string): Partial<Record<Stage, number>> {
  const out: Partial<Record<Stage, number>> = {};
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [name, n] = part.split('=').map((s) => s.trim());
    if (!(STAGES as readonly string[]).includes(name)) throw new RangeError(`unknown stage "${name}" in stage concurrency (stages: ${STAGES.join(', ')})`);
    const v = Number.parseInt(n, 10);
    if (!(v >= 1)) throw new RangeError(`concurrency of ${name} must be ≥ 1 (got "${n}")`);
    out[name as Stage] = v;
  }
  return out;
}

export function parseStages(spec: string | undefined): Stage[] {
  if (!spec) return [...STAGES];
  const stages = spec.split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of stages) if (!(STAGES as readonly string[]).includes(s)) throw new RangeError(`unknown stage "${s}" (stages: ${STAGES.join(', ')})`);
  return [...new Set(stages)] as Stage[];
}

export interface WorkerHostOptions {
  config: Config;
  /** Stages this process works on. Default: all. */
  stages?: Stage[];
  /** Jobs at once for every stage of this process (`--concurrency`); else config, else the defaults above. */
  concurrency?: number;
  /** HTTP port for /metrics, /healthz, /readyz; null = no server. Default config.workerPort. */
  port?: number | null;
  /** Worker name stored on the jobs it takes. Default `<host>:<pid>`. */
  name?: string;
  log?: Logger;
  /** Replaces the tesseract.js OCR stage (tests, benchmarks). */
  ocr?: OcrImageStage;
  /** Stalled-job check period in ms. Default: half the lock duration. */
  stalledIntervalMs?: number;
}

/** Errors that a retry cannot fix: fail the job at once instead of burning its attempts. */
function isPermanent(err: unknown): boolean {
  const e = err as { retryable?: unknown; code?: unknown; name?: unknown };
  if (e?.retryable === false) return true;
  return typeof e?.code === 'string' && ['LISTING_INVALID', 'CONFIG_INVALID', 'TARGETS_INVALID'].includes(e.code);
}

/**
 * The error a failed job keeps in Redis: the first line of the message (a
 * driver's "Failed query: …" is followed by every parameter, which does not
 * belong in Redis), plus the root cause, which is what an operator needs.
 */
export function jobError(err: unknown): Error {
  if (!(err instanceof Error)) return new Error(String(err));
  let root: unknown = err;
  while (root instanceof Error && root.cause instanceof Error) root = root.cause;
  const head = err.message.split('\n')[0].slice(0, 300);
  const message = root !== err && root instanceof Error ? `${head} — caused by: ${root.message.split('\n')[0].slice(0, 500)}` : head;
  if (message === err.message) return err;
  const out = new Error(message, { cause: err });
  out.name = err.name;
  const code = (err as { code?: unknown }).code ?? (root as { code?: unknown }).code;
  if (code !== undefined) Object.assign(out, { code });
  out.stack = `${out.name}: ${message}\n${(err.stack ?? '').split('\n').slice(1).join('\n')}`;
  return out;
}

/**
 * One worker process: a BullMQ Worker per stage it runs, sharing one pipeline
 * context (database pool, classifiers, thresholds), metrics and health over HTTP.
 */
export class WorkerHost {
  readonly workers = new Map<Stage, Worker>();
  readonly metrics: PipelineMetrics;
  readonly queues: PipelineQueues;
  readonly log: Logger;
  server?: Server;
  port?: number;
  private closing?: Promise<void>;
  private handingBack = false;

  private constructor(
    readonly opts: WorkerHostOptions,
    readonly ctx: PipelineContext,
    readonly deps: WorkerDeps,
  ) {
    this.metrics = deps.metrics;
    this.queues = deps.queues;
    this.log = deps.log;
  }

  static async start(opts: WorkerHostOptions): Promise<WorkerHost> {
    const { config } = opts;
    if (!config.redisUrl) throw new RangeError('REDIS_URL is not set: workers need Redis (without it, `shelfwatch crawl` runs the pipeline inline)');
    const stages = opts.stages ?? [...STAGES];
    const perStage = { ...DEFAULT_STAGE_CONCURRENCY, ...parseStageConcurrency(config.stageConcurrency) };
    const concurrency = Object.fromEntries(stages.map((s) => [s, opts.concurrency ?? perStage[s]])) as Record<Stage, number>;
    const name = opts.name ?? `${os.hostname()}:${process.pid}`;
    const log = opts.log ?? pino({ level: config.logLevel, base: { pid: process.pid, worker: name } });
    // One connection per job that can be in flight (a crawl job stores crawlConcurrency listings at once), capped.
    const poolSize = Math.min(40, 2 + Object.entries(concurrency).reduce((a, [s, n]) => a + n * (s === 'crawl' ? config.crawlConcurrency : 1), 0));
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize });
    const ctx = await createPipelineContext(config, { database });
    const queues = new PipelineQueues({ redisUrl: config.redisUrl, prefix: config.queuePrefix });
    const metrics = new PipelineMetrics(queues);
    const limiter = new DomainRateLimiter(queues.connection, { perSecond: config.crawlRatePerSecond, prefix: config.queuePrefix });
    const ocr = stages.includes('ocr') && config.ocr ? (opts.ocr ?? createOcrImageStage()) : undefined;
    const deps: WorkerDeps = { ctx, queues, metrics, log, limiter, ocr };
    const host = new WorkerHost(opts, ctx, deps);
    const processors: Record<Stage, Processor> = {
      crawl: crawlProcessor(deps),
      ocr: ocrProcessor(deps),
      classify: classifyProcessor(deps),
      triage: triageProcessor(deps),
      'takedown-verify': takedownVerifyProcessor(deps),
    };
    for (const stage of stages) {
      const worker = new Worker(stage, host.wrap(stage, processors[stage]), {
        connection: redisConnection(config.redisUrl, `${config.queuePrefix}:worker:${stage}`),
        prefix: config.queuePrefix,
        name,
        concurrency: concurrency[stage],
        lockDuration: config.jobLockMs,
        stalledInterval: opts.stalledIntervalMs ?? Math.max(1000, Math.floor(config.jobLockMs / 2)),
        // A job whose worker died twice is probably what kills workers: park it in failed for a human.
        maxStalledCount: 2,
        autorun: false,
      });
      worker.on('failed', (job: Job | undefined, err: Error) => {
        const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1) || err.name === 'UnrecoverableError';
        metrics.jobsFailed.inc({ stage, final: String(final) });
        log[final ? 'error' : 'warn']({ stage, jobId: job?.id, attempt: job?.attemptsMade, final, err: err.message }, final ? 'job failed' : 'job attempt failed, will retry');
      });
      worker.on('stalled', (jobId: string) => log.warn({ stage, jobId }, 'stalled job returned to the queue'));
      // Connection trouble (a Redis restart) is reported here; ioredis reconnects by itself.
      worker.on('error', (err: Error) => log.warn({ stage, err: err.message }, 'worker error'));
      host.workers.set(stage, worker);
    }
    if (stages.includes('takedown-verify') && (await ensureRecheckSweepExists(queues))) log.info({ scheduler: RECHECK_SWEEP_ID }, 'takedown re-check sweep created with its defaults');
    const port = opts.port === undefined ? config.workerPort : opts.port;
    if (port !== null) await host.listen(port);
    for (const w of host.workers.values()) void w.run().catch((err: Error) => log.error({ err: err.message }, 'worker loop ended'));
    log.info({ stages, concurrency, port: host.port, prefix: config.queuePrefix, database: database.location }, 'worker started');
    return host;
  }

  /** Timing, counters and a job-scoped logger around a stage processor; hands a job back to the queue on shutdown. */
  private wrap(stage: Stage, processor: Processor): Processor {
    return async (job, token, signal) => {
      const end = this.metrics.stageSeconds.startTimer({ stage });
      const log = this.log.child({ stage, jobId: job.id, attempt: job.attemptsMade + 1 });
      let onAbort: (() => void) | undefined;
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => reject(Object.assign(new Error('job cancelled: worker shutting down'), { code: 'SHUTDOWN' }));
        signal?.addEventListener('abort', onAbort, { once: true });
      });
      aborted.catch(() => undefined);
      try {
        const result = await Promise.race([processor(job, token, signal), aborted]);
        end();
        this.metrics.jobsCompleted.inc({ stage });
        log.debug('job completed');
        return result;
      } catch (err) {
        if (this.handingBack && signal?.aborted) {
          // Shutdown grace is over: give the job back now instead of waiting for its lock to expire.
          await job.moveToWait(token);
          log.info('job handed back to the queue');
          throw new WaitingError();
        }
        const e = jobError(err);
        if (isPermanent(err)) throw new UnrecoverableError(`[${(err as { code?: string }).code ?? 'PERMANENT'}] ${e.message}`);
        throw e;
      } finally {
        if (onAbort) signal?.removeEventListener('abort', onAbort);
      }
    };
  }

  private async listen(port: number): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req.url ?? '/').then(
        ({ status, type, body }) => {
          res.writeHead(status, { 'content-type': type });
          res.end(body);
        },
        (err: Error) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(err.message);
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '0.0.0.0', () => resolve());
    });
    const addr = this.server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : port;
  }

  private async handle(url: string): Promise<{ status: number; type: string; body: string }> {
    const path = url.split('?')[0];
    if (path === '/metrics') return { status: 200, type: this.metrics.contentType, body: await this.metrics.metrics() };
    if (path === '/healthz') return this.closing ? { status: 503, type: 'text/plain', body: 'shutting down\n' } : { status: 200, type: 'text/plain', body: 'ok\n' };
    if (path === '/readyz') {
      const checks = await this.readiness();
      const ok = Object.values(checks).every((v) => v === 'ok');
      return { status: ok ? 200 : 503, type: 'application/json', body: JSON.stringify({ ready: ok, checks }) + '\n' };
    }
    return { status: 404, type: 'text/plain', body: 'not found (try /metrics, /healthz, /readyz)\n' };
  }

  /** Ready = Redis answers, PostgreSQL answers, every stage worker runs, not shutting down. */
  async readiness(): Promise<Record<string, string>> {
    const timeout = <T>(p: Promise<T>) => Promise.race([p, new Promise<never>((_, r) => setTimeout(() => r(new Error('timeout after 2 s')), 2000))]);
    const checks: Record<string, string> = {};
    checks.shutdown = this.closing ? 'shutting down' : 'ok';
    try {
      await timeout(this.queues.connection.ping());
      checks.redis = 'ok';
    } catch (e) {
      checks.redis = (e as Error).message;
    }
    try {
      await timeout(this.ctx.database.db.execute('select 1' as never));
      checks.database = 'ok';
    } catch (e) {
      checks.database = (e as Error).message;
    }
    for (const [stage, w] of this.workers) checks[`worker:${stage}`] = w.isRunning() ? 'ok' : 'not running';
    return checks;
  }

  /**
   * Graceful stop: take no new jobs, let active ones finish for `graceMs`, then
   * hand the rest back to the queue (another worker takes them at once).
   */
  close(graceMs = 30_000): Promise<void> {
    this.closing ??= (async () => {
      this.log.info({ graceMs }, 'shutting down: finishing active jobs');
      const all = [...this.workers.values()];
      const finished = Promise.all(all.map((w) => w.close())).then(() => true);
      const inTime = await Promise.race([finished, new Promise<false>((r) => setTimeout(() => r(false), graceMs).unref())]);
      if (!inTime) {
        this.handingBack = true;
        for (const w of all) w.cancelAllJobs('shutdown');
        await Promise.race([finished, new Promise((r) => setTimeout(r, 5000).unref())]);
        await Promise.all(all.map((w) => w.close(true)));
      }
      await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
      await this.deps.ocr?.close();
      await this.queues.close();
      await closePipelineContext(this.ctx);
      this.log.info('worker stopped');
    })();
    return this.closing;
  }
}
