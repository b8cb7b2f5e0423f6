import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../db/client.js';
import { CaseRepository } from '../../db/repositories/case.repository.js';
import { table, truncate } from '../output.js';

export function registerCases(program: Command): void {
  program
    .command('cases')
    .description('list open review cases, highest risk first, then oldest')
    .option('-n, --limit <n>', 'how many', (v) => Number.parseInt(v, 10), 50)
    .option('--json', 'print as JSON')
    .action(async (opts: { limit: number; json?: boolean }) => {
      const config = loadConfig();
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const rows = await new CaseRepository(database.db).listOpen(opts.limit);
        if (opts.json) {
          console.log(JSON.stringify(rows, null, 2));
          return;
        }
        console.log(
          table(
            rows.map((r) => ({
              case: r.id,
              risk: r.risk,
              labels: r.labels.join(','),
              score: r.maxScore.toFixed(2),
              lang: r.language,
              platform: r.platformId,
              title: truncate(r.title, 50),
            })),
          ),
        );
      } finally {
        await database.close();
      }
    });
}
