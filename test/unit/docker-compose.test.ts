import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../cli/main.js';
import { loadConfig } from '../../config.js';
import { parseStageConcurrency, parseStages } from '../../pipeline/workers/host.js';
import { ROOT } from '../helpers/cli.js';

interface Service {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}
const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const program = buildProgram();

/** The (sub)command an argument list reaches, e.g. `schedule sync --targets x` → [schedule, sync], and its options. */
function resolveCommand(args: string[]): { path: string[]; flags: string[] } {
  let cmd = program;
  const found: string[] = [];
  for (const w of args) {
    const sub = cmd.commands.find((c) => c.name() === w);
    if (!sub) break;
    found.push(w);
    cmd = sub;
  }
  return { path: found, flags: cmd.options.map((o) => o.long!) };
}

describe('when docker-compose.yml is deployed', () => {
  it('runs PostgreSQL, Redis, the workbench and workers', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['postgres', 'redis', 'migrate', 'web', 'worker', 'worker-ocr']));
    expect(services.web.command?.[0]).toBe('serve');
    expect(services.worker.command?.[0]).toBe('worker');
  });

  it('gives every app container a configuration the CLI accepts (queue mode on the compose servers)', () => {
    for (const name of ['migrate', 'web', 'worker', 'worker-ocr']) {
      const env = Object.fromEntries(Object.entries(services[name].environment ?? {}).map(([k, v]) => [k, String(v).replace(/\$\{POSTGRES_PASSWORD[^}]*\}/, 'secret')]));
      const config = loadConfig({}, env, undefined);
      expect(config.redisUrl, name).toBe('redis://redis:6379');
      expect(config.databaseUrl, name).toBe('postgres://shelfwatch:secret@postgres:5432/shelfwatch');
      expect(() => parseStageConcurrency(config.stageConcurrency), name).not.toThrow();
    }
  });

  it('calls only commands and options the CLI has', () => {
    for (const [name, s] of Object.entries(services)) {
      // postgres and redis run their own images; only our image's commands are checked.
      if (!s.command || s.image !== 'shelfwatch:latest') continue;
      const firstFlag = s.command.findIndex((a) => a.startsWith('-'));
      const words = firstFlag < 0 ? s.command : s.command.slice(0, firstFlag);
      const { path: reached, flags } = resolveCommand(s.command);
      expect(reached, `${name}: ${s.command.join(' ')}`).toEqual(words);
      for (const f of s.command.filter((a) => a.startsWith('--'))) expect(flags, `${name}: ${f}`).toContain(f);
    }
    const stages = services.worker.command![services.worker.command!.indexOf('--stages') + 1];
    const ocrStages = services['worker-ocr'].command![services['worker-ocr'].command!.indexOf('--stages') + 1];
    // Together the two worker services cover every stage.
    expect([...parseStages(stages), ...parseStages(ocrStages)].sort()).toEqual(parseStages(undefined).sort());
  });

  it('starts the app only after migrations, with a healthy database and Redis', () => {
    for (const name of ['web', 'worker', 'worker-ocr']) {
      expect(services[name].depends_on).toMatchObject({
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
        migrate: { condition: 'service_completed_successfully' },
      });
    }
    // Workers are checked on the port they serve /readyz on.
    expect(services.worker.healthcheck?.test.join(' ')).toContain(`:${services.worker.environment!.SHELFWATCH_WORKER_PORT}/readyz`);
  });

  it('builds from a Dockerfile whose inputs exist', () => {
    const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    for (const f of ['package.json', 'package-lock.json', '.npmrc', 'cli/main.ts']) expect(existsSync(path.join(ROOT, f)), f).toBe(true);
    expect(dockerfile).toMatch(/ENTRYPOINT \["node", "--import", "tsx", "cli\/main.ts"\]/);
  });
});
