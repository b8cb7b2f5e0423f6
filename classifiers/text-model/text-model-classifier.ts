import { LABELS, type Evidence, type Label, type Prediction } from '../../domain/labels.js';
import type { Classifier, ClassifyInput } from '../classifier.js';
import { readArtifact, type TextModelArtifact } from './artifact.js';
import { applyCalibration, type Calibrator } from './calibration.js';
import { FeatureExtractor, type FeatureSource, type OccurrenceSink } from './features.js';
import { decodeModel, dequantise } from './logistic.js';

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
  /** The labels that have a model, in LABELS order; `slot` maps a label to its place among them (-1: none). */
  private readonly modelled: Label[];
  private readonly slot: Record<Label, number>;
  /**
   * The models' weights interleaved, weights[index * modelled.length + slot]: scoring all labels
   * reads one cache line per feature instead of one per label (the dense per-label arrays are
   * 1 MB each, far apart, and every lookup is a cache miss).
   */
  private readonly weights: Float32Array;
  private readonly bias: Float64Array;
  private readonly z: Float64Array;
  private readonly calibration: Record<Label, Calibrator>;
  private readonly evidenceMin: number;
  private readonly maxSpans: number;
  // Scratch for explaining, per slot: contribution, source, start, end of the best occurrences.
  private readonly topC: Float64Array;
  private readonly topS: Int32Array;
  private readonly topA: Int32Array;
  private readonly topB: Int32Array;
  private readonly topName: Array<string | undefined>;
  private readonly nTop: Int32Array;
  // Slots being explained (bit set) and the one sink the extractor calls during `collect`: a single
  // function object keeps that call site monomorphic, so it is inlined (a fresh closure per listing was not).
  private which = 0;
  private readonly sink: OccurrenceSink;

  constructor(
    readonly artifact: TextModelArtifact,
    opts: TextModelOptions = {},
  ) {
    this.version = artifact.version;
    this.labels = artifact.labels;
    this.extractor = new FeatureExtractor(artifact.features);
    this.calibration = {} as Record<Label, Calibrator>;
    for (const l of this.labels) this.calibration[l] = artifact.calibration[l] ?? { method: 'none' };
    this.modelled = LABELS.filter((l) => this.labels.includes(l) && artifact.models[l]);
    this.slot = Object.fromEntries(LABELS.map((l) => [l, this.modelled.indexOf(l)])) as Record<Label, number>;
    const nl = this.modelled.length;
    this.weights = new Float32Array(this.extractor.dims * nl);
    this.bias = new Float64Array(nl);
    this.z = new Float64Array(nl);
    this.modelled.forEach((l, j) => {
      const m = dequantise(decodeModel(artifact.models[l]!), this.extractor.dims);
      this.bias[j] = m.bias;
      for (let i = 0; i < m.weights.length; i++) if (m.weights[i] !== 0) this.weights[i * nl + j] = m.weights[i];
    });
    this.topC = new Float64Array(TOP_OCCURRENCES * nl);
    this.topS = new Int32Array(TOP_OCCURRENCES * nl);
    this.topA = new Int32Array(TOP_OCCURRENCES * nl);
    this.topB = new Int32Array(TOP_OCCURRENCES * nl);
    this.topName = new Array(TOP_OCCURRENCES * nl);
    this.nTop = new Int32Array(nl);
    this.sink = (idx, src, start, end, _kind, name) => {
      const w = this.weights;
      const b = idx * nl;
      for (let j = 0; j < nl; j++) {
        if (!(this.which & (1 << j))) continue;
        const c = w[b + j];
        if (!(c > 0)) continue;
        // Full and not stronger than the weakest kept: nothing to do (the common case).
        if (this.nTop[j] === TOP_OCCURRENCES && c <= this.topC[j * TOP_OCCURRENCES + TOP_OCCURRENCES - 1]) continue;
        this.keep(j, c, src, start, end, name);
      }
    };
    this.evidenceMin = opts.evidenceMin ?? 0.5;
    this.maxSpans = opts.maxSpans ?? 3;
  }

  static fromFile(file: string, opts?: TextModelOptions): TextModelClassifier {
    return new TextModelClassifier(readArtifact(file), opts);
  }

  /** Raw logits per label (before calibration). */
  logits(input: ClassifyInput, sources?: FeatureSource[]): Record<Label, number> {
    this.margins(input, sources);
    const out = {} as Record<Label, number>;
    for (const l of LABELS) out[l] = this.slot[l] >= 0 ? this.z[this.slot[l]] : 0;
    return out;
  }

  /** Every model's margin into `z` (per label: its bias plus weight × value in feature order, as `margin` sums). */
  private margins(input: ClassifyInput, sources?: FeatureSource[]): void {
    const v = this.extractor.extract(input, sources);
    const { idx, val, n } = v;
    const w = this.weights;
    const z = this.z;
    const nl = this.modelled.length;
    if (nl === 3) {
      let z0 = this.bias[0];
      let z1 = this.bias[1];
      let z2 = this.bias[2];
      for (let k = 0; k < n; k++) {
        const x = val[k];
        const b = idx[k] * 3;
        z0 += w[b] * x;
        z1 += w[b + 1] * x;
        z2 += w[b + 2] * x;
      }
      z[0] = z0;
      z[1] = z1;
      z[2] = z2;
      return;
    }
    for (let j = 0; j < nl; j++) z[j] = this.bias[j];
    for (let k = 0; k < n; k++) {
      const x = val[k];
      const b = idx[k] * nl;
      for (let j = 0; j < nl; j++) z[j] += w[b + j] * x;
    }
  }

  classify(input: ClassifyInput): Prediction {
    const sources = this.extractor.sources(input);
    this.margins(input, sources);
    const scores = {} as Record<Label, number>;
    // Labels to explain, as a bit set over slots.
    let explain = 0;
    for (const l of LABELS) {
      const j = this.slot[l];
      if (j < 0) {
        scores[l] = 0;
        continue;
      }
      const p = applyCalibration(this.calibration[l], this.z[j]);
      scores[l] = Math.round(p * 10000) / 10000;
      if (p >= this.evidenceMin) explain |= 1 << j;
    }
    const evidence: Evidence[] = [];
    if (explain) {
      // One explaining scan serves every label that needs evidence.
      this.collect(input, sources, explain);
      for (const l of LABELS) {
        const j = this.slot[l];
        if (j >= 0 && explain & (1 << j)) this.spans(sources, l, j, scores[l], evidence);
      }
    }
    return { classifier: this.name, version: this.version, scores, evidence };
  }

  /** The strongest positive occurrences per slot in `which` (a bit set), in one scan of the listing. */
  private collect(input: ClassifyInput, sources: FeatureSource[], which: number): void {
    for (let j = 0; j < this.modelled.length; j++) this.nTop[j] = 0;
    this.which = which;
    this.extractor.explain(input, sources, this.sink);
  }

  private spans(sources: FeatureSource[], label: Label, j: number, score: number, out: Evidence[]): void {
    const o = j * TOP_OCCURRENCES;
    // Merge overlapping occurrences of one source into spans, strongest first.
    const spans: Array<{ src: number; start: number; end: number; c: number; name?: string }> = [];
    for (let k = o; k < o + this.nTop[j]; k++) {
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

  /** Keeps slot j's TOP_OCCURRENCES strongest occurrences (insertion into a small sorted array). */
  private keep(j: number, c: number, src: number, a: number, b: number, name?: string): void {
    const o = j * TOP_OCCURRENCES;
    let k = this.nTop[j];
    if (k === TOP_OCCURRENCES) {
      if (c <= this.topC[o + k - 1]) return;
      k--;
    } else this.nTop[j]++;
    while (k > 0 && this.topC[o + k - 1] < c) {
      this.topC[o + k] = this.topC[o + k - 1];
      this.topS[o + k] = this.topS[o + k - 1];
      this.topA[o + k] = this.topA[o + k - 1];
      this.topB[o + k] = this.topB[o + k - 1];
      this.topName[o + k] = this.topName[o + k - 1];
      k--;
    }
    this.topC[o + k] = c;
    this.topS[o + k] = src;
    this.topA[o + k] = a;
    this.topB[o + k] = b;
    this.topName[o + k] = name;
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
