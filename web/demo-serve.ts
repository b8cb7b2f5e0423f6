import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { DEMO_PASSWORD, ensureDemoUsers, startWorkbench, untilSignal } from './server.js';

/**
 * `shelfwatch demo --serve`: the workbench on the database the demo just
 * filled, with one demo account per role, until Ctrl+C.
 */
export async function serveDemo(database: Database, config: Config, port: boolean | string): Promise<void> {
  const users = await ensureDemoUsers(database);
  const server = await startWorkbench({ database, config, port: typeof port === 'string' ? Number.parseInt(port, 10) : 8080 });
  console.log(`\nShelfwatch workbench: ${server.url}`);
  console.log(`demo login: ${users.map((u) => u.username).join(' / ')} with password "${DEMO_PASSWORD}" (reviewer reviews cases, analyst tunes thresholds, admin does both)`);
  console.log('Ctrl+C to stop');
  await untilSignal();
  await server.close();
}
