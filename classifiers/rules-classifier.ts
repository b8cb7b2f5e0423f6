import type { Label, Prediction } from '../domain/labels.js';
import { certificatesVersion, detectMissingCertificate } from './certificates.js';
import type { Classifier, ClassifyInput } from './classifier.js';
import { detectHealthClaims, healthClaimsVersion, type LawfulWording } from './health-claims.js';
import { detectLabelContradictions, labelContradictionsVersion } from './label-contradictions.js';
import { missingMandatoryFields } from './mandatory-fields.js';
import { withSharedTextSources } from './rules/text-sources.js';

/**
 * The rules-and-lexicons baseline: one detector per label, each versioned by
 * its data file under models/rules. Deterministic, explainable, multilingual.
 */
export class RulesClassifier implements Classifier {
  readonly name = 'rules';
  readonly version: string;
  readonly labels: readonly Label[] = ['false_health_claim', 'missing_certificate', 'mislabeled_food'];

  /** `lawful`: wording on which a cure-claim hit is dropped (the profile's claims register, when it has one). */
  constructor(
    private readonly modelsDir: string,
    private readonly lawful?: LawfulWording,
  ) {
    this.version = [healthClaimsVersion(modelsDir), certificatesVersion(modelsDir), labelContradictionsVersion(modelsDir), ...(lawful ? [lawful.version] : [])].join('+');
  }

  classify(input: ClassifyInput): Prediction {
    // The four detectors read the same normalised, folded text: built once per listing.
    return withSharedTextSources(input, () => this.detect(input));
  }

  private detect(input: ClassifyInput): Prediction {
    const claims = detectHealthClaims(input, this.modelsDir, this.lawful);
    const certs = detectMissingCertificate(input, this.modelsDir);
    const contradictions = detectLabelContradictions(input, this.modelsDir);
    const mandatory = missingMandatoryFields(input, this.modelsDir);
    return {
      classifier: this.name,
      version: this.version,
      scores: {
        false_health_claim: claims.score,
        missing_certificate: certs.score,
        mislabeled_food: contradictions.score,
      },
      evidence: [...claims.evidence, ...certs.evidence, ...contradictions.evidence, ...mandatory.evidence],
    };
  }
}
