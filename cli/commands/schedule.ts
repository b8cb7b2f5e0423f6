import type { Command } from 'commander';
import { loadTargets } from '../../crawlers/targets.js';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../db/client.js';
import { TakedownVerificationRepository } from '../../db/repositories/takedown-verification.repository.js';
import { PipelineQueues } from '../../pipeline/queues.js';
import { DEFAULT_RECHECK_EVERY_MS, DEFAULT_SWEEP_EVERY_MS, ensureRecheckSweep, listSchedules, syncTakedownRechecks, syncTargetSchedules } from '../../pipeline/schedules.js';
import { UsageError } from '../errors.js';
import { table } from '../output.js';

function openQueues() {
  const config = loadConfig();
  if (!config.redisUrl) throw new UsageError('REDIS_URL is not set: schedules are BullMQ job schedulers in Redis');
  return { config, queues: new PipelineQueues({ redisUrl: config.redisUrl, prefix: config.queuePrefix }) };
}

export function registerSchedule(program: Command): void {
  const schedule = program.command('schedule').description('crawl schedules from the targets file, and takedown re-checks, as BullMQ job schedulers');

  schedule
    .command('sync')
    .description('make the job schedulers match the targets file (cron per target) and the takedowns awaiting confirmation')
    .option('-t, --targets <file>', 'targets file (YAML or JSON)', process.env.SHELFWATCH_TARGETS ?? 'targets.yaml')
    .option('--tz <zone>', 'time zone for the cron expressions, e.g. Asia/Ho_Chi_Minh (default: UTC)')
    .option('--recheck-hours <n>', 'how often a taken-down listing is re-fetched', (v) => Number.parseFloat(v), DEFAULT_RECHECK_EVERY_MS / 3_600_000)
    .option('--sweep-minutes <n>', 'how often workers look for newly sent takedowns to give them a re-check schedule', (v) => Number.parseFloat(v), DEFAULT_SWEEP_EVERY_MS / 60_000)
    .option('--no-takedowns', 'leave takedown re-check schedules alone (no database needed)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { targets: string; tz?: string; recheckHours: number; sweepMinutes: number; takedowns: boolean; json?: boolean }) => {
      if (!(opts.recheckHours > 0)) throw new UsageError('--recheck-hours must be > 0');
      if (!(opts.sweepMinutes > 0)) throw new UsageError('--sweep-minutes must be > 0');
      const targets = loadTargets(opts.targets);
      const { config, queues } = openQueues();
      try {
        const crawl = await syncTargetSchedules(queues, targets, { tz: opts.tz });
        let rechecks;
        if (opts.takedowns) {
          const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
          try {
            rechecks = await syncTakedownRechecks(queues, new TakedownVerificationRepository(database.db), opts.recheckHours * 3_600_000);
            // From now on workers keep the re-checks in sync themselves (notices sent later included).
            await ensureRecheckSweep(queues, { sweepEveryMs: opts.sweepMinutes * 60_000, recheckEveryMs: opts.recheckHours * 3_600_000 });
          } finally {
            await database.close();
          }
        }
        if (opts.json) {
          console.log(JSON.stringify({ crawl, rechecks }));
          return;
        }
        const line = (what: string, r: typeof crawl) =>
          `${what}: ${r.added.length} added, ${r.updated.length} updated, ${r.unchanged.length} unchanged, ${r.removed.length} removed` +
          (r.added.length + r.updated.length + r.removed.length ? ` (${[...r.added.map((n) => '+' + n), ...r.updated.map((n) => '~' + n), ...r.removed.map((n) => '-' + n)].join(' ')})` : '');
        console.log(line('crawl schedules', crawl));
        if (rechecks) console.log(line('takedown re-checks', rechecks));
      } finally {
        await queues.close();
      }
    });

  schedule
    .command('list')
    .description('job schedulers with their next run')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      const { queues } = openQueues();
      try {
        const rows = await listSchedules(queues);
        if (opts.json) console.log(JSON.stringify(rows));
        else
          console.log(
            table(
              rows.map((r) => ({
                id: r.id,
                queue: r.queue,
                when: r.pattern ?? (r.every ? `every ${Math.round(r.every / 60_000)} min` : ''),
                tz: r.tz ?? '',
                next: r.next?.toISOString() ?? '',
              })),
              ['id', 'queue', 'when', 'tz', 'next'],
            ),
          );
      } finally {
        await queues.close();
      }
    });
}
