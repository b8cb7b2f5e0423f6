/**
 * Throughput and memory of classification (rules + trained text model), in one
 * process, no database, on the same listings for every path:
 *
 * - direct:   each classifier's `classify` on one listing, then `combine` into a verdict;
 * - pipeline: the pipeline's classify stage (`classifyListing` from pipeline/stages/classify.ts,
 *             one listing per call as `processListing` and the classify worker call it), with
 *             the predictions write stubbed out (no database: this measures classification);
 * - batch:    `classifyAll` on batches of 64, as `shelfwatch classify` calls it (for reference).
 *
 * The overhead of the pipeline is pipeline vs direct. The paths take turns on chunks of
 * 1,000 listings (so they share whatever load the machine has), each path keeps its
 * fastest round, and CPU time (process.cpuUsage) is reported next to wall time so
 * figures compare under load. CPU time is the whole process's: it includes V8's GC
 * threads, which collect whichever path's garbage is due, so it is noisier (±5%).
 *
 *   npm run bench:classify [-- --corpus file --listings 10000 --rounds 3]
 *
 * Prints a table, then as the very last line one JSON object.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Classifier, ClassifyInput } from '../classifiers/classifier.js';
import { classifyAll, combine } from '../classifiers/ensemble.js';
import { prng } from '../classifiers/text-model/logistic.js';
import { REPO_ROOT } from '../config.js';
import type { Prediction } from '../domain/labels.js';
import { readListingFile } from '../domain/jsonl.js';
import { buildClassifierSet } from '../pipeline/classifier-set.js';
import type { PipelineContext } from '../pipeline/context.js';
import { classifyListing } from '../pipeline/stages/classify.js';
import { ThresholdResolver } from '../pipeline/threshold-resolver.js';
import { defaultThresholds } from '../pipeline/thresholds.js';
import { table } from '../cli/output.js';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    listings: { type: 'string', default: '10000' },
    batch: { type: 'string', default: '64' },
    rounds: { type: 'string', default: '3' },
  },
});
const N = Number(values.listings);
const BATCH = Number(values.batch);
const ROUNDS = Math.max(1, Number(values.rounds));
const SAMPLE_EVERY = 1000;
const modelsDir = path.join(REPO_ROOT, 'models');
const corpusFile =
  values.corpus ?? [path.join(REPO_ROOT, 'models/corpus/listings.v1.jsonl'), path.join(REPO_ROOT, 'demo/ground-truth.jsonl')].find((f) => existsSync(f));
if (!corpusFile) throw new Error('no corpus: pass --corpus <labeled JSON Lines>');

const uptime = () => {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return `load average ${os.loadavg().map((x) => x.toFixed(2)).join(', ')}`;
  }
};
const uptimeAtStart = uptime();

const source = (await readListingFile(corpusFile, { labeled: true })).map((l) => l.listing);
const rand = prng(42);
// Sampled with replacement; each copy gets its own id so nothing can be cached by id.
// `ocr: []` is what the classify stage passes for a listing without image text.
const inputs: ClassifyInput[] = Array.from({ length: N }, (_, i) => ({ listing: { ...source[Math.floor(rand() * source.length)], id: `bench:${i}` }, ocr: [] }));

const set = await buildClassifierSet({ modelsDir, claimsRegister: false });
const classifiers: Classifier[] = set.classifiers;
if (!classifiers.some((c) => c.name === 'text-model')) console.error('warning: no trained text model under models/text-model; benchmarking rules only');
const thresholdSet = defaultThresholds(modelsDir, 'default');
const thresholds = thresholdSet.labels;
// The classify stage's context without a database: thresholds come from the pipeline's resolver
// (per platform, cached) over the default files, and the predictions write is a no-op.
const resolver = new ThresholdResolver(undefined, undefined, modelsDir, 'default');
let saved = 0;
const ctx = {
  classifiers,
  combiner: set.combiner,
  thresholds: thresholdSet,
  thresholdsFor: (platform: string) => resolver.forPlatform(platform),
  repos: {
    predictions: {
      save: async () => {
        saved++;
      },
    },
  },
} as unknown as PipelineContext;

const mb = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

interface Run {
  wall: number;
  cpu: number;
  /** Process RSS after each chunk of SAMPLE_EVERY listings of this path. */
  rss: number[];
  flagged: number;
}

/** Classifies `list`, returns how many were flagged false_health_claim (a check that the paths agree). */
type PathFn = (list: ClassifyInput[]) => Promise<number>;

/** Calls the classifiers and combines, with nothing in between. */
const direct: PathFn = async (list) => {
  let flagged = 0;
  for (let i = 0; i < list.length; i++) {
    const input = list[i];
    const preds: Prediction[] = [];
    for (const c of classifiers) {
      const p = c.classify(input);
      preds.push(p instanceof Promise ? await p : p);
    }
    if (combine(input.listing.id, preds, classifiers, thresholds, set.combiner).labels.false_health_claim.flagged) flagged++;
  }
  return flagged;
};

