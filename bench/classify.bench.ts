/**
 * Throughput and memory of classification: rules + trained text model called
 * directly, versus the pipeline path (classifyAll + verdict combining with the
 * ensemble), in one process, no database.
 *
 *   npm run bench:classify [-- --corpus file --listings 10000]
 *
 * Prints a table, then as the very last line one JSON object.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Classifier, ClassifyInput } from '../classifiers/classifier.js';
import { classifyAll } from '../classifiers/ensemble.js';
import { prng } from '../classifiers/text-model/logistic.js';
import { REPO_ROOT } from '../config.js';
import { readListingFile } from '../domain/jsonl.js';
import { buildClassifierSet } from '../pipeline/classifier-set.js';
import { defaultThresholds } from '../pipeline/thresholds.js';
import { table } from '../cli/output.js';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    listings: { type: 'string', default: '10000' },
    batch: { type: 'string', default: '64' },
  },
});
const N = Number(values.listings);
const BATCH = Number(values.batch);
const SAMPLE_EVERY = 1000;
const modelsDir = path.join(REPO_ROOT, 'models');
const corpusFile =
  values.corpus ?? [path.join(REPO_ROOT, 'models/corpus/listings.v1.jsonl'), path.join(REPO_ROOT, 'demo/ground-truth.jsonl')].find((f) => existsSync(f));
if (!corpusFile) throw new Error('no corpus: pass --corpus <labeled JSON Lines>');

const source = (await readListingFile(corpusFile, { labeled: true })).map((l) => l.listing);
const rand = prng(42);
// Sampled with replacement; each copy gets its own id so nothing can be cached by id.
const inputs: ClassifyInput[] = Array.from({ length: N }, (_, i) => ({ listing: { ...source[Math.floor(rand() * source.length)], id: `bench:${i}` } }));

const set = await buildClassifierSet({ modelsDir, claimsRegister: false });
const classifiers: Classifier[] = set.classifiers;
if (!classifiers.some((c) => c.name === 'text-model')) console.error('warning: no trained text model under models/text-model; benchmarking rules only');
const thresholds = defaultThresholds(modelsDir, 'default').labels;

const mb = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;

// CPU time of this process next to wall time: on a shared 2-core machine other work steals wall time.
let cpuMs = 0;
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function direct(list: ClassifyInput[], rss?: number[]): number {
  const c0 = cpuNow();
  const t0 = performance.now();
  let sink = 0;
  list.forEach((input, i) => {
    for (const c of classifiers) sink += (c.classify(input) as { scores: { false_health_claim: number } }).scores.false_health_claim;
    if (rss && (i + 1) % SAMPLE_EVERY === 0) rss.push(process.memoryUsage().rss);
  });
  if (Number.isNaN(sink)) throw new Error('NaN score');
  cpuMs = cpuNow() - c0;
  return performance.now() - t0;
}

async function pipeline(list: ClassifyInput[], rss?: number[]): Promise<number> {
  const c0 = cpuNow();
  const t0 = performance.now();
  let flagged = 0;
  for (let i = 0; i < list.length; i += BATCH) {
    const batch = list.slice(i, i + BATCH);
    const out = await classifyAll(batch, classifiers, thresholds, set.combiner);
    for (const r of out) if (r.verdict.labels.false_health_claim.flagged) flagged++;
    if (rss) for (let k = i + 1; k <= i + batch.length; k++) if (k % SAMPLE_EVERY === 0) rss.push(process.memoryUsage().rss);
  }
  if (flagged < 0) throw new Error('unreachable');
  cpuMs = cpuNow() - c0;
  return performance.now() - t0;
}

// Warm-up: JIT, lexicon compilation, caches.
const warm = inputs.slice(0, Math.min(2000, N));
direct(warm);
await pipeline(warm);

// Two alternating rounds; each path keeps its faster round (the other engineers' jobs share these cores).
let tDirect = Infinity;
let tPipe = Infinity;
let cpuDirect = 0;
let cpuPipe = 0;
let rssDirect: number[] = [];
let rssPipe: number[] = [];
for (let round = 0; round < 2; round++) {
  const rd: number[] = [];
  const t = direct(inputs, rd);
  if (t < tDirect) [tDirect, cpuDirect, rssDirect] = [t, cpuMs, rd];
  const rp: number[] = [];
  const tp = await pipeline(inputs, rp);
  if (tp < tPipe) [tPipe, cpuPipe, rssPipe] = [tp, cpuMs, rp];
}

const directPerS = Math.round((N / tDirect) * 1000);
const pipelinePerS = Math.round((N / tPipe) * 1000);
const overheadPct = Math.round(((tPipe - tDirect) / tDirect) * 1000) / 10;
const growth = (s: number[]) => (s.length >= 2 ? Math.round(((s[s.length - 1] - s[0]) / s[0]) * 1000) / 10 : 0);
const peak = Math.max(...rssDirect, ...rssPipe);

console.log(`corpus ${path.relative(REPO_ROOT, corpusFile)} (${source.length} listings), ${N} sampled with replacement, batches of ${BATCH}`);
console.log(`classifiers: ${classifiers.map((c) => `${c.name}@${c.version}`).join(', ')}; combined by ${set.combinerName}\n`);
console.log(
  table([
    { path: 'direct (classify per classifier)', 'listings/s': directPerS, 'ms wall': Math.round(tDirect), 'ms cpu': Math.round(cpuDirect), 'listings per cpu-s': Math.round((N / cpuDirect) * 1000), 'rss growth 1k→10k %': growth(rssDirect) },
    { path: 'pipeline (classifyAll + combine)', 'listings/s': pipelinePerS, 'ms wall': Math.round(tPipe), 'ms cpu': Math.round(cpuPipe), 'listings per cpu-s': Math.round((N / cpuPipe) * 1000), 'rss growth 1k→10k %': growth(rssPipe) },
  ]),
);
console.log(`\noverhead of the pipeline path: ${overheadPct}% wall, ${Math.round(((cpuPipe - cpuDirect) / cpuDirect) * 1000) / 10}% cpu; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
console.log('\nRSS (MB) every 1,000 listings');
console.log(table(rssPipe.map((r, i) => ({ listings: (i + 1) * SAMPLE_EVERY, 'direct MB': mb(rssDirect[i] ?? 0), 'pipeline MB': mb(r) }))));
console.log(
  JSON.stringify({
    listings: N,
    direct_per_s: directPerS,
    pipeline_per_s: pipelinePerS,
    overhead_pct: overheadPct,
    rss_growth_pct: Math.max(growth(rssDirect), growth(rssPipe)),
    peak_rss_mb: mb(peak),
    direct_per_cpu_s: Math.round((N / cpuDirect) * 1000),
    pipeline_per_cpu_s: Math.round((N / cpuPipe) * 1000),
  }),
);
