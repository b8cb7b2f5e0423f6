import type { Command } from 'commander';
import { classifyAll } from '../../classifiers/ensemble.js';
import { loadConfig } from '../../config.js';
import { openInput, openOutput, readListings } from '../../domain/jsonl.js';
import { classifierSetFor } from '../../pipeline/classifier-set.js';
import { defaultThresholds } from '../../pipeline/thresholds.js';

// Listings are classified in batches so batched classifiers (transformers) pay off.
const BATCH = 64;

export function registerClassify(program: Command): void {
  program
    .command('classify')
    .description('classify listings from a JSON Lines file, offline (no database): one result line per listing, in input order')
    .requiredOption('-i, --input <file>', 'listings as JSON Lines, or - for stdin')
    .option('-o, --output <file>', 'results as JSON Lines, or - for stdout', '-')
    .option('--profile <name>', 'jurisdiction profile for thresholds')
    .option('--transformers <mode>', 'transformer classifiers: auto (those whose weights are on disk), on (required), off')
    .action(async (opts: { input: string; output: string; profile?: string; transformers?: string }) => {
      const config = loadConfig({ profile: opts.profile, transformers: opts.transformers });
      const set = await classifierSetFor(config);
      const { classifiers, combiner } = set;
      const thresholds = defaultThresholds(config.modelsDir, config.profile);
      const out = openOutput(opts.output);
      let errors = 0;
      let count = 0;
      const input = openInput(opts.input);
      input.on('error', (e) => {
        console.error(`shelfwatch classify: cannot read ${opts.input}: ${e.message}`);
        process.exit(2);
      });
      let batch: Parameters<typeof classifyAll>[0] = [];
      const flush = async () => {
        const results = await classifyAll(batch, classifiers, thresholds.labels, combiner);
        for (const { verdict } of results) {
          const line = JSON.stringify({
            id: verdict.id,
            labels: verdict.labels,
            risk: verdict.risk,
            evidence: verdict.evidence,
            classifiers: verdict.classifiers,
          });
          if (!out.write(line + '\n')) await new Promise((r) => out.once('drain', r));
        }
        count += batch.length;
        batch = [];
      };
      for await (const { listing } of readListings(input, {
        onError: (e) => {
          errors++;
          console.error(`${opts.input}:${e.line}: ${e.message}`);
        },
      })) {
        batch.push({ listing });
        if (batch.length >= BATCH) await flush();
      }
      await flush();
      if (out !== process.stdout) await new Promise<void>((r) => out.end(r));
      await set.close();
      console.error(`classified ${count} listing(s) with ${classifiers.map((c) => `${c.name}@${c.version}`).join(', ')}${errors ? `; ${errors} line(s) skipped` : ''}`);
      for (const note of set.notes) console.error(`  note: ${note}`);
      if (errors && count === 0) process.exitCode = 1;
    });
}
