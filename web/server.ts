import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { UserRepository } from '../db/repositories/user.repository.js';
import { buildWebApp, type WebAppOptions } from './app.js';

export interface ServeOptions extends Omit<WebAppOptions, 'database' | 'config'> {
  database: Database;
  config: Pick<Config, 'modelsDir' | 'dataDir'>;
  /** Default 127.0.0.1: the workbench holds personal data and should not face a network unproxied. */
  host?: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** How often to apply re-crawl results to sent takedown requests, in ms. Default 10 minutes; 0 disables. */
  verifyEveryMs?: number;
}

export interface RunningWorkbench {
  url: string;
  close(): Promise<void>;
}

export async function startWorkbench(opts: ServeOptions): Promise<RunningWorkbench> {
  const { app, workbench } = await buildWebApp(opts);
  await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 8080 });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  const host = opts.host ?? '127.0.0.1';
  const every = opts.verifyEveryMs ?? 600_000;
  const timer = every
    ? setInterval(() => {
        workbench.takedowns.verifyByRecrawl(new Date(), opts.stillOnlineAfterDays ?? 7).catch((e) => console.error(`[serve] re-crawl check failed: ${(e as Error).message}`));
        workbench.users.purgeExpiredSessions().catch(() => undefined);
      }, every)
    : undefined;
  timer?.unref();
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: async () => {
      if (timer) clearInterval(timer);
      await app.close();
    },
  };
}

export const DEMO_PASSWORD = 'shelfwatch-demo';

/** Demo accounts, one per role, created if missing (only for `demo --serve` and tests). */
export async function ensureDemoUsers(database: Database): Promise<Array<{ username: string; role: string }>> {
  const users = new UserRepository(database.db);
  const out = [];
  for (const role of ['reviewer', 'analyst', 'admin'] as const) {
    if (!(await users.byUsername(role))) {
      await users.add({ username: role, password: DEMO_PASSWORD, role, displayName: `Demo ${role}`, email: `${role}@demo.shelfwatch.test` }, 'demo');
    }
    out.push({ username: role, role });
  }
  return out;
}

/** Resolves on SIGINT or SIGTERM: the server stays up until the user stops it. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (sig: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(sig);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
