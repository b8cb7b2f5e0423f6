import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { ClaimsRegisterClassifier } from '../../classifiers/claims-register.js';
import type { Classifier } from '../../classifiers/classifier.js';
import { bestF1Threshold, fitStacking, type StackingSample } from '../../classifiers/ensemble-fit.js';
import { combine, runClassifiers, type Thresholds } from '../../classifiers/ensemble.js';
import { evaluate, type EvalItem } from '../../classifiers/eval/metrics.js';
import { RulesClassifier } from '../../classifiers/rules-classifier.js';
import { latestArtifactFile, TextModelArtifactError, writeArtifact } from '../../classifiers/text-model/artifact.js';
import { partition, splitOf } from '../../classifiers/text-model/split.js';
import { TextModelClassifier } from '../../classifiers/text-model/text-model-classifier.js';
import { trainTextModel, type LabeledExample } from '../../classifiers/text-model/trainer.js';
import { loadConfig, REPO_ROOT, type Config } from '../../config.js';
import { openDatabase } from '../../db/client.js';
import { ReviewRepository } from '../../db/repositories/review.repository.js';
import { compareModels, type ModelComparisonRow } from '../../pipeline/training/compare-models.js';
import { examplesFromDecisions } from '../../pipeline/training/decision-examples.js';
import { readListingFile } from '../../domain/jsonl.js';
import { LABELS, type Label } from '../../domain/labels.js';
import { ENSEMBLE_FILE, type EnsembleFile } from '../../pipeline/classifier-set.js';
import { UsageError } from '../errors.js';
import { table } from '../output.js';

interface TrainOpts {
  corpus: string;
  out?: string;
  /** A labeled JSON Lines file, or `true` (flag without a value): reviewed cases in the database. */
  fromDecisions?: string | true;
  epochs: string;
  seed: string;
  profile?: string;
  ensemble: boolean;
  json?: boolean;
}

