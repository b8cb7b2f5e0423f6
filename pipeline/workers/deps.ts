import type { Logger } from 'pino';
import type { PipelineContext } from '../context.js';
import type { PipelineMetrics } from '../metrics.js';
import type { PipelineQueues } from '../queues.js';
import type { DomainRateLimiter } from '../rate-limit.js';
import type { OcrImageStage } from './ocr.worker.js';

/** What every stage processor gets: the same context the inline runner uses, plus the queues to hand work on. */
export interface WorkerDeps {
  ctx: PipelineContext;
  queues: PipelineQueues;
  metrics: PipelineMetrics;
  log: Logger;
  limiter: DomainRateLimiter;
  /** Reads one image of a listing; absent → listings are classified from their text only. */
  ocr?: OcrImageStage;
}
