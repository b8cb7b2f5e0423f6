import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../../helpers/cli.js';

const FIX = path.join(ROOT, 'test', 'fixtures', 'listings');
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'sw-cli-'));

describe('when classify reads listings offline', () => {
  it('writes one result per listing in input order, with scores, flags, risk and evidence', async () => {
    const input = readFileSync(path.join(FIX, 'labeled-small.jsonl'), 'utf8');
    const r = await runCli(['classify', '--input', '-'], { input, env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['fx:1', 'fx:2', 'fx:3', 'fx:4', 'fx:5']);
    expect(lines[0].labels.false_health_claim.flagged).toBe(true);
    expect(lines[0].labels.false_health_claim.score).toBeGreaterThan(0.5);
    expect(lines[0].risk).toBe('high');
    expect(lines[0].evidence.some((e: { field: string; rule: string }) => e.field === 'description' && e.rule.startsWith('health-claims/'))).toBe(true);
    expect(lines[1].labels.false_health_claim.flagged).toBe(false);
    expect(lines[2].labels.mislabeled_food.flagged).toBe(true);
    expect(lines[3].risk).toBe('low');
    for (const l of lines) for (const v of Object.values(l.labels) as Array<{ score: number }>) expect(v.score).toBeGreaterThanOrEqual(0);
    expect(r.stderr).toMatch(/classified 5 listing\(s\) with rules@/);
  });

  it('reports malformed lines with their numbers and still classifies the rest', async () => {
    const dir = tmp();
    const out = path.join(dir, 'out.jsonl');
    const r = await runCli(['classify', '--input', path.join(FIX, 'with-bad-lines.jsonl'), '--output', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/with-bad-lines\.jsonl:2: not valid JSON/);
    expect(r.stderr).toMatch(/with-bad-lines\.jsonl:3: .*url/);
    const ids = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l).id);
    expect(ids).toEqual(['fx:1', 'fx:4']);
  });

  it('writes every result line to a pipe whose reader is slow before it exits', async () => {
    // More output than a pipe holds (~1 MB for the 165 demo listings), read in slow sips: the
    // CLI must not exit with result lines still queued for the pipe.
    const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'cli', 'main.ts'), 'classify', '--input', path.join(ROOT, 'demo', 'ground-truth.jsonl'), '--transformers', 'off'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 50);
    });
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code).toBe(0);
    const expected = readFileSync(path.join(ROOT, 'demo', 'ground-truth.jsonl'), 'utf8').trim().split('\n').length;
    expect(out.trim().split('\n')).toHaveLength(expected);
  }, 60_000);

  it('fails with a one-line reason when the input file does not exist', async () => {
    const r = await runCli(['classify', '--input', '/nonexistent/file.jsonl']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/cannot read|cannot open|ENOENT/);
  });
});

describe('when eval scores a labeled dataset', () => {
  it('prints precision, recall and F1 per label and per language', async () => {
    const r = await runCli(['eval', '--dataset', path.join(FIX, 'labeled-small.jsonl')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/false_health_claim\s+1\.000\s+1\.000\s+1\.000/);
    expect(r.stdout).toMatch(/per language/);
    for (const lang of ['en', 'vi', 'zh', 'ko']) expect(r.stdout).toContain(lang);
    expect(r.stdout).toMatch(/confusion/);
  });

  it('gives the same figures as JSON', async () => {
    const r = await runCli(['eval', '--dataset', path.join(FIX, 'labeled-small.jsonl'), '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.items).toBe(5);
    expect(report.perLabel.mislabeled_food.tp).toBe(1);
    expect(report.perLanguage.ko.false_health_claim.recall).toBe(1);
  });
});

describe('when the database URL is bad', () => {
  it('fails fast on a malformed DATABASE_URL with a readable message', async () => {
    const r = await runCli(['cases'], { env: { DATABASE_URL: 'mysql://x' } });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/DATABASE_URL must look like postgres:/);
  });

  it('fails fast when PostgreSQL is unreachable', async () => {
    const r = await runCli(['cases'], { env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot connect to PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/test/);
  });
});

describe('when a command is misused', () => {
  it('exits non-zero with usage help', async () => {
    const r = await runCli(['classify']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/required option/);
  });

  it('has --help on every command', async () => {
    const cmds = ['demo', 'crawl', 'classify', 'eval', 'cases', 'migrate'];
    const results = await Promise.all(cmds.map((cmd) => runCli([cmd, '--help'])));
    results.forEach((r, i) => {
      expect(r.code, cmds[i]).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`Usage: shelfwatch ${cmds[i]}`));
    });
  }, 120_000);
});
