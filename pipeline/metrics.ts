import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { STAGES, type PipelineQueues } from './queues.js';

/**
 * Prometheus metrics of one worker process. Counters are per process (Prometheus
 * sums them over the fleet); queue depth is read from Redis at scrape time, so
 * every worker reports the same, fleet-wide depth.
 */
export class PipelineMetrics {
  readonly registry = new Registry();
  readonly jobsCompleted = new Counter({
    name: 'shelfwatch_jobs_completed_total',
    help: 'Jobs completed by this worker, per stage',
    labelNames: ['stage'] as const,
    registers: [this.registry],
  });
  readonly jobsFailed = new Counter({
    name: 'shelfwatch_jobs_failed_total',
    help: 'Job attempts that failed in this worker, per stage (final: no retry left)',
    labelNames: ['stage', 'final'] as const,
    registers: [this.registry],
  });
  readonly stageSeconds = new Histogram({
    name: 'shelfwatch_stage_duration_seconds',
    help: 'Time to process one job, per stage',
    labelNames: ['stage'] as const,
    // 5 ms (a cached classify) to 2 min (a whole crawl target).
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120],
    registers: [this.registry],
  });
  readonly crawlPages = new Counter({
    name: 'shelfwatch_crawl_pages_total',
    help: 'Pages fetched by crawl jobs',
    labelNames: ['platform'] as const,
    registers: [this.registry],
  });
  readonly listingsStored = new Counter({
    name: 'shelfwatch_listings_stored_total',
    help: 'Listings stored by the crawl stage, per outcome (new, changed, unchanged, relisted)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly flags = new Counter({
    name: 'shelfwatch_flags_total',
    help: 'Listings flagged by the classify stage, per label',
    labelNames: ['label'] as const,
    registers: [this.registry],
  });
  readonly cases = new Counter({
    name: 'shelfwatch_cases_total',
    help: 'Triage outcomes (opened, refreshed, duplicate, already_reviewed, not_flagged)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly queueDepth: Gauge<'stage' | 'state'>;

  constructor(queues?: PipelineQueues, opts: { defaultMetrics?: boolean } = {}) {
    if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'shelfwatch_' });
    this.queueDepth = new Gauge({
      name: 'shelfwatch_queue_jobs',
      help: 'Jobs per stage queue and state, read from Redis at scrape time',
      labelNames: ['stage', 'state'] as const,
      registers: [this.registry],
      collect: async () => {
        if (!queues) return;
        const depth = await queues.depth();
        for (const s of STAGES) for (const [state, n] of Object.entries(depth[s])) this.queueDepth.set({ stage: s, state }, n);
      },
    });
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