// The risk threshold is never below this: "high" means the combined model is quite sure.
const HIGH_FLOOR = 0.85;

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('train the text model (hashed n-grams + logistic regression per label) on a labeled corpus, calibrate it, and fit the ensemble and default thresholds on the calibration split')
    .option('-c, --corpus <file>', 'labeled listings (JSON Lines: Listing + "expected")', 'models/corpus/listings.v1.jsonl')
    .option('-o, --out <dir>', 'where to write text-model.v<N>.json and metrics.v<N>.json (default <models>/text-model)')
    .option('--from-decisions [file]', 'active learning: add reviewer decisions to the training split, from the database (confirmed/dismissed cases; no value) or a labeled JSON Lines file; decisions on test-split listings are held out, and the previous and new model are compared on them and on the corpus test split')
    .option('--epochs <n>', 'passes over the training split', '20')
    .option('--seed <n>', 'seed for the sample order', '1')
    .option('--profile <name>', 'jurisdiction profile whose default thresholds are written')
    .option('--no-ensemble', 'train the text model only; leave ensemble.v1.json and the default thresholds alone')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: TrainOpts) => {
      const config = loadConfig({ profile: opts.profile });
      const corpusPath = path.resolve(opts.corpus);
      if (!existsSync(corpusPath)) throw new UsageError(`corpus ${opts.corpus} does not exist`);
      const outDir = path.resolve(opts.out ?? path.join(config.modelsDir, 'text-model'));
      const corpus = await readLabeled(corpusPath);
      if (corpus.length < 10) throw new UsageError(`corpus ${opts.corpus} holds ${corpus.length} usable labeled listings; need at least 10`);
      const split = partition(corpus, (e) => e.listing.id);
      const corpusSha = sha256File(corpusPath);
      let extra: { path: string; sha256: string; listings: number } | undefined;
      let dataSha = corpusSha;
      let heldOut: LabeledExample[] = [];
      if (opts.fromDecisions) {
        const loaded = opts.fromDecisions === true ? await decisionsFromDatabase(config) : await decisionsFromFile(opts.fromDecisions);
        // A decision about a test-split listing would leak it into training: those are the decisions' own held-out set.
        heldOut = loaded.examples.filter((d) => splitOf(d.listing.id) === 'test');
        const usable = loaded.examples.filter((d) => splitOf(d.listing.id) !== 'test');
        if (!usable.length) throw new UsageError(`${loaded.source}: none of the ${loaded.examples.length} reviewer decision(s) can be trained on (all fall in the test split); review more cases first`);
        if (heldOut.length) console.error(`${loaded.source}: ${heldOut.length} decision(s) about test-split listings held out for the before/after evaluation`);
        split.train.push(...usable);
        extra = { path: loaded.source, sha256: loaded.sha256, listings: usable.length };
        dataSha = createHash('sha256').update(corpusSha + extra.sha256).digest('hex');
      }
      const previous = opts.fromDecisions ? previousModel(outDir) : undefined;
      const started = Date.now();
      const artifact = trainTextModel(split.train, split.calibration, split.test, {
        epochs: Number(opts.epochs),
        seed: Number(opts.seed),
        corpus: { path: rel(corpusPath), sha256: corpusSha, listings: corpus.length, ...(extra ? { extra } : {}) },
        dataSha256: dataSha,
      });
      const n = (latestArtifactFile(outDir)?.n ?? 0) + 1;
      const artifactFile = path.join(outDir, `text-model.v${n}.json`);
      writeArtifact(artifactFile, artifact);
      const textModel = new TextModelClassifier(artifact);
      const metrics: Record<string, unknown> = {
        version: artifact.version,
        createdAt: artifact.createdAt,
        corpus: artifact.corpus,
        split: artifact.training.split,
        trainingSeconds: Math.round((Date.now() - started) / 100) / 10,
        textModel: artifact.metrics,
      };
      let comparison: ModelComparisonRow[] | undefined;
      if (opts.fromDecisions) {
        comparison = await compareModels(previous?.model, textModel, { 'corpus test': split.test, 'decisions held out': heldOut });
        metrics.beforeAfter = { before: previous?.version ?? null, after: artifact.version, flaggedAt: 0.5, rows: comparison };
      }
      let ensembleSummary: Record<string, unknown> | undefined;
      if (opts.ensemble) {
        ensembleSummary = await fitEnsemble(config.modelsDir, config.profile, textModel, split.calibration, split.test, rel(corpusPath), corpusSha);
        metrics.ensemble = ensembleSummary;
      }
      const metricsFile = path.join(outDir, `metrics.v${n}.json`);
      writeFileSync(metricsFile, JSON.stringify(metrics, null, 2) + '\n');
      const test = artifact.metrics.test as { perLabel: Record<Label, { precision: number; recall: number; f1: number; support: number }> } | null;
      if (opts.json) {
        console.log(JSON.stringify({ artifact: artifactFile, metrics: metricsFile, ...metrics }, null, 2));
        return;
      }
      console.log(`trained ${artifact.version} on ${split.train.length} listings (calibration ${split.calibration.length}, test ${split.test.length}) in ${metrics.trainingSeconds}s`);
      console.log(`wrote ${rel(artifactFile)} (${Math.round(readFileSync(artifactFile).length / 1024)} KB) and ${rel(metricsFile)}`);
      if (test) {
        console.log('\ntext model alone on the held-out test split (flagged at 0.5)');
        console.log(table(LABELS.map((l) => ({ label: l, precision: test.perLabel[l].precision.toFixed(3), recall: test.perLabel[l].recall.toFixed(3), f1: test.perLabel[l].f1.toFixed(3), support: test.perLabel[l].support }))));
      }
      if (comparison) {
        console.log(`\nbefore/after (text model at 0.5): ${previous ? previous.version : 'no earlier model'} → ${artifact.version}`);
        console.log(table(comparison.map((r) => ({ set: r.set, label: r.label, support: r.support, 'F1 before': r.before ? r.before.f1.toFixed(3) : '-', 'F1 after': r.after.f1.toFixed(3), 'Δ F1': r.before ? signed(r.after.f1 - r.before.f1) : '-', 'P after': r.after.precision.toFixed(3), 'R after': r.after.recall.toFixed(3) }))));
      }
      if (ensembleSummary) console.log(`\n${ensembleSummary.summary as string}`);
    });
}

