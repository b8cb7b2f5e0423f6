import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Worker as Thread } from 'node:worker_threads';
import Tesseract from 'tesseract.js';
import type { OcrWord } from '../../domain/ocr.js';
import { OcrEngineError, OcrSettingsError } from './errors.js';
import type { OcrEngine, OcrOutput, OcrRecognizeOptions } from './ocr-engine.js';
import { NPM_TESSDATA_VERSION, assembleNpmTessdata, assertLanguagesAvailable, type TessdataSource } from './tessdata.js';

/**
 * tesseract.js behind the OcrEngine port. A tesseract worker is loaded with one
 * language set, so the pool keeps one scheduler ("lane") per language set,
 * created on first use and grown one worker at a time up to `poolSize`.
 * At most `poolSize` recognitions run at once (each is single-threaded WASM, so
 * one per core), and at most `maxWorkers` workers stay alive: past that the
 * least recently used idle lane is terminated.
 *
 * Jobs wait in the pool's own queue and are handed to a scheduler only when one
 * of its workers is free, so an aborted job that has not started never runs and
 * a lane can be retired without orphaning jobs queued inside tesseract.js.
 */

/** tesseract.js release in package.json; a test checks it against node_modules. */
export const TESSERACT_JS_VERSION = '7.0.0';
/** Engine + data as stored with every result: a result from another version is read again. */
export const OCR_ENGINE_VERSION = `tesseract.js@${TESSERACT_JS_VERSION}+${NPM_TESSDATA_VERSION}`;

export interface TesseractPoolOptions {
  /** Recognitions running at once, and the most workers one language set gets. Default `os.availableParallelism()`. */
  poolSize?: number;
  /** Workers alive across all language sets; idle least-recently-used sets are ended past it. Default `2 × poolSize`. */
  maxWorkers?: number;
  /**
   * Language data folder. Default: the @tesseract.js-data npm packages linked
   * into `<cacheDir>/tessdata-4.0.0_best_int`. `DEBIAN_TESSDATA` uses Debian's
   * faster tessdata_fast models (apt packages tesseract-ocr-<lang>).
   */
  tessdata?: TessdataSource;
  /** Where the npm data folder is assembled. Default `<os tmpdir>/shelfwatch-ocr`. */
  cacheDir?: string;
  /** Tesseract page segmentation mode. Default `'4'` (one column of text of varying sizes; see models/ocr/ocr-settings.v1.json). */
  pageSegMode?: string;
  /** A recognition running longer is treated as a stuck worker: it fails with OCR_TIMEOUT and its lane is replaced. Default 60000. */
  jobTimeoutMs?: number;
}

/** What a test or a health endpoint may look at. */
export interface PoolSnapshot {
  lanes: Array<{ languages: string; schedulerId: number; workers: number; starting: number; running: number }>;
  totalWorkers: number;
  running: number;
  queued: number;
  /** Schedulers created since the pool was made; stays flat while lanes are reused. */
  schedulersCreated: number;
  /** The latest worker failure (start-up, crash, timeout), also when no job saw it. */
  lastError?: { code: string; message: string; at: string };
}

interface Job {
  readonly languages: string;
  readonly image: Buffer;
  settled: boolean;
  /** The pool has stopped counting this job as running (it timed out); its eventual settle is ignored. */
  released: boolean;
  finish(error: unknown, output?: OcrOutput): void;
}

interface Lane {
  readonly languages: string;
  readonly schedulerId: number;
  readonly scheduler: Tesseract.Scheduler;
  readonly workers: Tesseract.Worker[];
  starting: number;
  running: number;
  lastUsed: number;
  /** No new jobs; terminated once its running jobs settle. */
  retired: boolean;
  readonly active: Set<Job>;
}

