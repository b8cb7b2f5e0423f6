import type { Command } from 'commander';
import { loadConfig, type Config } from '../../config.js';
import { PipelineQueues, STAGES, type Stage } from '../../pipeline/queues.js';
import { UsageError } from '../errors.js';
import { table, truncate } from '../output.js';

const int = (v: string) => Number.parseInt(v, 10);

function openQueues(): { config: Config; queues: PipelineQueues } {
  const config = loadConfig();
  if (!config.redisUrl) throw new UsageError('REDIS_URL is not set: jobs live in Redis only in queue mode');
  return { config, queues: new PipelineQueues({ redisUrl: config.redisUrl, prefix: config.queuePrefix }) };
}

function stagesOf(stage?: string): Stage[] {
  if (!stage) return [...STAGES];
  if (!(STAGES as readonly string[]).includes(stage)) throw new UsageError(`unknown stage "${stage}" (stages: ${STAGES.join(', ')})`);
  return [stage as Stage];
}

export function registerJobs(program: Command): void {
  const jobs = program.command('jobs').description('inspect the pipeline queues (queue mode): counts, failed jobs, retries');

  jobs
    .command('counts')
    .description('jobs per stage and state')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      const { queues } = openQueues();
      try {
        const depth = await queues.depth();
        if (opts.json) console.log(JSON.stringify(depth));
        else console.log(table(STAGES.map((s) => ({ stage: s, ...depth[s] }))));
      } finally {
        await queues.close();
      }
    });

  jobs
    .command('failed')
    .description('jobs that used up their attempts, newest first, with their error')
    .option('--stage <name>', 'only this stage')
    .option('-n, --limit <n>', 'how many per stage', int, 50)
    .option('--json', 'print as JSON')
    .action(async (opts: { stage?: string; limit: number; json?: boolean }) => {
      const { queues } = openQueues();
      try {
        const rows = [];
        for (const s of stagesOf(opts.stage)) {
          for (const j of await queues.queue(s).getFailed(0, opts.limit - 1)) {
            rows.push({ stage: s, id: j.id, name: j.name, attempts: j.attemptsMade, failedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : '', error: j.failedReason, data: j.data });
          }
        }
        if (opts.json) console.log(JSON.stringify(rows, null, 2));
        else console.log(table(rows.map((r) => ({ stage: r.stage, id: r.id, attempts: r.attempts, 'failed at': r.failedAt, error: truncate(r.error ?? '', 80) }))));
      } finally {
        await queues.close();
      }
    });

  jobs
    .command('retry')
    .description('move failed jobs back to waiting (one by --id, or all failed jobs of a stage)')
    .option('--stage <name>', 'only this stage')
    .option('--id <jobId>', 'retry this job only (needs --stage)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { stage?: string; id?: string; json?: boolean }) => {
      const { queues } = openQueues();
      try {
        const retried: Record<string, number> = {};
        if (opts.id) {
          if (!opts.stage) throw new UsageError('--id needs --stage (job ids are per stage queue)');
          const [s] = stagesOf(opts.stage);
          const job = await queues.queue(s).getJob(opts.id);
          if (!job) throw new UsageError(`no job ${opts.id} in stage ${s}`);
          if (!(await job.isFailed())) throw new UsageError(`job ${opts.id} is ${await job.getState()}, not failed`);
          await job.retry('failed');
          retried[s] = 1;
        } else {
          for (const s of stagesOf(opts.stage)) {
            const n = await queues.queue(s).getFailedCount();
            if (n) await queues.queue(s).retryJobs({ state: 'failed', count: 1000 });
            retried[s] = n;
          }
        }
        if (opts.json) console.log(JSON.stringify({ retried }));
        else console.log(Object.entries(retried).map(([s, n]) => `${s}: ${n} job(s) back to waiting`).join('\n'));
      } finally {
        await queues.close();
      }
    });
}