interface LoadedDecisions {
  source: string;
  sha256: string;
  examples: LabeledExample[];
}

async function decisionsFromFile(file: string): Promise<LoadedDecisions> {
  const abs = path.resolve(file);
  if (!existsSync(abs)) throw new UsageError(`decisions file ${file} does not exist`);
  return { source: rel(abs), sha256: sha256File(abs), examples: await readLabeled(abs) };
}

/** Confirmed and dismissed cases of the workbench database (DATABASE_URL or the data folder). */
async function decisionsFromDatabase(config: Config): Promise<LoadedDecisions> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const rows = await new ReviewRepository(database.db).reviewedForTraining();
    const { examples, rejected } = examplesFromDecisions(rows);
    for (const r of rejected) console.error(`case ${r.caseId} (${r.listingId}): stored listing does not parse, left out: ${r.reason}`);
    if (!examples.length) throw new UsageError('the database holds no confirmed or dismissed cases to learn from: review cases in the workbench first (`shelfwatch serve`)');
    const digest = createHash('sha256');
    for (const e of examples) digest.update(`${e.listing.id}\t${e.listing.contentHash ?? ''}\t${JSON.stringify(e.expected)}\n`);
    return { source: 'database', sha256: digest.digest('hex'), examples };
  } finally {
    await database.close();
  }
}

/** The newest text model in the output folder, to compare the retrained one against. */
function previousModel(outDir: string): { version: string; model: TextModelClassifier } | undefined {
  const latest = latestArtifactFile(outDir);
  if (!latest) return undefined;
  try {
    const model = TextModelClassifier.fromFile(latest.file);
    return { version: model.version, model };
  } catch (e) {
    if (!(e instanceof TextModelArtifactError)) throw e;
    console.error(`${rel(latest.file)}: cannot be read for the before/after comparison (${e.message}); comparing against nothing`);
    return undefined;
  }
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;
}

async function readLabeled(file: string): Promise<LabeledExample[]> {
  const lines = await readListingFile(file, { labeled: true, onError: (e) => console.error(`${file}:${e.line}: ${e.message}`) });
  return lines.map((l) => ({ listing: l.listing, expected: l.expected! }));
}

function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function rel(file: string): string {
  const r = path.relative(REPO_ROOT, file);
  return r.startsWith('..') ? file : r;
}

/**
 * Fits the stacking combiner and the default flag thresholds on the calibration split
 * (never the test split), writes models/ensemble.v1.json and bumps the default
 * thresholds file; reports the ensemble on the test split for information only.
 */
