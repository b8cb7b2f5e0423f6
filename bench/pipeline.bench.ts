/**
 * Inline pipeline vs. BullMQ workers on the same listings.
 *
 *   npm run bench:pipeline [-- --listings 10000 --image-share 0.2 --ocr]
 *
 * Runs N demo-style listings (20% with a label photo, served by the demo
 * marketplace on loopback) through (1) inline mode in this process, (2) one
 * `shelfwatch worker` process, (3) two worker processes; each on a fresh
 * PostgreSQL database (PGlite is single-process, so queue runs need a server).
 * Prints listings/s, the ratio 2 workers / inline, peak RSS and how loaded the
 * machine was, then one JSON line last.
 *
 * Inline mode processes 4 listings at once, as the inline runner does when the
 * crawler hands it listings from 4 concurrent requests (crawlConcurrency 4).
 * OCR is off unless --ocr: the inline path has no OCR stage yet, and a
 * comparison with OCR on one side only would not be like for like.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { count } from 'drizzle-orm';
import { loadConfig } from '../config.js';
import { cases, listings as listingsTable } from '../db/schema/index.js';
import { startDemoMarketplace } from '../demo/server.js';
import { parseListing, type ListingInput } from '../domain/listing.js';
import { closePipelineContext, createPipelineContext } from '../pipeline/context.js';
import { processListing } from '../pipeline/process-listing.js';
import { enqueueListings, waitForIdle } from '../pipeline/queue-runner.js';
import { PipelineQueues } from '../pipeline/queues.js';
import { freshDatabase } from '../test/helpers/databases.js';
import { demoStyleListings } from './demo-listings.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const N = Number(arg('listings') ?? 10_000);
const IMAGE_SHARE = Number(arg('image-share') ?? 0.2);
const OCR = process.argv.includes('--ocr');
const INLINE_CONCURRENCY = 4;
/** Jobs at once per worker process: store/classify/triage mostly wait on PostgreSQL. */
const STAGE_CONCURRENCY = 'crawl=2,ocr=1,classify=16,triage=16';

