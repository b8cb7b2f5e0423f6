import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../db/client.js';
import { UserRepository } from '../../db/repositories/user.repository.js';
import { ROLES } from '../../db/schema/users.js';
import { UsageError } from '../errors.js';
import { table } from '../output.js';

async function withUsers<T>(fn: (users: UserRepository) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await fn(new UserRepository(database.db));
  } finally {
    await database.close();
  }
}

/** Reads the password from SHELFWATCH_PASSWORD or the first line of standard input (never from argv, which `ps` shows). */
async function readPassword(): Promise<string> {
  if (process.env.SHELFWATCH_PASSWORD) return process.env.SHELFWATCH_PASSWORD;
  if (process.stdin.isTTY) process.stderr.write('password: ');
  let data = '';
  for await (const chunk of process.stdin) {
    data += chunk;
    if (data.includes('\n')) break;
  }
  const pw = data.split(/\r?\n/)[0];
  if (!pw) throw new UsageError('no password: set SHELFWATCH_PASSWORD or type it on standard input');
  return pw;
}

export function registerUsers(program: Command): void {
  const users = program.command('users').description('manage workbench accounts (roles: reviewer, analyst, admin)');

  users
    .command('add')
    .argument('<username>')
    .requiredOption('-r, --role <role>', `one of ${ROLES.join(', ')}`)
    .option('--name <display name>', 'shown as notifier on takedown notices')
    .option('--email <email>', 'notifier email on takedown notices')
    .description('add a user; the password is read from SHELFWATCH_PASSWORD or standard input')
    .action(async (username: string, opts: { role: string; name?: string; email?: string }) => {
      const password = await readPassword();
      const u = await withUsers((r) => r.add({ username, password, role: opts.role, displayName: opts.name, email: opts.email }, 'cli'));
      console.log(`added ${u.username} (${u.role})`);
    });

  users
    .command('remove')
    .argument('<username>')
    .description('remove a user and end their sessions')
    .action(async (username: string) => {
      await withUsers((r) => r.remove(username, 'cli'));
      console.log(`removed ${username}`);
    });

  users
    .command('role')
    .argument('<username>')
    .argument('<role>', ROLES.join(' | '))
    .description("change a user's role (ends their sessions)")
    .action(async (username: string, role: string) => {
      await withUsers((r) => r.setRole(username, role, 'cli'));
      console.log(`${username} is now ${role}`);
    });

  users
    .command('list')
    .option('--json', 'print as JSON')
    .description('list users')
    .action(async (opts: { json?: boolean }) => {
      const rows = await withUsers((r) => r.list());
      console.log(opts.json ? JSON.stringify(rows, null, 2) : table(rows.map((u) => ({ user: u.username, role: u.role, name: u.displayName ?? '', email: u.email ?? '' }))));
    });

  users
    .command('token')
    .argument('<username>')
    .option('--name <name>', 'what the token is for', 'integration')
    .description('create an API token (Bearer) acting as this user; printed once')
    .action(async (username: string, opts: { name: string }) => {
      const token = await withUsers((r) => r.createToken(username, opts.name, 'cli'));
      console.log(token);
    });
}