async function fitEnsemble(modelsDir: string, profile: string, textModel: TextModelClassifier, cal: LabeledExample[], test: LabeledExample[], corpusPath: string, corpusSha: string): Promise<Record<string, unknown>> {
  const register = ClaimsRegisterClassifier.forProfile(modelsDir, profile);
  const classifiers: Classifier[] = [new RulesClassifier(modelsDir, register?.asLawfulWording()), textModel];
  if (register) classifiers.push(register);
  const calPreds = await runClassifiers(cal.map((e) => ({ listing: e.listing, ocr: e.ocr })), classifiers);
  const perLabel = {} as Record<Label, StackingSample[]>;
  const names = {} as Record<Label, string[]>;
  for (const l of LABELS) {
    names[l] = classifiers.filter((c) => c.labels.includes(l)).map((c) => c.name);
    perLabel[l] = calPreds.map((preds, i) => ({ scores: Object.fromEntries(preds.map((p) => [p.classifier, p.scores[l]])), y: cal[i].expected[l] }));
  }
  const combiner = fitStacking(perLabel, names);
  const provisional = Object.fromEntries(LABELS.map((l) => [l, { flag: 0.5, high: 0.9 }])) as Thresholds;
  const calScores = calPreds.map((preds, i) => combine(cal[i].listing.id, preds, classifiers, provisional, combiner).labels);
  const thresholds = {} as Thresholds;
  const picked: Record<string, unknown> = {};
  for (const l of LABELS) {
    const best = bestF1Threshold(calScores.map((s) => s[l].score), cal.map((e) => e.expected[l]));
    const flag = Math.min(0.95, Math.max(0.05, best.threshold));
    thresholds[l] = { flag, high: Math.round(Math.max(HIGH_FLOOR, Math.min(0.99, flag + 0.3)) * 1000) / 1000 };
    picked[l] = { ...thresholds[l], calibrationF1: round(best.f1), precision: round(best.precision), recall: round(best.recall) };
  }
  const ensembleFile = path.join(modelsDir, ENSEMBLE_FILE);
  const previous = existsSync(ensembleFile) ? (JSON.parse(readFileSync(ensembleFile, 'utf8')) as { version?: number }).version ?? 0 : 0;
  const file: EnsembleFile & { $comment: string } = {
    $comment:
      'Stacking combiner: per label, score = sigmoid(bias + sum_c weights[c] * logit(score_c)), scores clipped to [0.001, 0.999]; a classifier named here but absent counts with fill (its mean logit). Fitted on the calibration split by `shelfwatch train`; never on the test split.',
    version: previous + 1,
    method: 'stacking',
    required: ['rules', 'text-model'],
    classifiers: Object.fromEntries(classifiers.map((c) => [c.name, c.version])),
    labels: combiner.labels as EnsembleFile['labels'],
    fittedOn: { corpus: corpusPath, sha256: corpusSha, split: 'calibration', listings: cal.length, profile },
    metrics: { calibration: picked },
  };
  writeFileSync(ensembleFile, JSON.stringify(file, null, 2) + '\n');
  const thresholdsFile = path.join(modelsDir, 'thresholds.default.v1.json');
  const current = JSON.parse(readFileSync(thresholdsFile, 'utf8')) as { $comment?: string; version: number; profiles: Record<string, unknown> };
  const next = { ...current, version: current.version + 1, profiles: { ...current.profiles, [profile]: thresholds } };
  writeFileSync(thresholdsFile, formatThresholds(next));

  // For information: the fitted ensemble on the test split at the new thresholds.
  const testPreds = await runClassifiers(test.map((e) => ({ listing: e.listing, ocr: e.ocr })), classifiers);
  const items: EvalItem[] = testPreds.map((preds, i) => {
    const v = combine(test[i].listing.id, preds, classifiers, thresholds, combiner);
    return { language: test[i].listing.language, expected: test[i].expected, predicted: Object.fromEntries(LABELS.map((l) => [l, v.labels[l].flagged])) as EvalItem['predicted'] };
  });
  const report = evaluate(items);
  const summary =
    `ensemble (${classifiers.map((c) => c.name).join(' + ')}) fitted on the calibration split → ${rel(ensembleFile)} v${file.version}; thresholds → ${rel(thresholdsFile)} v${next.version} (profile ${profile})\n` +
    table(LABELS.map((l) => ({ label: l, flag: thresholds[l].flag, high: thresholds[l].high, 'cal F1': (picked[l] as { calibrationF1: number }).calibrationF1, 'test P': report.perLabel[l].precision, 'test R': report.perLabel[l].recall, 'test F1': report.perLabel[l].f1 })));
  return { file: rel(ensembleFile), version: file.version, thresholds: picked, thresholdsVersion: next.version, test: { perLabel: report.perLabel, perLanguage: report.perLanguage }, summary };
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/** The thresholds file in its hand-written layout: one line per label. */
export function formatThresholds(file: { $comment?: string; version: number; profiles: Record<string, unknown> }): string {
  const profiles = Object.entries(file.profiles).map(([name, labels]) => {
    const rows = Object.entries(labels as Record<string, { flag: number; high: number }>).map(([l, t]) => `      ${JSON.stringify(l)}: { "flag": ${t.flag}, "high": ${t.high} }`);
    return `    ${JSON.stringify(name)}: {\n${rows.join(',\n')}\n    }`;
  });
  return ['{', ...(file.$comment ? [`  "$comment": ${JSON.stringify(file.$comment)},`] : []), `  "version": ${file.version},`, '  "profiles": {', profiles.join(',\n'), '  }', '}', ''].join('\n');
}
