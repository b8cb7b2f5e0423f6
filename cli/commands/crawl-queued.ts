import { QueueEvents } from 'bullmq';
import type { Config } from '../../config.js';
import type { Target } from '../../crawlers/targets.js';
import { enqueueCrawl, waitForIdle } from '../../pipeline/queue-runner.js';
import { PipelineQueues, redisConnection } from '../../pipeline/queues.js';
import type { CrawlJobResult } from '../../pipeline/workers/crawl.worker.js';

export interface QueuedCrawlOptions {
  markMissingRemoved?: boolean;
  revisitKnown?: boolean;
  /** Wait until the crawl job and everything it handed on (ocr, classify, triage) are done. */
  wait?: boolean;
  /** How long --wait waits, in ms. Default 1 h. */
  timeoutMs?: number;
  json?: boolean;
}

/**
 * `shelfwatch crawl` in queue mode (REDIS_URL set): one crawl job for the
 * target; the workers of the fleet do the rest. Without --wait it returns as
 * soon as the job is queued, which is what a cron or CI step wants.
 */
export async function crawlThroughQueues(config: Config & { redisUrl: string }, target: Target, opts: QueuedCrawlOptions): Promise<void> {
  const queues = new PipelineQueues({ redisUrl: config.redisUrl, prefix: config.queuePrefix });
  let events: QueueEvents | undefined;
  try {
    if (opts.wait) {
      // Subscribed before the add, so the job's completion cannot slip between the two.
      events = new QueueEvents('crawl', { connection: redisConnection(config.redisUrl, `${config.queuePrefix}:cli-events`), prefix: config.queuePrefix });
      await events.waitUntilReady();
    }
    const jobId = await enqueueCrawl(queues, target, { trigger: 'manual', markMissingRemoved: opts.markMissingRemoved, revisitKnown: opts.revisitKnown });
    if (!opts.wait || !events) {
      if (opts.json) console.log(JSON.stringify({ queued: jobId, target: target.name }));
      else console.log(`crawl of ${target.name} queued as job ${jobId} (prefix ${config.queuePrefix}); follow it with \`shelfwatch jobs counts\``);
      return;
    }
    const job = (await queues.queue('crawl').getJob(jobId))!;
    const timeoutMs = opts.timeoutMs ?? 3_600_000;
    // A failed crawl job rejects here with its stored error; no worker running → the timeout says so.
    const result = (await job.waitUntilFinished(events, timeoutMs)) as CrawlJobResult;
    await waitForIdle(queues, { timeoutMs });
    if (opts.json) console.log(JSON.stringify({ job: jobId, target: target.name, ...result }));
    else
      console.log(
        `crawl of ${target.name} (job ${jobId}) done: ${result.stats.pages} pages, ${result.listings} listings ` +
          `(${result.stats.listingsNew} new, ${result.stats.listingsChanged} changed, ${result.stats.listingsRelisted ?? 0} re-listed, ${result.stats.listingsRemoved} removed); classify and triage finished`,
      );
  } finally {
    await events?.close();
    await queues.close();
  }
}
