import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { UsageError } from '../errors.js';
import { Progress } from '../output.js';
import { printSummary } from './summary.js';

export function registerCrawl(program: Command): void {
  program
    .command('crawl')
    .description('crawl a shop URL (schema.org Product pages), store, classify and open cases')
    .argument('<url>', 'start URL: a category, listing or product page')
    .option('--platform <id>', 'platform id to file the listings under (default: the host name)')
    .option('--max-pages <n>', 'page cap', (v) => Number.parseInt(v, 10))
    .option('--concurrency <n>', 'parallel requests', (v) => Number.parseInt(v, 10))
    .option('--mark-removed', 'mark listings of this platform that the crawl did not see as removed')
    .option('--json', 'print the summary as JSON')
    .action(async (url: string, opts: { platform?: string; maxPages?: number; concurrency?: number; markRemoved?: boolean; json?: boolean }) => {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new UsageError(`"${url}" is not an absolute URL (e.g. https://shop.example/category/tea)`);
      }
      if (!/^https?:$/.test(parsed.protocol)) throw new UsageError(`only http(s) URLs can be crawled (got ${parsed.protocol})`);
      const config = loadConfig({ maxPages: opts.maxPages, crawlConcurrency: opts.concurrency });
      // The pipeline pulls in crawlee, which is slow to load; only commands that crawl pay for it.
      const { createPipelineContext, closePipelineContext } = await import('../../pipeline/context.js');
      const { runCrawlPipeline } = await import('../../pipeline/inline-runner.js');
      const ctx = await createPipelineContext(config);
      const progress = new Progress('crawl');
      try {
        const summary = await runCrawlPipeline(ctx, {
          platform: opts.platform ?? parsed.hostname,
          startUrls: [url],
          markMissingRemoved: opts.markRemoved,
          onProgress: (p) => progress.update(`${p.pages} pages, ${p.listings} listings`),
        });
        progress.done();
        printSummary(summary, ctx.database.location, opts.json);
      } finally {
        await closePipelineContext(ctx);
      }
    });
}
