import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';

describe('when accounts are managed from the command line', () => {
  it('adds, changes the role of, lists and removes a user, reading the password from the environment', async () => {
    const env = { SHELFWATCH_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'sw-users-')), DATABASE_URL: '' };
    const add = await runCli(['users', 'add', 'ana', '--role', 'reviewer', '--email', 'ana@example.org'], { env: { ...env, SHELFWATCH_PASSWORD: 'long enough pw' } });
    expect(add.stderr).toBe('');
    expect(add.stdout).toContain('added ana (reviewer)');
    const weak = await runCli(['users', 'add', 'bob', '--role', 'reviewer'], { env, input: 'short\n' });
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('at least 8 characters');
    expect((await runCli(['users', 'role', 'ana', 'analyst'], { env })).stdout).toContain('ana is now analyst');
    const list = await runCli(['users', 'list', '--json'], { env });
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ username: 'ana', role: 'analyst', email: 'ana@example.org' })]);
    expect((await runCli(['users', 'remove', 'ana'], { env })).stdout).toContain('removed ana');
  }, 400_000);
});
