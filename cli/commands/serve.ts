import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../db/client.js';
import { UsageError } from '../errors.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the review workbench (web UI and /api) on the configured database')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('-p, --port <n>', 'port (0 = any free port)', (v) => Number.parseInt(v, 10), 8080)
    .option('--organisation <name>', 'notifier organisation named on takedown notices', 'Shelfwatch')
    .option('--still-online-days <n>', 'days after a notice before a listing still online is flagged', (v) => Number.parseInt(v, 10), 7)
    .option('--secure-cookies', 'mark cookies Secure (when served behind HTTPS)')
    .option('--queue-cache-ms <n>', 'share a queue page between reviewers for this long (0 = always read the database)', (v) => Number.parseInt(v, 10), 2000)
    .action(async (opts: { host: string; port: number; organisation: string; stillOnlineDays: number; secureCookies?: boolean; queueCacheMs: number }) => {
      if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new UsageError('--port must be 0–65535');
      if (!Number.isInteger(opts.queueCacheMs) || opts.queueCacheMs < 0) throw new UsageError('--queue-cache-ms must be a whole number of milliseconds, 0 or more');
      const config = loadConfig();
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      const { startWorkbench, untilSignal } = await import('../../web/server.js');
      try {
        const server = await startWorkbench({
          database,
          config,
          host: opts.host,
          port: opts.port,
          organisation: opts.organisation,
          stillOnlineAfterDays: opts.stillOnlineDays,
          secureCookies: opts.secureCookies,
          queueCacheMs: opts.queueCacheMs,
        });
        console.log(`Shelfwatch workbench at ${server.url} (database ${database.location}); Ctrl+C to stop`);
        console.log('no users yet? add one: shelfwatch users add <name> --role reviewer');
        await untilSignal();
        await server.close();
      } finally {
        await database.close();
      }
    });
}
