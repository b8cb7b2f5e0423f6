import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { splitOf } from '../../classifiers/text-model/split.js';
import { loadConfig } from '../../config.js';
import { readListingFile } from '../../domain/jsonl.js';
import { LABELS } from '../../domain/labels.js';
import type { Listing } from '../../domain/listing.js';
import { modelRegistryFor, modelSettings } from '../../pipeline/classifier-set.js';
import { UsageError } from '../errors.js';
import { table } from '../output.js';

/**
 * The text a head learns from: what the seller wrote, in the order a reader
 * sees it. At inference the classifier scores each segment and keeps the best,
 * so the head must learn from listing-level text with listing-level labels.
 */
function headText(l: Listing): string {
  return [l.title, ...l.labelClaims, l.description ?? ''].filter(Boolean).join('. ').slice(0, 1000);
}

export function registerTrainHead(program: Command): void {
  program
    .command('train-head')
    .description('train the embedding head (logistic regression per label on sentence embeddings) on the labeled corpus; needs the embedding model on disk (shelfwatch models pull)')
    .option('-c, --corpus <file>', 'labeled listings (JSON Lines: Listing + "expected")', 'models/corpus/listings.v1.jsonl')
    .option('--model <id>', 'embedding model id from the registry (default: the registry default)')
    .option('-o, --out <dir>', 'where to write embedding-head.<model>.v<N>.json (default <models>/transformers/heads)')
    .option('--epochs <n>', 'full-batch gradient steps', '400')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: { corpus: string; model?: string; out?: string; epochs: string; json?: boolean }) => {
      const epochs = Number(opts.epochs);
      if (!Number.isInteger(epochs) || epochs < 1) throw new UsageError(`--epochs must be a whole number ≥ 1 (got "${opts.epochs}")`);
      const config = loadConfig();
      const { embeddingModel } = await import('../../classifiers/transformers/model-registry.js');
      const { createTransformersTextEncoder } = await import('../../classifiers/transformers/text-encoder.js');
      const { trainHeadFromTexts } = await import('../../classifiers/transformers/head-training.js');
      const { headFileName, saveEmbeddingHead } = await import('../../classifiers/transformers/embedding-head.js');
      const registry = modelRegistryFor(config);
      const entry = embeddingModel(registry, opts.model);

      let bad = 0;
      const rows = await readListingFile(opts.corpus, {
        labeled: true,
        onError: (e) => {
          bad++;
          console.error(`${opts.corpus}:${e.line}: ${e.message}`);
        },
      });
      const toExample = (r: (typeof rows)[number]) => ({ text: headText(r.listing), labels: { ...r.expected! } });
      // The same id-hash split as `shelfwatch train`: the head never sees the test split, and reports on calibration.
      const train = rows.filter((r) => splitOf(r.listing.id) === 'train').map(toExample);
      const holdout = rows.filter((r) => splitOf(r.listing.id) === 'calibration').map(toExample);
      if (!train.length) throw new UsageError(`no usable labeled listings in the train split of ${opts.corpus}`);

      const outDir = path.resolve(opts.out ?? path.join(config.modelsDir, 'transformers', 'heads'));
      const prefix = `embedding-head.${entry.id.split('/').pop()}.v`;
      const taken = readdirSafe(outDir)
        .filter((f) => f.startsWith(prefix) && f.endsWith('.json'))
        .map((f) => Number.parseInt(f.slice(prefix.length), 10))
        .filter(Number.isFinite);
      const version = String(Math.max(0, ...taken) + 1);

      const started = Date.now();
      const encoder = await createTransformersTextEncoder(entry, modelSettings(config));
      let head;
      try {
        head = await trainHeadFromTexts(encoder, train, { version, epochs, holdout, note: `trained on ${path.basename(opts.corpus)} (train split, ${train.length} listings)` });
      } finally {
        await encoder.close();
      }
      const file = saveEmbeddingHead(head, path.join(outDir, headFileName(entry.id, version)));
      const metrics = head.artifact.metrics;
      const summary = { file, model: entry.id, version, train: train.length, holdout: holdout.length, skippedLines: bad, seconds: +((Date.now() - started) / 1000).toFixed(1), metrics };
      if (opts.json) return void console.log(JSON.stringify(summary, null, 2));
      console.log(`embedding head v${version} for ${entry.id}: ${train.length} training listings, metrics on ${metrics.on} (${holdout.length}) → ${file}`);
      console.log(table(LABELS.filter((l) => metrics.perLabel[l]).map((l) => ({ label: l, ...fmt(metrics.perLabel[l]!) }))));
    });
}

function fmt(m: Record<string, number>) {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Number.isInteger(v) ? v : v.toFixed(3)]));
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}
