/**
 * OCR throughput: the Shelfwatch tesseract.js pool (OcrService, one worker per
 * core) against Debian's `tesseract` command line run one image per core in
 * parallel, on the same images with the same language sets and page
 * segmentation mode.
 *
 *   npx tsx bench/ocr.bench.ts [--images 40] [--pool-size N]
 *
 * Pool passes: "cold" includes starting the workers; "warm" is the same pool
 * again with an empty cache, i.e. a long-running service (the figure compared).
 * When Debian's tessdata_fast files are installed, the pool also runs on them.
 * Prints a table, then as the very last line one JSON object.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import {
  DEBIAN_TESSDATA,
  MemoryOcrCache,
  OcrService,
  TesseractPool,
  loadOcrSettings,
  tesseractLanguageFor,
  tesseractPoolOptions,
  type TessdataSource,
} from '../classifiers/ocr/index.js';
import { assertLanguagesAvailable } from '../classifiers/ocr/tessdata.js';
import { table } from '../cli/output.js';
import { benchImages, characterErrorRate, type BenchImage } from './lib/ocr-bench-images.js';
import { runTesseractCli, tesseractCliAvailable } from './lib/tesseract-cli.js';

const { values } = parseArgs({
  options: {
    images: { type: 'string', default: '40' },
    'pool-size': { type: 'string' },
  },
});
const COUNT = Number(values.images);
const cores = os.availableParallelism();
const poolSize = values['pool-size'] ? Number(values['pool-size']) : cores;
const settings = loadOcrSettings();
const psm = settings.tesseract.pageSegMode;

interface PassResult {
  engine: string;
  seconds: number;
  cpuSeconds?: number;
  peakRssMb?: number;
  cer?: number;
  failed: number;
}

const { images, source } = await benchImages(COUNT);
const bytes = images.map((img) => readFileSync(img.file));
const languageOf = (img: BenchImage) => tesseractLanguageFor(img.language, settings);

/** Samples this process's RSS (worker threads included) while a pass runs. */
function rssSampler(): () => number {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  return () => {
    clearInterval(timer);
    return Math.round(Math.max(peak, process.memoryUsage().rss) / 1024 / 1024);
  };
}

async function poolPass(engine: TesseractPool, label: string): Promise<PassResult> {
  // A fresh cache each pass: the same 40 images would otherwise be answered from memory.
  const service = new OcrService({ engine, settings, cache: new MemoryOcrCache() });
  const stopRss = rssSampler();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const results = await Promise.all(images.map((img, i) => service.readImage(bytes[i]!, { imageIndex: i, language: img.language })));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const peakRssMb = stopRss();
  const failed = results.filter((r) => !r.ok).length;
  const cer = characterErrorRate(results.map((r, i) => ({ got: r.ok ? r.text.text : '', truth: images[i]!.truth })));
  return { engine: label, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRssMb, cer, failed };
}

async function poolPasses(tessdata: TessdataSource | undefined, name: string): Promise<{ cold: PassResult; warm: PassResult; processPeakRssMb: number }> {
  const pool = new TesseractPool(tesseractPoolOptions(settings, { poolSize, tessdata }));
  try {
    const cold = await poolPass(pool, `${name}, cold start`);
    const warm = await poolPass(pool, `${name}, warm`);
    return { cold, warm, processPeakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
  } finally {
    await pool.close();
  }
}

function debianDataInstalled(): boolean {
  try {
    for (const lang of new Set(images.map(languageOf))) assertLanguagesAvailable(lang, DEBIAN_TESSDATA);
    return true;
  } catch (error) {
    console.error(`note: pool on Debian tessdata_fast skipped: ${(error as Error).message}`);
    return false;
  }
}

async function cliPass(): Promise<PassResult | undefined> {
  if (!tesseractCliAvailable()) {
    console.error('note: no tesseract command: apt-get install tesseract-ocr tesseract-ocr-vie tesseract-ocr-chi-sim tesseract-ocr-kor');
    return undefined;
  }
  const t0 = performance.now();
  const results = await runTesseractCli(
    images.map((img) => ({ file: img.file, languages: languageOf(img) })),
    { parallel: cores, pageSegMode: psm },
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = results.every((r) => r.cpuSeconds !== undefined) ? results.reduce((s, r) => s + r.cpuSeconds!, 0) : undefined;
  const maxRss = Math.max(...results.map((r) => r.maxRssKb ?? 0));
  return {
    engine: `tesseract CLI ${cores}× parallel (Debian fast data)`,
    seconds,
    cpuSeconds: cpu,
    // One process per core at a time: the fleet's peak is at most that many of the largest.
    peakRssMb: maxRss ? Math.round((maxRss * Math.min(cores, images.length)) / 1024) : undefined,
    cer: characterErrorRate(results.map((r, i) => ({ got: r.text, truth: images[i]!.truth }))),
    failed: 0,
  };
}

const npm = await poolPasses(undefined, `pool ×${poolSize} (npm best_int)`);
const debian = debianDataInstalled() ? await poolPasses(DEBIAN_TESSDATA, `pool ×${poolSize} (Debian fast)`) : undefined;
const cli = await cliPass();

const round = (x: number | undefined, digits = 2) => (x === undefined ? undefined : Math.round(x * 10 ** digits) / 10 ** digits);
const rate = (p: PassResult | undefined) => (p ? round(images.length / p.seconds) : undefined);
const cpuPerImage = (p: PassResult | undefined) => (p?.cpuSeconds === undefined ? undefined : round(p.cpuSeconds / images.length, 3));
const rows = [npm.cold, npm.warm, debian?.cold, debian?.warm, cli].filter((p): p is PassResult => p !== undefined);

console.log(`OCR benchmark: ${images.length} images from ${source}, languages ${[...new Set(images.map(languageOf))].join(', ')}, PSM ${psm}`);
console.log(`${cores} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} (wall time suffers when others use the cores; CPU time does not)\n`);
console.log(
  table(
    rows.map((p) => ({
      engine: p.engine,
      images: images.length - p.failed,
      seconds: round(p.seconds),
      'images/s': rate(p),
      'CPU s/image': cpuPerImage(p),
      'peak RSS MB': p.peakRssMb ?? 'n/a',
      'CER %': p.cer ?? 'n/a',
    })),
  ),
);

const poolRate = rate(npm.warm)!;
const cliRate = rate(cli);
const ratio = cliRate ? round(poolRate / cliRate) : undefined;
const cpuRatio = cpuPerImage(cli) && cpuPerImage(npm.warm) ? round(cpuPerImage(cli)! / cpuPerImage(npm.warm)!) : undefined;
console.log(
  `\npool (warm) vs CLI: ${ratio ?? 'n/a'}× by wall time, ${cpuRatio ?? 'n/a'}× by CPU time per image` +
    (debian ? `; pool on Debian fast data: ${rate(debian.warm)} images/s` : ''),
);
console.log(
  JSON.stringify({
    images: images.length,
    source,
    cores,
    pool_images_per_s: poolRate,
    pool_cold_images_per_s: rate(npm.cold),
    pool_debian_fast_images_per_s: rate(debian?.warm),
    cli_images_per_s: cliRate ?? null,
    ratio: ratio ?? null,
    ratio_cpu: cpuRatio ?? null,
    peak_rss_mb: npm.processPeakRssMb,
    cli_peak_rss_mb: cli?.peakRssMb ?? null,
    pool_cer_pct: npm.warm.cer ?? null,
    pool_debian_fast_cer_pct: debian?.warm.cer ?? null,
    cli_cer_pct: cli?.cer ?? null,
    load_avg_1m: round(os.loadavg()[0]!, 1),
  }),
);
