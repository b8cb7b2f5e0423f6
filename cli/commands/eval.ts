import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { evaluate, prCurve, type EvalItem } from '../../classifiers/eval/metrics.js';
import { classifyAll } from '../../classifiers/ensemble.js';
import { prCurveSvg } from '../../classifiers/eval/pr-plot.js';
import { findMistakes } from '../../classifiers/eval/mistakes.js';
import { SPLITS, splitOf, type Split } from '../../classifiers/text-model/split.js';
import { loadConfig } from '../../config.js';
import { readListingFile } from '../../domain/jsonl.js';
import { LABELS } from '../../domain/labels.js';
import { classifierSetFor } from '../../pipeline/classifier-set.js';
import { THRESHOLD_SOURCES, thresholdsForEval, type ThresholdSource } from '../../pipeline/eval-thresholds.js';
import { readAllImages } from '../../pipeline/stages/ocr-batch.js';
import { UsageError } from '../errors.js';
import { table } from '../output.js';

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('precision, recall and F1 per label and per language on a labeled JSON Lines dataset (Listing + "expected")')
    .requiredOption('-d, --dataset <file>', 'labeled listings as JSON Lines')
    .option('--profile <name>', 'jurisdiction profile for thresholds')
    .option('--pr-out <file>', 'write precision-recall curve points per label as JSON')
    .option('--split <name>', 'evaluate only one split of the corpus (train, calibration, test), by the same id hash as `shelfwatch train`')
    .option('--plot <file>', 'write the precision-recall curves per label as an SVG, with the operating point at the active threshold')
    .option('--ocr', 'read the listings\' images with OCR first (local paths, else URLs), so violations printed only on a label photo count')
    .option('--transformers <mode>', 'transformer classifiers: auto (those whose weights are on disk), on (required), off')
    .option('--errors <file>', 'write every wrong call as JSON Lines (listing id, label, false_positive/false_negative, combined and per-classifier scores, evidence) for error analysis')
    .option('--thresholds <source>', 'which thresholds: db (the version in force in the database, as the pipeline uses), models (the defaults in models/), auto (db when a database exists, else models)', 'auto')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { dataset: string; profile?: string; prOut?: string; split?: string; plot?: string; ocr?: boolean; transformers?: string; errors?: string; thresholds: string; json?: boolean }) => {
      if (opts.split !== undefined && !SPLITS.includes(opts.split as Split)) throw new UsageError(`--split must be one of ${SPLITS.join(', ')} (got "${opts.split}")`);
      if (!THRESHOLD_SOURCES.includes(opts.thresholds as ThresholdSource)) throw new UsageError(`--thresholds must be one of ${THRESHOLD_SOURCES.join(', ')} (got "${opts.thresholds}")`);
      const config = loadConfig({ profile: opts.profile, transformers: opts.transformers });
      let bad = 0;
      const all = await readListingFile(opts.dataset, {
        labeled: true,
        onError: (e) => {
          bad++;
          console.error(`${opts.dataset}:${e.line}: ${e.message}`);
        },
      });
      const lines = opts.split ? all.filter((l) => splitOf(l.listing.id) === opts.split) : all;
      if (!lines.length) throw new UsageError(`no usable labeled listings in ${opts.dataset}${opts.split ? ` (split ${opts.split})` : ''}`);
      const set = await classifierSetFor(config);
      const classifiers = set.classifiers;
      const { set: thresholds, from: thresholdsFrom } = await thresholdsForEval(config, opts.thresholds as ThresholdSource);
      const ocr = opts.ocr ? await readAllImages(lines.map((l) => l.listing)) : undefined;
      if (ocr?.rejected.length) for (const r of ocr.rejected) console.error(`image ${r.imageIndex} of ${r.listingId} not read: ${r.reason}`);
      const results = await classifyAll(
        lines.map((l, i) => ({ listing: l.listing, ocr: ocr?.texts[i] })),
        classifiers,
        thresholds.labels,
        set.combiner,
      );
      await set.close();
      const items: EvalItem[] = lines.map((l, i) => ({
        language: l.listing.language,
        expected: l.expected!,
        predicted: Object.fromEntries(LABELS.map((lab) => [lab, results[i].verdict.labels[lab].flagged])) as EvalItem['predicted'],
        scores: Object.fromEntries(LABELS.map((lab) => [lab, results[i].verdict.labels[lab].score])) as EvalItem['scores'],
      }));
      const report = evaluate(items);
      if (opts.errors) {
        const mistakes = findMistakes(lines.map((l) => ({ listing: l.listing, expected: l.expected! })), results, thresholds.labels);
        writeFileSync(opts.errors, mistakes.map((m) => JSON.stringify(m)).join('\n') + (mistakes.length ? '\n' : ''));
      }
      const curves = Object.fromEntries(LABELS.map((l) => [l, prCurve(items, l)]));
      if (opts.prOut) writeFileSync(opts.prOut, JSON.stringify(curves, null, 2));
      if (opts.plot) {
        const title = `Precision-recall: ${opts.dataset}${opts.split ? ` (${opts.split} split)` : ''}, ${report.items} listings`;
        writeFileSync(opts.plot, prCurveSvg(LABELS.map((l) => ({ label: l, points: curves[l], threshold: thresholds.labels[l].flag })), { title }));
      }
      const classifierNames = classifiers.map((c) => `${c.name}@${c.version}`);
      if (opts.json) {
        console.log(JSON.stringify({ dataset: opts.dataset, split: opts.split ?? 'all', ocr: ocr ? { images: ocr.read, rejected: ocr.rejected.length } : false, skippedLines: bad, classifiers: classifierNames, combiner: set.combinerName, notes: set.notes, thresholds: { ...thresholds, from: thresholdsFrom }, ...report }, null, 2));
        return;
      }
      console.log(`dataset ${opts.dataset}${opts.split ? ` (${opts.split} split: ${report.items} of ${all.length})` : ''}: ${report.items} listings${bad ? `, ${bad} line(s) skipped` : ''}`);
      console.log(`classifiers: ${classifierNames.join(', ')}; combined by ${set.combinerName}; thresholds: profile ${thresholds.profile} v${thresholds.version} from ${thresholdsFrom === 'database' ? 'the database' : 'models/'} (${LABELS.map((l) => `${l} ${thresholds.labels[l].flag}`).join(', ')})`);
      console.log(ocr ? `OCR: ${ocr.read} image(s) read, ${ocr.rejected.length} rejected` : 'OCR: off (text fields only; pass --ocr to read the images)');
      for (const note of set.notes) console.log(`  note: ${note}`);
      console.log('');
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
