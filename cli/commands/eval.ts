import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { evaluate, prCurve, type EvalItem } from '../../classifiers/eval/metrics.js';
import { classifyAll } from '../../classifiers/ensemble.js';
import { loadConfig } from '../../config.js';
import { readListingFile } from '../../domain/jsonl.js';
import { LABELS } from '../../domain/labels.js';
import { buildClassifiers } from '../../pipeline/classifier-set.js';
import { defaultThresholds } from '../../pipeline/thresholds.js';
import { UsageError } from '../errors.js';
import { table } from '../output.js';

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('precision, recall and F1 per label and per language on a labeled JSON Lines dataset (Listing + "expected")')
    .requiredOption('-d, --dataset <file>', 'labeled listings as JSON Lines')
    .option('--profile <name>', 'jurisdiction profile for thresholds')
    .option('--pr-out <file>', 'write precision-recall curve points per label as JSON')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { dataset: string; profile?: string; prOut?: string; json?: boolean }) => {
      const config = loadConfig({ profile: opts.profile });
      let bad = 0;
      const lines = await readListingFile(opts.dataset, {
        labeled: true,
        onError: (e) => {
          bad++;
          console.error(`${opts.dataset}:${e.line}: ${e.message}`);
        },
      });
      if (!lines.length) throw new UsageError(`no usable labeled listings in ${opts.dataset}`);
      const classifiers = await buildClassifiers({ modelsDir: config.modelsDir });
      const thresholds = defaultThresholds(config.modelsDir, config.profile);
      const results = await classifyAll(
        lines.map((l) => ({ listing: l.listing })),
        classifiers,
        thresholds.labels,
      );
      const items: EvalItem[] = lines.map((l, i) => ({
        language: l.listing.language,
        expected: l.expected!,
        predicted: Object.fromEntries(LABELS.map((lab) => [lab, results[i].verdict.labels[lab].flagged])) as EvalItem['predicted'],
        scores: Object.fromEntries(LABELS.map((lab) => [lab, results[i].verdict.labels[lab].score])) as EvalItem['scores'],
      }));
      const report = evaluate(items);
      const curves = Object.fromEntries(LABELS.map((l) => [l, prCurve(items, l)]));
      if (opts.prOut) writeFileSync(opts.prOut, JSON.stringify(curves, null, 2));
      const classifierNames = classifiers.map((c) => `${c.name}@${c.version}`);
      if (opts.json) {
        console.log(JSON.stringify({ dataset: opts.dataset, skippedLines: bad, classifiers: classifierNames, thresholds, ...report }, null, 2));
        return;
      }
      console.log(`dataset ${opts.dataset}: ${report.items} listings${bad ? `, ${bad} line(s) skipped` : ''}`);
      console.log(`classifiers: ${classifierNames.join(', ')}; thresholds: profile ${thresholds.profile} v${thresholds.version}\n`);
      console.log(table(LABELS.map((l) => ({ label: l, ...pick(report.perLabel[l]) }))));
      console.log('\nper language');
      console.log(
        table(
          Object.entries(report.perLanguage).flatMap(([lang, m]) => LABELS.map((l) => ({ language: lang, label: l, ...pick(m[l]) }))),
        ),
      );
      console.log('\nconfusion (rows: expected label; columns: labels predicted for those listings)');
      console.log(table(LABELS.map((l) => ({ expected: l, ...report.confusion[l] }))));
      console.log(`\nexact match (all three labels right): ${report.exactMatch}`);
    });
}

function pick(m: { precision: number; recall: number; f1: number; support: number; tp: number; fp: number; fn: number }) {
  return { precision: m.precision.toFixed(3), recall: m.recall.toFixed(3), f1: m.f1.toFixed(3), support: m.support, tp: m.tp, fp: m.fp, fn: m.fn };
}
