import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Classifier } from '../classifiers/classifier.js';
import { ClaimsRegisterClassifier } from '../classifiers/claims-register.js';
import type { Combiner, StackingCombiner } from '../classifiers/ensemble.js';
import { RulesClassifier } from '../classifiers/rules-classifier.js';
import { latestArtifactFile } from '../classifiers/text-model/artifact.js';
import { TextModelClassifier } from '../classifiers/text-model/text-model-classifier.js';
import type { TransformersMode } from '../classifiers/transformers/factory.js';
import type { ModelSettings } from '../classifiers/transformers/model-loader.js';
import { loadModelRegistry, type ModelRegistry } from '../classifiers/transformers/model-registry.js';
import { ConfigError, type Config } from '../config.js';
import { LABELS } from '../domain/labels.js';

export interface ClassifierSetOptions {
  modelsDir: string;
  /** Jurisdiction profile: decides whether a claims register is used. Default `default`. */
  profile?: string;
  /** Load the latest trained text model from `<modelsDir>/text-model/` when present. Default true. */
  textModel?: boolean;
  /** Use the claims register when the profile has one. Default true. */
  claimsRegister?: boolean;
  /** Use `<modelsDir>/ensemble.v1.json` to combine scores. Default true. */
  ensemble?: boolean;
  /** Transformer classifiers (embedding head, zero-shot NLI). Default off. */
  transformers?: { mode: TransformersMode; settings: ModelSettings; registry?: () => ModelRegistry };
}

export interface ClassifierSet {
  classifiers: Classifier[];
  /** How scores are combined (undefined → equal-weight mean). */
  combiner?: Combiner;
  /** e.g. `ensemble.v1.json (stacking)`, or why the default mean is used. */
  combinerName: string;
  /** What was left out and why (no artifact, profile without register, ...). */
  notes: string[];
  /** Releases model sessions (transformers). */
  close(): Promise<void>;
}

/** Where transformers.js models come from, per the configuration. */
export function modelSettings(config: Config): ModelSettings {
  return {
    localModelDir: config.localModelDir ? path.resolve(config.localModelDir) : undefined,
    cacheDir: path.resolve(config.modelCacheDir ?? path.join(config.dataDir, 'models')),
    offline: config.offline,
    remoteHost: config.modelHost,
  };
}

/** The transformers model registry the configuration names (SHELFWATCH_MODEL_REGISTRY), else the shipped one. */
export function modelRegistryFor(config: Config): ModelRegistry {
  return config.modelRegistry ? loadModelRegistry(path.resolve(config.modelRegistry)) : loadModelRegistry();
}

/** The classifier set the configuration asks for: what the CLI and the pipeline use. */
export function classifierSetFor(config: Config): Promise<ClassifierSet> {
  return buildClassifierSet({
    modelsDir: config.modelsDir,
    profile: config.profile,
    transformers: { mode: config.transformers, settings: modelSettings(config), registry: () => modelRegistryFor(config) },
  });
}

export const ENSEMBLE_FILE = 'ensemble.v1.json';

const labelModel = z.object({ bias: z.number(), weights: z.record(z.number()), fill: z.record(z.number()) });
export const ensembleFileSchema = z.object({
  version: z.number().int(),
  method: z.literal('stacking'),
  /** Classifiers the combiner cannot do without; others it names are filled with their mean when absent. */
  required: z.array(z.string()),
  classifiers: z.record(z.string()),
  labels: z.object(Object.fromEntries(LABELS.map((l) => [l, labelModel])) as Record<(typeof LABELS)[number], typeof labelModel>),
  fittedOn: z.record(z.unknown()).optional(),
  metrics: z.record(z.unknown()).optional(),
});
export type EnsembleFile = z.infer<typeof ensembleFileSchema>;

/**
 * The classifiers a run uses, and how their scores are combined, so the CLI and
 * the pipeline always agree: rules always; the trained text model when an
 * artifact exists; the claims register when the profile uses one.
 */
export async function buildClassifierSet(opts: ClassifierSetOptions): Promise<ClassifierSet> {
  const notes: string[] = [];
  const profile = opts.profile ?? 'default';
  const register = opts.claimsRegister !== false ? ClaimsRegisterClassifier.forProfile(opts.modelsDir, profile) : undefined;
  if (opts.claimsRegister !== false && !register) notes.push(`claims-register: profile "${profile}" has no register file in ${path.join(opts.modelsDir, 'claims')}`);
  // With a register, the rules drop cure-claim hits on EU-authorised wording.
  const classifiers: Classifier[] = [new RulesClassifier(opts.modelsDir, register?.asLawfulWording())];
  if (opts.textModel !== false) {
    const latest = latestArtifactFile(path.join(opts.modelsDir, 'text-model'));
    if (latest) classifiers.push(TextModelClassifier.fromFile(latest.file));
    else notes.push(`text-model: no artifact in ${path.join(opts.modelsDir, 'text-model')} (run shelfwatch train)`);
  } else notes.push('text-model: turned off');
  if (register) classifiers.push(register);
  const mode = opts.transformers?.mode ?? 'off';
  if (mode !== 'off') {
    // Loaded on demand: ONNX Runtime is only needed when a transformer classifier may run.
    const { createTransformersClassifiers } = await import('../classifiers/transformers/factory.js');
    const { settings, registry } = opts.transformers!;
    const t = await createTransformersClassifiers({ mode, settings, headsDir: path.join(opts.modelsDir, 'transformers', 'heads'), registry: registry?.() });
    classifiers.push(...t.classifiers);
    for (const s of t.skipped) notes.push(`${s.name}: not run, ${s.reason}`);
    // A stacking file fitted without them gives them no weight: their scores and spans are evidence until `train` refits.
  }
  let combiner: Combiner | undefined;
  let combinerName = 'equal-weight mean';
  if (opts.ensemble !== false) {
    const e = loadEnsemble(opts.modelsDir, classifiers);
    combiner = e.combiner;
    if (e.combiner) combinerName = `${ENSEMBLE_FILE} v${e.version} (stacking)`;
    if (e.note) notes.push(e.note);
  }
  // Without a fitted combiner the register's "no match" score would drag a plain mean down:
  // it then only contributes evidence (and the rules' lawful-wording check).
  if (!combiner && register) {
    combiner = { [register.name]: { false_health_claim: 0 } };
    combinerName += ' (claims-register: evidence only)';
  }
  const close = async () => {
    for (const c of classifiers) await c.close?.();
  };
  return { classifiers, combiner, combinerName, notes, close };
}

export async function buildClassifiers(opts: ClassifierSetOptions): Promise<Classifier[]> {
  return (await buildClassifierSet(opts)).classifiers;
}

/** The stacking combiner from models/ensemble.v1.json when every classifier it requires is in the set. */
export function loadEnsemble(modelsDir: string, classifiers: Classifier[]): { combiner?: StackingCombiner; version?: number; note?: string } {
  const file = path.join(modelsDir, ENSEMBLE_FILE);
  if (!existsSync(file)) return { note: `ensemble: no ${file}, scores are averaged` };
  let parsed: EnsembleFile;
  try {
    parsed = ensembleFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (cause) {
    throw new ConfigError(`cannot load ensemble weights from ${file}: ${(cause as Error).message}`, { cause });
  }
  const names = new Set(classifiers.map((c) => c.name));
  const missing = parsed.required.filter((n) => !names.has(n));
  if (missing.length) return { note: `ensemble: ${file} needs ${missing.join(', ')}, scores are averaged instead` };
  return { combiner: { method: 'stacking', labels: parsed.labels }, version: parsed.version };
}
