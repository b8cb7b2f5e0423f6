import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { WorkerHost, parseStages } from '../../pipeline/workers/host.js';
import { UsageError } from '../errors.js';

const int = (v: string) => Number.parseInt(v, 10);

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run pipeline stages from the Redis queues (REDIS_URL) until SIGTERM/SIGINT; start any number on any number of machines')
    .option('--stages <list>', 'comma-separated stages: crawl,ocr,classify,triage,takedown-verify (default: all)')
    .option('--concurrency <n>', 'jobs at once per stage in this process (default: SHELFWATCH_STAGE_CONCURRENCY, else per-stage defaults)', int)
    .option('--port <n>', 'HTTP port for /metrics, /healthz, /readyz (default SHELFWATCH_WORKER_PORT or 9464; 0 = any free port)', int)
    .option('--no-http', 'serve no HTTP endpoints')
    .option('--grace <seconds>', 'on SIGTERM, how long active jobs may finish before they are handed back to the queue', int, 30)
    .action(async (opts: { stages?: string; concurrency?: number; port?: number; http: boolean; grace: number }) => {
      const config = loadConfig();
      if (!config.redisUrl) throw new UsageError('REDIS_URL is not set: a worker takes its jobs from Redis (e.g. REDIS_URL=redis://127.0.0.1:6379)');
      let stages;
      try {
        stages = parseStages(opts.stages);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      if (opts.concurrency !== undefined && !(opts.concurrency >= 1)) throw new UsageError('--concurrency must be a whole number ≥ 1');
      const host = await WorkerHost.start({ config, stages, concurrency: opts.concurrency, port: opts.http ? opts.port : null });
      // The action stays pending until shutdown: main() exits the process when it returns.
      await new Promise<void>((resolve) => {
        let signals = 0;
        const stop = (signal: string) => {
          signals++;
          if (signals > 1) {
            host.log.warn({ signal }, 'second signal: exiting now; active jobs return to the queue when their locks expire');
            process.exit(130);
          }
          host.log.info({ signal }, 'signal received');
          void host.close(opts.grace * 1000).then(resolve, (err: Error) => {
            host.log.error({ err: err.message }, 'shutdown failed');
            resolve();
          });
        };
        process.on('SIGTERM', () => stop('SIGTERM'));
        process.on('SIGINT', () => stop('SIGINT'));
      });
    });
}
