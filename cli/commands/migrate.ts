import type { Command } from 'commander';
import { openDatabase } from '../../db/client.js';
import { loadConfig } from '../../config.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply database migrations (PGlite in the data folder, or DATABASE_URL)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = loadConfig();
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      await database.close();
      if (opts.json) console.log(JSON.stringify({ ok: true, database: database.location }));
      else console.log(`migrations applied on ${database.location}`);
    });
}
