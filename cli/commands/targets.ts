import type { Command } from 'commander';
import { table } from '../output.js';

/** `shelfwatch targets validate <file>`: checks a targets file and names the file, line and field of every problem. */
export function registerTargets(program: Command): void {
  const targets = program.command('targets').description('crawl targets (platforms to watch) as configuration');
  targets
    .command('validate')
    .description('validate a targets file (YAML or JSON)')
    .argument('<file>', 'targets file, e.g. targets.example.yaml')
    .option('--json', 'print the targets (with defaults filled in) as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const { loadTargets, TargetsError } = await import('../../crawlers/targets.js');
      try {
        const list = loadTargets(file);
        if (opts.json) {
          console.log(JSON.stringify(list, null, 2));
          return;
        }
        console.log(
          table(
            list.map((t) => ({
              name: t.name,
              adapter: t.adapter + (t.options.needsBrowser && t.adapter !== 'browser' ? ' (browser)' : ''),
              start: t.startUrls[0] ?? t.apiBase ?? '',
              domains: t.allowedDomains.join(' '),
              schedule: t.schedule ?? '',
              'max pages': t.maxPages ?? '',
              jurisdiction: t.jurisdiction,
            })),
          ),
        );
        console.log(`\n${file}: ${list.length} target${list.length === 1 ? '' : 's'} valid`);
      } catch (err) {
        if (err instanceof TargetsError) {
          for (const line of err.message.split('\n')) console.error(line);
          process.exitCode = 1;
          return;
        }
        throw err;
      }
    });
}