const OUTPUT: Partial<Tesseract.OutputFormats> = { text: true, blocks: true };
/** tesseract.js's Node worker script behind a small guard; see tesseract-worker.cjs. */
const WORKER_SCRIPT = fileURLToPath(new URL('./tesseract-worker.cjs', import.meta.url));
/** '3' (automatic) finds no text on many Korean labels; '4' read the demo labels best. */
const DEFAULT_PAGE_SEG_MODE = '4';
/**
 * chi_sim's traineddata asks for a `chi_sim_vert` sub-language that no package
 * ships; tesseract then prints a garbled "Error opening data file" for every
 * worker. Vertical Chinese is not read either way.
 */
const INIT_CONFIG = { tessedit_load_sublangs: '' } as unknown as Partial<Tesseract.InitOptions>;

export class TesseractPool implements OcrEngine {
  readonly name = 'tesseract.js';
  readonly version: string;
  readonly poolSize: number;
  readonly maxWorkers: number;
  private readonly pageSegMode: string;
  private readonly jobTimeoutMs: number;
  private readonly options: TesseractPoolOptions;
  private tessdata?: Promise<TessdataSource>;
  /** Lanes taking jobs, by language set. */
  private readonly lanes = new Map<string, Lane>();
  /** Every lane not yet terminated, including retired ones still finishing jobs. */
  private readonly alive = new Set<Lane>();
  private readonly startups = new Set<Promise<void>>();
  private readonly queue: Job[] = [];
  private running = 0;
  private schedulersCreated = 0;
  private lastError?: PoolSnapshot['lastError'];
  private closing?: Promise<void>;

  constructor(options: TesseractPoolOptions = {}) {
    this.options = options;
    this.poolSize = options.poolSize ?? os.availableParallelism();
    this.maxWorkers = options.maxWorkers ?? 2 * this.poolSize;
    this.pageSegMode = options.pageSegMode ?? DEFAULT_PAGE_SEG_MODE;
    this.jobTimeoutMs = options.jobTimeoutMs ?? 60_000;
    if (!Number.isInteger(this.poolSize) || this.poolSize < 1) {
      throw new OcrSettingsError(`poolSize must be a whole number ≥ 1, got ${this.poolSize}`);
    }
    if (!Number.isInteger(this.maxWorkers) || this.maxWorkers < 1) {
      throw new OcrSettingsError(`maxWorkers must be a whole number ≥ 1, got ${this.maxWorkers}`);
    }
    this.version = `tesseract.js@${TESSERACT_JS_VERSION}+${options.tessdata?.dataVersion ?? NPM_TESSDATA_VERSION}`;
  }