/** The pipeline's classify stage, one listing per call. */
const pipeline: PathFn = async (list) => {
  let flagged = 0;
  for (let i = 0; i < list.length; i++) {
    const { listing, ocr } = list[i];
    if ((await classifyListing(ctx, listing, ocr)).labels.false_health_claim.flagged) flagged++;
  }
  return flagged;
};

/** classifyAll on batches, as the offline `classify` command runs. */
const batched: PathFn = async (list) => {
  let flagged = 0;
  for (let i = 0; i < list.length; i += BATCH) {
    const batch = list.slice(i, i + BATCH);
    for (const r of await classifyAll(batch, classifiers, thresholds, set.combiner)) if (r.verdict.labels.false_health_claim.flagged) flagged++;
  }
  return flagged;
};

const paths: Array<[string, PathFn]> = [
  ['direct', direct],
  ['pipeline', pipeline],
  ['batch', batched],
];

// Warm-up: JIT, lexicon compilation, caches.
const warm = inputs.slice(0, Math.min(2000, N));
for (const [, fn] of paths) await fn(warm);

/**
 * One round: the listings in chunks of SAMPLE_EVERY, each chunk through every path in turn
 * (the order rotating per chunk), wall and CPU time summed per path. Paths measured side by
 * side this way see the same load; one path measured after the other would not.
 */
async function round(): Promise<Map<string, Run>> {
  const runs = new Map<string, Run>(paths.map(([name]) => [name, { wall: 0, cpu: 0, rss: [], flagged: 0 }]));
  for (let i = 0, chunk = 0; i < N; i += SAMPLE_EVERY, chunk++) {
    const list = inputs.slice(i, i + SAMPLE_EVERY);
    for (let k = 0; k < paths.length; k++) {
      const [name, fn] = paths[(chunk + k) % paths.length];
      const r = runs.get(name)!;
      const c0 = cpuNow();
      const t0 = performance.now();
      r.flagged += await fn(list);
      r.wall += performance.now() - t0;
      r.cpu += cpuNow() - c0;
      r.rss.push(process.memoryUsage().rss);
    }
  }
  return runs;
}

const best = new Map<string, Run>();
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, run] of await round()) {
    const prev = best.get(name);
    if (!prev || run.wall < prev.wall) best.set(name, run);
  }
}
const d = best.get('direct')!;
const p = best.get('pipeline')!;
const b = best.get('batch')!;
if (d.flagged !== p.flagged || d.flagged !== b.flagged) throw new Error(`paths disagree: flagged ${d.flagged} / ${p.flagged} / ${b.flagged}`);
if (saved === 0) throw new Error('the classify stage saved no predictions');

const perS = (r: Run) => Math.round((N / r.wall) * 1000);
const perCpuS = (r: Run) => Math.round((N / r.cpu) * 1000);
const pct = (a: number, base: number) => Math.round(((a - base) / base) * 1000) / 10;
const growth = (s: number[]) => (s.length >= 2 ? Math.round(((s[s.length - 1] - s[0]) / s[0]) * 1000) / 10 : 0);
const peak = Math.max(...d.rss, ...p.rss, ...b.rss);
const uptimeAtEnd = uptime();

console.log(`corpus ${path.relative(REPO_ROOT, corpusFile)} (${source.length} listings), ${N} sampled with replacement; best of ${ROUNDS} round(s)`);
console.log(`classifiers: ${classifiers.map((c) => `${c.name}@${c.version}`).join(', ')}; combined by ${set.combinerName}\n`);
const row = (label: string, r: Run) => ({
  path: label,
  'listings/s': perS(r),
  'ms wall': Math.round(r.wall),
  'ms cpu': Math.round(r.cpu),
  'listings per cpu-s': perCpuS(r),
  'rss growth 1k→10k %': growth(r.rss),
});
console.log(
  table([
    row('direct (classify each + combine)', d),
    row('pipeline (classify stage, per listing)', p),
    row(`batch (classifyAll ×${BATCH}, CLI)`, b),
  ]),
);
console.log(`\noverhead of the pipeline path vs direct: ${pct(p.wall, d.wall)}% wall, ${pct(p.cpu, d.cpu)}% cpu`);
console.log(`uptime at start: ${uptimeAtStart}\nuptime at end:   ${uptimeAtEnd}  (${os.cpus().length} cores)`);
console.log('\nRSS (MB) every 1,000 listings');
console.log(table(d.rss.map((r, i) => ({ listings: (i + 1) * SAMPLE_EVERY, 'direct MB': mb(r), 'pipeline MB': mb(p.rss[i] ?? 0), 'batch MB': mb(b.rss[i] ?? 0) }))));
console.log(
  JSON.stringify({
    listings: N,
    direct_per_s: perS(d),
    pipeline_per_s: perS(p),
    overhead_pct: pct(p.wall, d.wall),
    rss_growth_pct: Math.max(growth(d.rss), growth(p.rss)),
    peak_rss_mb: mb(peak),
    direct_per_cpu_s: perCpuS(d),
    pipeline_per_cpu_s: perCpuS(p),
    overhead_cpu_pct: pct(p.cpu, d.cpu),
    batch_per_s: perS(b),
    batch_per_cpu_s: perCpuS(b),
    load_avg_1m: Math.round(os.loadavg()[0] * 100) / 100,
  }),
);
