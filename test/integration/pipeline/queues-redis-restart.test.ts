import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoStyleListings } from '../../../bench/demo-listings.js';
import { loadConfig } from '../../../config.js';
import { parseListing } from '../../../domain/listing.js';
import { createPipelineContext } from '../../../pipeline/context.js';
import { processListing } from '../../../pipeline/process-listing.js';
import { enqueueListings, waitForIdle } from '../../../pipeline/queue-runner.js';
import type { PipelineQueues } from '../../../pipeline/queues.js';
import { WorkerHost } from '../../../pipeline/workers/host.js';
import { freshDatabase } from '../../helpers/databases.js';
import { caseSummary, openTestQueues, queueConfig, rowCounts, silentLog, uniquePrefix } from './queue-helpers.js';

const N = 300;

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer().once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** A Redis server this test owns (never the shared one on 6379), persisting every write so a restart loses nothing. */
class OwnRedis {
  proc?: ChildProcess;
  constructor(
    readonly port: number,
    readonly dir: string,
  ) {}
  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    this.proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''], {
      stdio: 'ignore',
    });
    const deadline = Date.now() + 10_000;
    while (await portFree(this.port)) {
      if (Date.now() > deadline) throw new Error(`redis-server on ${this.port} did not start`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGTERM');
    await exited;
  }
}

describe('when Redis restarts under load', () => {
  let redis: OwnRedis;
  let inlineDb: Awaited<ReturnType<typeof freshDatabase>>;
  let queueDb: Awaited<ReturnType<typeof freshDatabase>>;
  let queues: PipelineQueues;
  let host: WorkerHost;
  const prefix = uniquePrefix('restart');
  const listings = demoStyleListings(N, { tag: 'restart' });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sw-redis-'));

  beforeAll(async () => {
    let port = 6390;
    while (!(await portFree(port))) port++;
    redis = new OwnRedis(port, dir);
    await redis.start();
    [inlineDb, queueDb] = await Promise.all([freshDatabase('pg'), freshDatabase('pg')]);
    queues = openTestQueues(prefix, redis.url);
  });
  afterAll(async () => {
    await host?.close(2000);
    await queues?.close();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
    await inlineDb?.dispose();
    await queueDb?.dispose();
  });

  it('workers reconnect and finish the run with nothing lost and nothing twice', async () => {
    await enqueueListings(queues, 'demo', listings, 10);
    host = await WorkerHost.start({ config: queueConfig(queueDb.url!, prefix, { jobLockMs: 3000 }, redis.url), port: 0, log: silentLog });
    for (;;) {
      const d = await queues.depth();
      if (d.triage.completed >= 30) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await redis.stop();
    // While Redis is down the worker is not ready, but alive.
    await new Promise((r) => setTimeout(r, 1500));
    const ready = await fetch(`http://127.0.0.1:${host.port}/readyz`);
    expect(ready.status).toBe(503);
    expect((await fetch(`http://127.0.0.1:${host.port}/healthz`)).status).toBe(200);
    await redis.start();

    await waitForIdle(queues, { timeoutMs: 240_000, quietMs: 1000 });
    expect((await fetch(`http://127.0.0.1:${host.port}/readyz`)).status).toBe(200);

    const ctx = await createPipelineContext(loadConfig({ ocr: false }, {}), { database: inlineDb });
    for (const input of listings) await processListing(ctx, parseListing(input));
    for (const c of ctx.classifiers) await c.close?.();
    const counts = await rowCounts(queueDb.db);
    expect(counts.listings).toBe(N);
    expect(counts.snapshots).toBe(N);
    expect(counts).toEqual(await rowCounts(inlineDb.db));
    expect(await caseSummary(queueDb.db)).toEqual(await caseSummary(inlineDb.db));
    const depth = await queues.depth();
    expect(depth.triage.completed).toBe(N);
  }, 420_000);
});