  async recognize(image: Buffer, opts: OcrRecognizeOptions): Promise<OcrOutput> {
    opts.signal?.throwIfAborted();
    if (this.closing) throw closedError();
    const source = await this.loadTessdata();
    // Checked per call (a stat per language) so a missing pack fails this image with a clear message, not a worker crash.
    assertLanguagesAvailable(opts.language, source);
    opts.signal?.throwIfAborted();
    if (this.closing) throw closedError();

    return new Promise<OcrOutput>((resolve, reject) => {
      const onAbort = () => {
        const i = this.queue.indexOf(job);
        if (i >= 0) this.queue.splice(i, 1);
        // A running job cannot be interrupted inside WASM; its worker finishes and is then free again.
        job.finish(opts.signal?.reason);
      };
      const job: Job = {
        languages: opts.language,
        image,
        settled: false,
        released: false,
        finish(error, output) {
          if (this.settled) return;
          this.settled = true;
          opts.signal?.removeEventListener('abort', onAbort);
          if (error === undefined || error === null) resolve(output!);
          else reject(error);
        },
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(job);
      this.pump(source);
    });
  }

  /** Assembled once; a failure is not remembered, so a fixed installation works without a restart. */
  private loadTessdata(): Promise<TessdataSource> {
    this.tessdata ??= (this.options.tessdata ? Promise.resolve(this.options.tessdata) : assembleNpmTessdata(this.options.cacheDir)).catch(
      (error: unknown) => {
        this.tessdata = undefined;
        throw error;
      },
    );
    return this.tessdata;
  }

  snapshot(): PoolSnapshot {
    const lanes = [...this.alive].map((l) => ({
      languages: l.languages,
      schedulerId: l.schedulerId,
      workers: l.workers.length,
      starting: l.starting,
      running: l.running,
    }));
    return {
      lanes,
      totalWorkers: this.totalWorkers(),
      running: this.running,
      queued: this.queue.length,
      schedulersCreated: this.schedulersCreated,
      lastError: this.lastError,
    };
  }

  private noteError(error: OcrEngineError): void {
    this.lastError = { code: error.code, message: error.message, at: new Date().toISOString() };
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    for (const job of this.queue.splice(0)) job.finish(closedError());
    // Workers still starting are ended by their own startup code once it sees `closing`.
    await Promise.allSettled([...this.startups]);
    await Promise.all([...this.alive].map((lane) => this.endLane(lane, closedError())));
  }

  /**
   * Hands queued jobs to free workers and starts workers where jobs wait. Later
   * jobs may overtake a job whose language set is still starting, but not one
   * that cannot get a worker at all: then dispatch stops until busy language
   * sets drain and one of them can be ended for it.
   */
  private pump(source: TessdataSource): void {
    if (this.closing) return;
    const waiting = new Map<string, number>();
    for (const job of this.queue) waiting.set(job.languages, (waiting.get(job.languages) ?? 0) + 1);
    const grown = new Set<Lane>();
    const head = this.queue[0];
    for (const job of [...this.queue]) {
      if (this.running >= this.poolSize) return;
      const lane = this.lanes.get(job.languages) ?? this.openLane(job.languages);
      if (lane.running < lane.workers.length) {
        this.dispatch(lane, job, source);
        waiting.set(job.languages, (waiting.get(job.languages) ?? 1) - 1);
        continue;
      }
      if (!grown.has(lane)) {
        grown.add(lane);
        this.grow(lane, waiting, source, job === head);
      }
      if (job === head && lane.workers.length + lane.starting === 0) return;
    }
  }

  private dispatch(lane: Lane, job: Job, source: TessdataSource): void {
    this.queue.splice(this.queue.indexOf(job), 1);
    lane.running += 1;
    this.running += 1;
    lane.lastUsed = Date.now();
    lane.active.add(job);
    if (lane.running === 1) setRef(lane, true);

    const timer = setTimeout(() => this.onTimeout(lane, job, source), this.jobTimeoutMs);
    lane.scheduler
      .addJob('recognize', job.image, {}, OUTPUT)
      .then(
        (result) => job.finish(null, toOcrOutput(result.data)),
        (cause: unknown) =>
          job.finish(new OcrEngineError('OCR_ENGINE_FAILED', `tesseract failed on a prepared image (${lane.languages}): ${describe(cause)}`, { cause })),
      )
      .finally(() => {
        clearTimeout(timer);
        lane.active.delete(job);
        if (!job.released) this.release(lane, job);
        this.pump(source);
      });
  }

  private release(lane: Lane, job: Job): void {
    job.released = true;
    lane.running -= 1;
    this.running -= 1;
    if (lane.running === 0) {
      setRef(lane, false);
      if (lane.retired) void this.endLane(lane, undefined);
    }
  }

  private onTimeout(lane: Lane, job: Job, source: TessdataSource): void {
    const error = new OcrEngineError(
      'OCR_TIMEOUT',
      `OCR took longer than ${this.jobTimeoutMs} ms (${lane.languages}): the worker is presumed stuck and is replaced; retry the image`,
    );
    this.noteError(error);
    job.finish(error);
    // The stuck worker cannot be taken out of a tesseract.js scheduler alone: retire the lane, let
    // its other jobs finish, and open a fresh lane for new work.
    this.retire(lane);
    this.release(lane, job);
    this.pump(source);
  }

  private openLane(languages: string): Lane {
    const lane: Lane = {
      languages,
      schedulerId: ++this.schedulersCreated,
      scheduler: Tesseract.createScheduler(),
      workers: [],
      starting: 0,
      running: 0,
      lastUsed: Date.now(),
      retired: false,
      active: new Set(),
    };
    this.lanes.set(languages, lane);
    this.alive.add(lane);
    return lane;
  }

  /**
   * Starts workers for a lane until it has one per waiting or running job, up
   * to poolSize and the global cap. `forHead`: the lane serves the oldest job,
   * which may take workers from a lane that has jobs waiting but none running.
   */
  private grow(lane: Lane, waiting: Map<string, number>, source: TessdataSource, forHead: boolean): void {
    const wanted = Math.min(this.poolSize, lane.running + (waiting.get(lane.languages) ?? 0));
    while (lane.workers.length + lane.starting < wanted) {
      if (this.totalWorkers() >= this.maxWorkers && !this.evictIdleLane(lane, waiting, forHead && lane.workers.length + lane.starting === 0)) return;
      this.startWorker(lane, source);
    }
  }

  /** Ends the least recently used lane with nothing running (nor waiting, unless `evenIfWaiting`); false if there is none. */
  private evictIdleLane(except: Lane, waiting: Map<string, number>, evenIfWaiting: boolean): boolean {
    const idle = [...this.lanes.values()]
      .filter((l) => l !== except && l.running === 0 && l.starting === 0 && (evenIfWaiting || !waiting.get(l.languages)))
      .sort((a, b) => a.lastUsed - b.lastUsed)[0];
    if (!idle) return false;
    this.retire(idle);
    void this.endLane(idle, undefined);
    return true;
  }

  private startWorker(lane: Lane, source: TessdataSource): void {
    lane.starting += 1;
    const startup = this.createWorker(lane.languages, source).then(
      (worker) => {
        lane.starting -= 1;
        if (this.closing || lane.retired) return terminateWorker(worker);
        lane.workers.push(worker);
        lane.scheduler.addWorker(worker);
        watchThread(worker, (cause) => this.onWorkerDied(lane, cause, source));
        setRef(lane, lane.running > 0);
        this.pump(source);
      },
      (cause: unknown) => {
        lane.starting -= 1;
        const error = new OcrEngineError(
          'OCR_ENGINE_FAILED',
          `a tesseract worker for ${lane.languages} did not start: ${describe(cause)}`,
          { cause },
        );
        this.noteError(error);
        // With no worker coming, jobs waiting for this lane would wait forever. With other
        // workers, the lane carries on with them and the failure stays visible in snapshot().
        if (lane.workers.length === 0 && lane.starting === 0) {
          for (const job of this.queue.filter((j) => j.languages === lane.languages)) {
            this.queue.splice(this.queue.indexOf(job), 1);
            job.finish(error);
          }
          this.retire(lane);
          void this.endLane(lane, undefined);
        }
      },
    );
    this.startups.add(startup);
    void startup.finally(() => this.startups.delete(startup));
  }

  private async createWorker(languages: string, source: TessdataSource): Promise<Tesseract.Worker> {
    // tesseract.js never settles createWorker() when its 'initialize' step fails; the
    // errorHandler is the one sign of that, so start-up races against it.
    let started = false;
    let failStartup: (reason: Error) => void = () => undefined;
    const startupFailed = new Promise<never>((_, reject) => {
      failStartup = reject;
    });
    const options: Partial<Tesseract.WorkerOptions> = {
      langPath: source.langPath,
      gzip: source.gzip,
      // 'none': tesseract.js would otherwise write <lang>.traineddata into the working directory.
      cacheMethod: 'none',
      workerPath: WORKER_SCRIPT,
      // Once started, a failed job already rejects its own promise, which is where it is handled; without
      // a handler tesseract.js would rethrow it inside its message listener and end the process.
      errorHandler: (data: unknown) => {
        if (!started) failStartup(new Error(`tesseract could not load ${languages} from ${source.langPath}: ${String(data)}`));
      },
    };
    const worker = await Promise.race([Tesseract.createWorker(languages, Tesseract.OEM.LSTM_ONLY, options, INIT_CONFIG), startupFailed]);
    started = true;
    try {
      await worker.setParameters({
        tessedit_pageseg_mode: this.pageSegMode as Tesseract.PSM,
        // Per-image diagnostics ("Detected 6 diacritics") would go to our stderr; none is actionable.
        // Set after start-up, so a failure to load language data is still printed.
        debug_file: '/dev/null',
      });
    } catch (cause) {
      await terminateWorker(worker);
      throw cause;
    }
    return worker;
  }

  private onWorkerDied(lane: Lane, cause: unknown, source: TessdataSource): void {
    if (lane.retired && !this.alive.has(lane)) return;
    const error = new OcrEngineError('OCR_ENGINE_FAILED', `a tesseract worker for ${lane.languages} crashed: ${describe(cause)}; retry the image`, {
      cause,
    });
    this.noteError(error);
    this.retire(lane);
    void this.endLane(lane, error);
    this.pump(source);
  }

  private retire(lane: Lane): void {
    lane.retired = true;
    if (this.lanes.get(lane.languages) === lane) this.lanes.delete(lane.languages);
  }

  /** Terminates a lane's workers and waits for their threads to exit; `error` fails jobs still running on it. */
  private async endLane(lane: Lane, error: OcrEngineError | undefined): Promise<void> {
    if (!this.alive.delete(lane)) return;
    this.retire(lane);
    for (const job of lane.active) {
      job.finish(error ?? closedError());
      if (!job.released) this.release(lane, job);
    }
    const workers = lane.workers.splice(0);
    await Promise.all(workers.map(terminateWorker));
  }

  private totalWorkers(): number {
    let n = 0;
    for (const lane of this.alive) n += lane.workers.length + lane.starting;
    return n;
  }
}

/** tesseract.js keeps its worker_threads Worker on the undocumented `worker` field; we need it to see crashes and exits. */
function threadOf(worker: Tesseract.Worker): Thread | undefined {
  const thread = (worker as unknown as { worker?: Thread }).worker;
  return thread && typeof thread.unref === 'function' ? thread : undefined;
}

/**
 * Idle workers do not keep the process alive: a script that forgets `close()`
 * still exits. A lane's threads are referenced only while it runs a job.
 */
function setRef(lane: Lane, ref: boolean): void {
  for (const worker of lane.workers) {
    const thread = threadOf(worker);
    if (ref) thread?.ref();
    else thread?.unref();
  }
}

function watchThread(worker: Tesseract.Worker, onDied: (cause: unknown) => void): void {
  const thread = threadOf(worker);
  if (!thread) return;
  // Also keeps an uncaught error in the thread from becoming an 'error' event nobody listens to, which would end the process.
  thread.on('error', onDied);
  thread.on('exit', (code) => {
    if (!terminating.has(worker)) onDied(new Error(`worker thread exited with code ${code}`));
  });
}

/** Workers we are ending ourselves: their 'exit' is expected, not a crash. */
const terminating = new WeakSet<Tesseract.Worker>();

async function terminateWorker(worker: Tesseract.Worker): Promise<void> {
  terminating.add(worker);
  const thread = threadOf(worker);
  // threadId turns -1 once the thread has exited; waiting for 'exit' then would never end.
  // A plain listener, not events.once: that rejects on 'error', and ending a worker must not fail.
  const exited = thread && thread.threadId !== -1 ? new Promise((resolve) => thread.once('exit', resolve)) : undefined;
  await worker.terminate();
  await exited;
}

function toOcrOutput(page: Tesseract.Page): OcrOutput {
  const words: OcrWord[] = [];
  for (const block of page.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        for (const word of line.words) {
          if (!word.text.trim()) continue;
          const { x0, y0, x1, y1 } = word.bbox;
          words.push({ text: word.text, confidence: word.confidence, bbox: [x0, y0, x1, y1] });
        }
      }
    }
  }
  return { text: page.text ?? '', words, confidence: page.confidence };
}

function closedError(): OcrEngineError {
  return new OcrEngineError('OCR_ENGINE_CLOSED', 'the OCR pool was closed: create a new one to read more images');
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
