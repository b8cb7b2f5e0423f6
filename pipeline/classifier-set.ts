import type { Classifier } from '../classifiers/classifier.js';
import { RulesClassifier } from '../classifiers/rules-classifier.js';

export interface ClassifierSetOptions {
  modelsDir: string;
}

/**
 * The classifiers a run uses. Later stages add the trained text model and the
 * transformer path here, so the CLI and the pipeline always agree on the set.
 */
export async function buildClassifiers(opts: ClassifierSetOptions): Promise<Classifier[]> {
  return [new RulesClassifier(opts.modelsDir)];
}
