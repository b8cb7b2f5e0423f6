import { LABELS, type Evidence, type Label, type Prediction } from '../../domain/labels.js';
import type { Classifier, ClassifyInput } from '../classifier.js';
import { readArtifact, type TextModelArtifact } from './artifact.js';
import { applyCalibration, type Calibrator } from './calibration.js';
import { FeatureExtractor, type FeatureSource } from './features.js';
import { decodeModel, dequantise, margin, type LinearModel } from './logistic.js';

export interface TextModelOptions {
  /** Evidence is explained for labels scoring at least this (calibrated). Default 0.5. */
  evidenceMin?: number;
  /** Spans of evidence per label. Default 3. */
  maxSpans?: number;
}

// Occurrences kept while explaining, before overlapping ones are merged into spans.
const TOP_OCCURRENCES = 12;

/**
 * The trained text model (logistic regression per label over hashed n-grams),
 * calibrated per label. Evidence: the n-grams that pushed a label's score up
 * most, mapped back to the field and offsets they came from.
 */
export class TextModelClassifier implements Classifier {
  readonly name = 'text-model';
  readonly version: string;
  readonly labels: readonly Label[];
  private readonly extractor: FeatureExtractor;
  private readonly models: Record<Label, LinearModel>;
  private readonly calibration: Record<Label, Calibrator>;
  private readonly evidenceMin: number;
  private readonly maxSpans: number;
  // Scratch for explaining: contribution, source, start, end of the best occurrences.
  private readonly topC = new Float64Array(TOP_OCCURRENCES);
  private readonly topS = new Int32Array(TOP_OCCURRENCES);
  private readonly topA = new Int32Array(TOP_OCCURRENCES);
  private readonly topB = new Int32Array(TOP_OCCURRENCES);
  private readonly topName: Array<string | undefined> = new Array(TOP_OCCURRENCES);
  private nTop = 0;

  constructor(
    readonly artifact: TextModelArtifact,
    opts: TextModelOptions = {},
  ) {
    this.version = artifact.version;
    this.labels = artifact.labels;
    this.extractor = new FeatureExtractor(artifact.features);
    this.models = {} as Record<Label, LinearModel>;
    this.calibration = {} as Record<Label, Calibrator>;
    for (const l of this.labels) {
      this.models[l] = dequantise(decodeModel(artifact.models[l]!), this.extractor.dims);
      this.calibration[l] = artifact.calibration[l] ?? { method: 'none' };
    }
    this.evidenceMin = opts.evidenceMin ?? 0.5;
    this.maxSpans = opts.maxSpans ?? 3;
  }

  static fromFile(file: string, opts?: TextModelOptions): TextModelClassifier {
    return new TextModelClassifier(readArtifact(file), opts);
  }

  /** Raw logits per label (before calibration). */
  logits(input: ClassifyInput, sources?: FeatureSource[]): Record<Label, number> {
    const v = this.extractor.extract(input, sources);
    const out = {} as Record<Label, number>;
    for (const l of LABELS) out[l] = this.models[l] ? margin(this.models[l], v.idx, v.val, v.n) : 0;
    return out;
  }

  classify(input: ClassifyInput): Prediction {
    const sources = this.extractor.sources(input);
    const z = this.logits(input, sources);
    const scores = {} as Record<Label, number>;
    const evidence: Evidence[] = [];
    for (const l of LABELS) {
      if (!this.models[l]) {
        scores[l] = 0;
        continue;
      }
      const p = applyCalibration(this.calibration[l], z[l]);
      scores[l] = Math.round(p * 10000) / 10000;
      if (p >= this.evidenceMin) this.explain(input, sources, l, scores[l], evidence);
    }
    return { classifier: this.name, version: this.version, scores, evidence };
  }

  private explain(input: ClassifyInput, sources: FeatureSource[], label: Label, score: number, out: Evidence[]): void {
    const w = this.models[label].weights;
    this.nTop = 0;
    this.extractor.explain(input, sources, (idx, src, start, end, _kind, name) => {
      const c = w[idx];
      if (!(c > 0)) return;
      this.keep(c, src, start, end, name);
    });
    // Merge overlapping occurrences of one source into spans, strongest first.
    const spans: Array<{ src: number; start: number; end: number; c: number; name?: string }> = [];
    for (let k = 0; k < this.nTop; k++) {
      const src = this.topS[k];
      const hit = src >= 0 ? spans.find((s) => s.src === src && this.topA[k] <= s.end + 1 && this.topB[k] >= s.start - 1) : undefined;
      if (hit) {
        hit.start = Math.min(hit.start, this.topA[k]);
        hit.end = Math.max(hit.end, this.topB[k]);
        hit.c += this.topC[k];
      } else spans.push({ src, start: this.topA[k], end: this.topB[k], c: this.topC[k], name: this.topName[k] });
    }
    spans.sort((a, b) => b.c - a.c);
    for (const s of spans.slice(0, this.maxSpans)) {
      if (s.src < 0) {
        out.push({ label, field: 'listing', span: '', classifier: this.name, version: this.version, rule: 'text-model/structured', score, note: `structured feature ${s.name} (weight ${s.c.toFixed(2)})` });
        continue;
      }
      const text = sources[s.src].text;
      const [a, b] = widen(text, s.start, s.end);
      out.push({
        label,
        field: sources[s.src].field,
        span: text.slice(a, b),
        start: a,
        end: b,
        classifier: this.name,
        version: this.version,
        rule: 'text-model/ngrams',
        score,
        note: `n-gram weight ${s.c.toFixed(2)}`,
      });
    }
  }

  /** Keeps the TOP_OCCURRENCES strongest occurrences (insertion into a small sorted array). */
  private keep(c: number, src: number, a: number, b: number, name?: string): void {
    let k = this.nTop;
    if (k === TOP_OCCURRENCES) {
      if (c <= this.topC[k - 1]) return;
      k--;
    } else this.nTop++;
    while (k > 0 && this.topC[k - 1] < c) {
      this.topC[k] = this.topC[k - 1];
      this.topS[k] = this.topS[k - 1];
      this.topA[k] = this.topA[k - 1];
      this.topB[k] = this.topB[k - 1];
      this.topName[k] = this.topName[k - 1];
      k--;
    }
    this.topC[k] = c;
    this.topS[k] = src;
    this.topA[k] = a;
    this.topB[k] = b;
    this.topName[k] = name;
  }
}

const WORD = /[\p{L}\p{N}\p{M}]/u;
const NO_SPACES = /[\u3040-\u30ff\u3400-\u9fff]/u;

/** Widens a span that cuts through a word to the whole word (scripts with spaces only). */
function widen(text: string, a: number, b: number): [number, number] {
  while (a > 0 && WORD.test(text[a - 1]) && !NO_SPACES.test(text[a - 1])) a--;
  while (b < text.length && WORD.test(text[b]) && !NO_SPACES.test(text[b])) b++;
  while (a < b && /\s/.test(text[a])) a++;
  while (b > a && /\s/.test(text[b - 1])) b--;
  return [a, b];
}
