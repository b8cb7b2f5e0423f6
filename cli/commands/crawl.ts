import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { UsageError } from '../errors.js';
import { Progress } from '../output.js';
import { printSummary } from './summary.js';

export function registerCrawl(program: Command): void {
  program
    .command('crawl')
    .description('crawl a shop URL (schema.org Product pages) or a named target, store, classify and open cases')
    .argument('[url|target]', 'start URL (a category, listing or product page) or the name of a target in the targets file')
    .option('--target <name>', 'crawl this target from the targets file (same as giving its name as the argument)')
    .option('--targets <file>', 'targets file for a target name (default: $SHELFWATCH_TARGETS or ./targets.yaml)')
    .option('--revisit', 'also re-fetch known listing URLs of the platform, so 404/410 marks them removed')
    .option('--platform <id>', 'platform id to file the listings under (default: the host name)')
    .option('--max-pages <n>', 'page cap', (v) => Number.parseInt(v, 10))
    .option('--concurrency <n>', 'parallel requests', (v) => Number.parseInt(v, 10))
    .option('--mark-removed', 'mark listings of this platform that the crawl did not see as removed')
    .option('--json', 'print the summary as JSON')
    .option('--inline', 'run the pipeline in this process even when REDIS_URL is set')
    .option('--wait', 'queue mode (REDIS_URL set): wait for the crawl job, then until the queues are idle (its listings classified and triaged)')
    .action(async (arg: string | undefined, opts: { target?: string; platform?: string; maxPages?: number; concurrency?: number; markRemoved?: boolean; json?: boolean; targets?: string; revisit?: boolean; inline?: boolean; wait?: boolean }) => {
      if (arg && opts.target && arg !== opts.target) throw new UsageError(`give either a URL/target argument or --target, not both ("${arg}" and --target ${opts.target})`);
      const url = arg ?? opts.target;
      if (!url) throw new UsageError('nothing to crawl: give a start URL or a target name (`shelfwatch crawl https://shop.example/tea` or `shelfwatch crawl --target my-shop`)');
      if (opts.target && /^[a-z]+:\/\//i.test(opts.target)) throw new UsageError(`--target takes a target name from the targets file, not a URL (got ${opts.target}); give a URL as the argument`);
      let parsed: URL;
      let target: import('../../crawlers/targets.js').Target | undefined;
      try {
        parsed = new URL(url);
      } catch {
        if (!/^[a-z0-9][a-z0-9._-]*$/i.test(url)) throw new UsageError(`"${url}" is neither an absolute URL (e.g. https://shop.example/category/tea) nor a target name`);
        const { loadTargets, findTarget } = await import('../../crawlers/targets.js');
        const file = opts.targets ?? process.env.SHELFWATCH_TARGETS ?? 'targets.yaml';
        const targets = loadTargets(file);
        target = findTarget(targets, url);
        if (!target) throw new UsageError(`no target "${url}" in ${file} (targets: ${targets.map((t) => t.name).join(', ')})`);
        parsed = new URL(target.startUrls[0] ?? target.apiBase!);
      }
      if (!/^https?:$/.test(parsed.protocol)) throw new UsageError(`only http(s) URLs can be crawled (got ${parsed.protocol})`);
      const config = loadConfig({ maxPages: opts.maxPages, crawlConcurrency: opts.concurrency });
      if (config.redisUrl && !opts.inline) {
        // Queue mode: a worker crawls, so --max-pages/--concurrency travel in the job's target.
        const { crawlThroughQueues } = await import('./crawl-queued.js');
        const { adHocTarget } = await import('../../crawlers/targets.js');
        const platform = opts.platform ?? target?.platform ?? parsed.hostname;
        const base = target ? { ...target, platform } : adHocTarget(platform, [url]);
        const queued = {
          ...base,
          maxPages: opts.maxPages ?? base.maxPages,
          rateLimit: opts.concurrency ? { ...base.rateLimit, maxConcurrency: opts.concurrency } : base.rateLimit,
        };
        return crawlThroughQueues({ ...config, redisUrl: config.redisUrl }, queued, { markMissingRemoved: opts.markRemoved, revisitKnown: opts.revisit, wait: opts.wait, json: opts.json });
      }
      // The pipeline pulls in crawlee, which is slow to load; only commands that crawl pay for it.
      const { createPipelineContext, closePipelineContext } = await import('../../pipeline/context.js');
      const { runCrawlPipeline } = await import('../../pipeline/inline-runner.js');
      const ctx = await createPipelineContext(config);
      const progress = new Progress('crawl');
      try {
        const summary = await runCrawlPipeline(ctx, {
          platform: opts.platform ?? target?.platform ?? parsed.hostname,
          startUrls: target ? target.startUrls : [url],
          target: target && opts.platform ? { ...target, platform: opts.platform } : target,
          revisitKnown: opts.revisit,
          markMissingRemoved: opts.markRemoved,
          onProgress: (p) => progress.update(`${p.pages} pages, ${p.listings} listings${p.errors ? `, ${p.errors} errors` : ''}`),
        });
        progress.done();
        printSummary(summary, ctx.database.location, opts.json);
      } finally {
        await closePipelineContext(ctx);
      }
    });
}