/** Machine-wide CPU busy share between two readings of /proc/stat (all cores). */
function cpuTimes(): { busy: number; total: number } {
  const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
  const v = cpu.split(/\s+/).slice(1).map(Number);
  const idle = v[3] + v[4];
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** Peak resident set of a process in MB (VmHWM), 0 when it is gone. */
function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

interface Phase {
  mode: string;
  seconds: number;
  perSecond: number;
  peakRssMb: number;
  cases: number;
  load1Before: number;
  load1After: number;
  machineBusyPct: number;
}

async function measure(mode: string, run: () => Promise<{ peakRssMb: number; db: Awaited<ReturnType<typeof freshDatabase>> }>): Promise<Phase> {
  const load1Before = os.loadavg()[0];
  const cpu0 = cpuTimes();
  const t0 = performance.now();
  const { peakRssMb, db } = await run();
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = cpuTimes();
  const [[l], [c]] = await Promise.all([db.db.select({ n: count() }).from(listingsTable), db.db.select({ n: count() }).from(cases)]);
  if (Number(l.n) !== N) throw new Error(`${mode}: ${l.n} listings stored, expected ${N}`);
  await db.dispose();
  const phase = {
    mode,
    seconds,
    perSecond: N / seconds,
    peakRssMb,
    cases: Number(c.n),
    load1Before,
    load1After: os.loadavg()[0],
    machineBusyPct: (100 * (cpu1.busy - cpu0.busy)) / (cpu1.total - cpu0.total),
  };
  console.error(`${mode}: ${phase.perSecond.toFixed(1)} listings/s in ${seconds.toFixed(1)} s, ${phase.cases} cases`);
  return phase;
}

async function inline(items: ListingInput[]) {
  const db = await freshDatabase('pg');
  const ctx = await createPipelineContext(loadConfig({ ocr: OCR, logLevel: 'silent' }, {}), { database: db });
  const parsed = items.map((l) => parseListing(l));
  let next = 0;
  await Promise.all(
    Array.from({ length: INLINE_CONCURRENCY }, async () => {
      while (next < parsed.length) await processListing(ctx, parsed[next++]);
    }),
  );
  for (const c of ctx.classifiers) await c.close?.();
  return { db, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'cli', 'main.ts'), 'worker', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      if (out.includes('"worker started"')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before starting:\n${out}`)));
  });
}

async function queued(items: ListingInput[], workers: number) {
  const db = await freshDatabase('pg');
  const prefix = `swbench-${Date.now().toString(36)}`;
  const env = {
    REDIS_URL,
    DATABASE_URL: db.url!,
    SHELFWATCH_QUEUE_PREFIX: prefix,
    SHELFWATCH_OCR: String(OCR),
    SHELFWATCH_STAGE_CONCURRENCY: STAGE_CONCURRENCY,
    // info: the "worker started" line is how the bench knows a worker is up; per-job lines are debug.
    LOG_LEVEL: 'info',
  };
  const queues = new PipelineQueues({ redisUrl: REDIS_URL, prefix });
  // Workers start (and load their classifiers) before the clock: a fleet is long-running.
  const children = await Promise.all(Array.from({ length: workers }, () => startWorker(env)));
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, ...children.map((c) => peakRssMb(c.pid!)));
  }, 500);
  try {
    await enqueueListings(queues, 'demo', items, 50);
    await waitForIdle(queues, { timeoutMs: 60 * 60_000, pollMs: 250, quietMs: 300 });
    peak = Math.max(peak, ...children.map((c) => peakRssMb(c.pid!)));
    const depth = await queues.depth();
    const failed = Object.values(depth).reduce((n, d) => n + d.failed, 0);
    if (failed) throw new Error(`${failed} job(s) failed in the ${workers}-worker run`);
  } finally {
    clearInterval(sampler);
    await Promise.all(children.map((c) => new Promise((r) => (c.once('exit', r), c.kill('SIGTERM')))));
    await queues.obliterate();
    await queues.close();
  }
  return { db, peakRssMb: peak };
}

async function main() {
  const shop = await startDemoMarketplace({ port: 0 });
  // Image URLs point at the live demo shop, so the image stage downloads real bytes (once per URL).
  // The same listings for every mode (each mode has its own database), so case counts must agree.
  const items = (_mode: string) =>
    demoStyleListings(N, { imageShare: IMAGE_SHARE, tag: 'bench' }).map((l) => ({
      ...l,
      images: (l.images ?? []).map((i) => ({ url: i.url?.replace('http://demo.shelfwatch.test', shop.url) })),
    }));
  console.error(`${N} listings, ${Math.round(IMAGE_SHARE * 100)}% with an image, OCR ${OCR ? 'on' : 'off'}; ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`);
  const phases: Phase[] = [];
  try {
    phases.push(await measure('inline (1 process)', () => inline(items('inline'))));
    phases.push(await measure('1 worker process', () => queued(items('w1'), 1)));
    phases.push(await measure('2 worker processes', () => queued(items('w2'), 2)));
  } finally {
    await shop.close();
  }
  const [inl, one, two] = phases;
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(`\nShelfwatch pipeline benchmark: ${N} listings (${Math.round(IMAGE_SHARE * 100)}% with an image), OCR ${OCR ? 'on' : 'off'}, PostgreSQL + Redis on ${os.cpus().length} cores`);
  console.log(`${pad('mode', 22)}${pad('listings/s', 12)}${pad('seconds', 10)}${pad('peak RSS MB', 13)}${pad('cases', 8)}${pad('load 1m before→after', 22)}machine CPU busy`);
  for (const p of phases) {
    console.log(
      `${pad(p.mode, 22)}${pad(p.perSecond.toFixed(1), 12)}${pad(p.seconds.toFixed(1), 10)}${pad(p.peakRssMb.toFixed(0), 13)}${pad(String(p.cases), 8)}${pad(`${p.load1Before.toFixed(1)} → ${p.load1After.toFixed(1)}`, 22)}${p.machineBusyPct.toFixed(0)}%`,
    );
  }
  const ratio = two.perSecond / inl.perSecond;
  console.log(`\n2 workers / inline = ${ratio.toFixed(2)}×   (target ≥ 1.6×)   1 worker / inline = ${(one.perSecond / inl.perSecond).toFixed(2)}×`);
  console.log(
    'Machine load is shared with other work; "machine CPU busy" is all cores over the phase, "load" the 1-minute load average (2 = both cores busy).',
  );
  console.log(
    JSON.stringify({
      listings: N,
      image_share: IMAGE_SHARE,
      ocr: OCR,
      inline_per_s: round(inl.perSecond),
      one_worker_per_s: round(one.perSecond),
      two_workers_per_s: round(two.perSecond),
      ratio: round(ratio),
      peak_rss_mb: round(Math.max(...phases.map((p) => p.peakRssMb))),
      peak_rss_mb_by_mode: Object.fromEntries(phases.map((p) => [p.mode, round(p.peakRssMb)])),
      load1: phases.map((p) => round(p.load1After)),
      machine_busy_pct: phases.map((p) => round(p.machineBusyPct)),
      cores: os.cpus().length,
    }),
  );
}

const round = (x: number) => Math.round(x * 100) / 100;

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
