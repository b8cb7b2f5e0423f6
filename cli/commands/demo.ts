import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { Progress } from '../output.js';
import { printSummary } from './summary.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('serve the bundled demo marketplace on 127.0.0.1, crawl it, classify, open cases, print a summary, exit')
    .option('--json', 'print the summary as JSON')
    .option('--serve [port]', 'then serve the review workbench on the demo data until Ctrl+C (default port 8080)')
    .action(async (opts: { json?: boolean; serve?: boolean | string }) => {
      const config = loadConfig();
      // Loaded on demand: the demo catalogue is only needed by this command.
      const { startDemoMarketplace } = await import('../../demo/server.js');
      const shop = await startDemoMarketplace({ port: 0 });
      // The pipeline pulls in crawlee, which is slow to load; only commands that crawl pay for it.
      const { createPipelineContext, closePipelineContext } = await import('../../pipeline/context.js');
      const { runCrawlPipeline } = await import('../../pipeline/inline-runner.js');
      const ctx = await createPipelineContext(config);
      const progress = new Progress('demo');
      try {
        if (!opts.json) console.log(`demo marketplace at ${shop.url}; database ${ctx.database.location}`);
        const summary = await runCrawlPipeline(ctx, {
          platform: 'demo',
          startUrls: [`${shop.url}/category/all`],
          onProgress: (p) => progress.update(`${p.pages} pages, ${p.listings} listings`),
        });
        progress.done();
        printSummary(summary, ctx.database.location, opts.json);
        if (opts.serve) await (await import('../../web/demo-serve.js')).serveDemo(ctx.database, config, opts.serve);
      } finally {
        await closePipelineContext(ctx);
        await shop.close();
      }
    });
}
