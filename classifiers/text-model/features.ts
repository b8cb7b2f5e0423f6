import type { ClassifyInput } from '../classifier.js';
import { listingTextFields } from '../../domain/listing.js';
import { fold } from '../text/fold.js';

/**
 * Hashed sparse features for the trained text model.
 *
 * Blocks (each L2-normalised on its own so a long description does not drown the rest):
 * - `text`: character n-grams (1–4, works for zh/ko/vi without word segmentation) and word
 *   uni/bigrams (scripts that separate words) over the seller's own text: title, description,
 *   label claims, ingredients, attributes, certificates and OCR text. Reviews are left out:
 *   a customer's words are never the seller's claim.
 * - `pairs`: tokens of the claims (label claims + title) and of the ingredients in their own
 *   namespaces plus claim × ingredient crosses, so a linear model can see "sugar-free" next to
 *   "sugar" in the ingredients.
 * - `struct`: category, food / non-food, structured certificates, counts, language (value 1).
 *
 * Digits fold to `0` so "SC10644011500123" and "SC20231234567890" share n-grams.
 */

export interface FeatureParams {
  /** log2 of the hashed dimension (default 18 → 262,144). */
  bits: number;
  charMin: number;
  charMax: number;
  /** Word n-grams up to this length (default 2). */
  wordMax: number;
  /** Upper bound on claim × ingredient crosses per listing (keeps cost bounded). */
  maxCrosses: number;
  /** Categories for which missing_certificate applies. */
  foodCategories: string[];
}

export const DEFAULT_FEATURE_PARAMS: FeatureParams = {
  bits: 18,
  charMin: 1,
  charMax: 4,
  wordMax: 2,
  maxCrosses: 400,
  foodCategories: [
    'food', 'supplement', 'dietary_supplement', 'herbal_tea', 'tea', 'drink', 'beverage', 'baby_food', 'baby_formula', 'snack',
    'honey', 'coffee', 'sauce', 'noodles', 'functional_food', 'health_food', 'confectionery', 'dairy', 'seasoning',
  ],
};

/** Where a feature occurrence came from, for evidence. */
export interface FeatureSource {
  field: string;
  /** NFC text as the seller wrote it (offsets refer to it). */
  text: string;
}

/** A view into the extractor's buffers: valid until the next call. */
export interface SparseVector {
  idx: Int32Array;
  val: Float32Array;
  n: number;
}

/** Receives every feature occurrence during an explaining scan. */
export type OccurrenceSink = (index: number, source: number, start: number, end: number, kind: 'char' | 'word' | 'claim' | 'ingredient' | 'cross' | 'struct', name?: string) => void;

// Character classes, computed lazily per UTF-16 code unit.
const C_UNKNOWN = 255;
const C_SEP = 0;
const C_LETTER = 1;
const C_DIGIT = 2;
const C_HAN = 3; // ideographs: no word boundaries
const C_HANGUL = 4;
const charClass = new Uint8Array(65536).fill(C_UNKNOWN);
const LETTER_RE = /[\p{L}\p{M}]/u;
function classOf(code: number): number {
  let c = charClass[code];
  if (c !== C_UNKNOWN) return c;
  if (code >= 0x30 && code <= 0x39) c = C_DIGIT;
  else if ((code >= 0x3400 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0x3040 && code <= 0x30ff)) c = C_HAN;
  else if ((code >= 0xac00 && code <= 0xd7af) || (code >= 0x1100 && code <= 0x11ff) || (code >= 0x3130 && code <= 0x318f)) c = C_HANGUL;
  else if (/\p{N}/u.test(String.fromCharCode(code))) c = C_DIGIT;
  else if (LETTER_RE.test(String.fromCharCode(code))) c = C_LETTER;
  else c = C_SEP;
  charClass[code] = c;
  return c;
}

// 32-bit FNV-1a steps with a murmur3 finaliser; namespaces seed the chain.
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const step = (h: number, c: number) => Math.imul(h ^ c, FNV_PRIME);
function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
function seedOf(ns: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < ns.length; i++) h = step(h, ns.charCodeAt(i));
  return h;
}
const NS_CHAR = seedOf('c');
const NS_WORD = seedOf('w');
const NS_BIGRAM = seedOf('b');
const NS_CLAIM = seedOf('lc');
const NS_INGR = seedOf('in');
const NS_CROSS = seedOf('x');
const NS_STRUCT = seedOf('s');

function hashString(seed: number, s: string): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = step(h, s.charCodeAt(i));
  return finish(h);
}

/** Index of a structured feature by name (also used to explain it). */
export function structIndex(name: string, mask: number): number {
  return hashString(NS_STRUCT, name) & mask;
}

// Math.log1p of the small counts nearly every feature has, looked up instead of computed.
const LOG1P_TABLE = Float64Array.from({ length: 64 }, (_, i) => Math.log1p(i));

function bucket(n: number): string {
  return n === 0 ? '0' : n <= 2 ? '1-2' : n <= 5 ? '3-5' : '6+';
}

/**
 * Turns a listing into a sparse hashed vector. One instance owns its scratch buffers
 * (no per-listing allocation of dense arrays); it is not re-entrant.
 */
export class FeatureExtractor {
  readonly dims: number;
  readonly mask: number;
  private readonly food: Set<string>;
  // Counts of the current block: the features in first-touch order (`touched`) with their counts
  // (`counts`), found through a small open-addressing table (`slots`: position in `touched` + 1,
  // 0 = empty). A few KB that stay in cache, where a dense count per dimension (1 MB) misses on
  // nearly every n-gram.
  private slots: Int32Array;
  private touched: Int32Array;
  private counts: Float64Array;
  private nTouched = 0;
  private outIdx: Int32Array;
  private outVal: Float32Array;
  private nOut = 0;
  // log1p of each touched count while a block is flushed (computed once, used for the norm and the value).
  private logv = new Float64Array(4096);
  // Normalised code units of the current source and their offsets in the NFC text.
  private codes = new Int32Array(1024);
  private offs = new Int32Array(1024);
  // Claim and ingredient tokens of the current listing, for crosses.
  private claimTok = new Int32Array(256);
  private claimPos = new Int32Array(256 * 3);
  private nClaim = 0;
  private ingrTok = new Int32Array(256);
  private ingrPos = new Int32Array(256 * 3);
  private nIngr = 0;
  private sink: OccurrenceSink | undefined;

  constructor(readonly params: FeatureParams = DEFAULT_FEATURE_PARAMS) {
    if (params.bits < 10 || params.bits > 24) throw new RangeError(`feature bits must be within 10..24 (got ${params.bits})`);
    this.dims = 1 << params.bits;
    this.mask = this.dims - 1;
    this.food = new Set(params.foodCategories);
    this.slots = new Int32Array(8192);
    this.touched = new Int32Array(4096);
    this.counts = new Float64Array(4096);
    this.outIdx = new Int32Array(8192);
    this.outVal = new Float32Array(8192);
  }

  /** The seller's text sources, in a fixed order (evidence field names come from here). */
  sources(input: ClassifyInput): FeatureSource[] {
    const l = input.listing;
    const out: FeatureSource[] = listingTextFields(l).map((f) => ({ field: f.field, text: f.text.normalize('NFC') }));
    l.certificates.forEach((c, i) => out.push({ field: `certificates[${i}]`, text: `${c.type} ${c.identifier} ${c.issuer ?? ''}`.normalize('NFC') }));
    // The category path ("Grocery > Snacks") says whether a food label applies at all.
    if (l.category) out.push({ field: 'category', text: l.category.normalize('NFC') });
    // Attribute names carry meaning too ({"haccp_certificate": "HC-2024-3367"}).
    for (const k of Object.keys(l.attributes)) out.push({ field: `attributes.${k}#key`, text: k.normalize('NFC') });
    for (const o of input.ocr ?? []) if (o.text.trim()) out.push({ field: `images[${o.imageIndex}].ocr`, text: o.text.normalize('NFC') });
    return out;
  }

  /** Features of one listing (a view, valid until the next call). */
  extract(input: ClassifyInput, sources: FeatureSource[] = this.sources(input)): SparseVector {
    this.nOut = 0;
    this.scan(input, sources);
    return { idx: this.outIdx, val: this.outVal, n: this.nOut };
  }

  /** Calls `sink` for every feature occurrence, with its source and offsets (for evidence). */
  explain(input: ClassifyInput, sources: FeatureSource[], sink: OccurrenceSink): void {
    this.sink = sink;
    try {
      this.nOut = 0;
      this.scan(input, sources);
    } finally {
      this.sink = undefined;
    }
  }

  private scan(input: ClassifyInput, sources: FeatureSource[]): void {
    const l = input.listing;
    this.nClaim = 0;
    this.nIngr = 0;
    // Block 1: character and word n-grams over all seller text.
    for (let s = 0; s < sources.length; s++) {
      const field = sources[s].field;
      const len = this.load(sources[s].text);
      this.charNgrams(len, s);
      this.words(len, s, NS_WORD, 'word');
      if (field === 'title' || field.startsWith('labelClaims[')) this.tokens(len, s, true);
      else if (field === 'ingredients') this.tokens(len, s, false);
    }
    this.flush(true);
    // Block 2: claim and ingredient tokens and their crosses.
    for (let i = 0; i < this.nClaim; i++) this.add(finish(step(NS_CLAIM, this.claimTok[i])), this.claimPos[i * 3], this.claimPos[i * 3 + 1], this.claimPos[i * 3 + 2], 'claim');
    for (let j = 0; j < this.nIngr; j++) this.add(finish(step(NS_INGR, this.ingrTok[j])), this.ingrPos[j * 3], this.ingrPos[j * 3 + 1], this.ingrPos[j * 3 + 2], 'ingredient');
    let crosses = 0;
    outer: for (let i = 0; i < this.nClaim; i++) {
      for (let j = 0; j < this.nIngr; j++) {
        if (crosses++ >= this.params.maxCrosses) break outer;
        // Evidence of a cross points at the ingredient (the claim is reported by its own feature).
        this.add(finish(step(step(NS_CROSS, this.claimTok[i]), this.ingrTok[j])), this.ingrPos[j * 3], this.ingrPos[j * 3 + 1], this.ingrPos[j * 3 + 2], 'cross');
      }
    }
    this.flush(true);
    // Block 3: structured features (value 1, not normalised).
    const cat = l.category?.toLowerCase().replace(/[\s-]+/g, '_');
    const isFood = cat !== undefined && this.food.has(cat);
    // A placeholder ("申请中", "pending") is not an identifier: it must hold a digit.
    const certs = l.certificates.filter((c) => c.identifier.trim().length >= 3 && /\p{N}/u.test(c.identifier));
    const safety = certs.filter((c) => c.type !== 'organic').length;
    this.struct('bias');
    this.struct(`lang=${l.language}`);
    this.struct(`cat=${cat ?? '(none)'}`);
    this.struct(isFood ? 'food' : cat ? 'non-food' : 'no-category');
    this.struct(`safety-cert=${safety > 0}`);
    this.struct(`food&safety-cert=${isFood}&${safety > 0}`);
    this.struct(`organic-cert=${certs.length - safety > 0}`);
    this.struct(`certs=${bucket(certs.length)}`);
    this.struct(`ingredients=${bucket(l.ingredients.length)}`);
    this.struct(`claims=${bucket(l.labelClaims.length)}`);
    this.struct(`ocr=${(input.ocr?.length ?? 0) > 0}`);
    this.flush(false);
  }

  private struct(name: string): void {
    const idx = structIndex(name, this.mask);
    if (this.sink) this.sink(idx, -1, 0, 0, 'struct', name);
    else this.bump(idx);
  }

  /** Loads a source's folded, normalised code units (separators collapsed) into `codes`/`offs`. */
  private load(text: string): number {
    const folded = fold(text);
    if (folded.length + 2 > this.codes.length) {
      const cap = Math.max(folded.length + 2, this.codes.length * 2);
      this.codes = new Int32Array(cap);
      this.offs = new Int32Array(cap);
    }
    let n = 0;
    // A leading and trailing separator mark word edges in the n-grams.
    this.codes[n] = 32;
    this.offs[n++] = 0;
    for (let i = 0; i < folded.length; i++) {
      const code = folded.charCodeAt(i);
      const cls = classOf(code);
      if (cls === C_SEP) {
        if (this.codes[n - 1] === 32) continue;
        this.codes[n] = 32;
      } else this.codes[n] = cls === C_DIGIT ? 48 : code;
      this.offs[n++] = i;
    }
    if (this.codes[n - 1] !== 32) {
      this.codes[n] = 32;
      this.offs[n++] = folded.length;
    }
    return n;
  }

  private charNgrams(len: number, src: number): void {
    const { charMin, charMax } = this.params;
    const codes = this.codes;
    for (let i = 0; i < len; i++) {
      let h = NS_CHAR;
      for (let k = 0; k < charMax && i + k < len; k++) {
        const c = codes[i + k];
        h = step(h, c);
        // A separator may open or close an n-gram (a word edge) but never stands alone or inside one.
        if (k + 1 >= charMin && !(k === 0 && c === 32)) this.occurrence(finish(h), src, i, i + k + 1, 'char');
        if (c === 32 && k > 0) break;
      }
    }
  }

  /** Word unigrams and bigrams; runs of ideographs are not words (left to the char n-grams). */
  private words(len: number, src: number, ns: number, kind: 'word'): void {
    const codes = this.codes;
    let prev = 0;
    let prevStart = -1;
    let i = 1;
    while (i < len) {
      if (codes[i] === 32) {
        i++;
        continue;
      }
      const start = i;
      let h = ns;
      let han = false;
      while (i < len && codes[i] !== 32) {
        if (classOf(codes[i]) === C_HAN) han = true;
        h = step(h, codes[i]);
        i++;
      }
      if (han) {
        prevStart = -1;
        continue;
      }
      const w = finish(h);
      this.occurrence(w, src, start, i, kind);
      if (this.params.wordMax >= 2 && prevStart >= 0) this.occurrence(finish(step(step(NS_BIGRAM, prev), w)), src, prevStart, i, kind);
      prev = w;
      prevStart = start;
    }
  }

  /** Claim / ingredient tokens: words, and character bigrams inside CJK runs. */
  private tokens(len: number, src: number, claim: boolean): void {
    const codes = this.codes;
    let i = 1;
    while (i < len) {
      if (codes[i] === 32) {
        i++;
        continue;
      }
      const start = i;
      let h = FNV_OFFSET;
      let cjk = false;
      while (i < len && codes[i] !== 32) {
        const cls = classOf(codes[i]);
        if (cls === C_HAN || cls === C_HANGUL) cjk = true;
        h = step(h, codes[i]);
        i++;
      }
      if (!cjk || i - start <= 2) this.token(h, src, start, i, claim);
      else for (let k = start; k + 1 < i; k++) this.token(step(step(FNV_OFFSET, codes[k]), codes[k + 1]), src, k, k + 2, claim);
    }
  }

  private token(h: number, src: number, start: number, end: number, claim: boolean): void {
    const s = this.offs[start];
    const e = this.offs[end - 1] + 1;
    const tok = claim ? this.claimTok : this.ingrTok;
    const pos = claim ? this.claimPos : this.ingrPos;
    const n = claim ? this.nClaim : this.nIngr;
    // Past 256 tokens the listing is long enough; further tokens still count in the text block.
    if (n >= tok.length) return;
    tok[n] = h;
    pos[n * 3] = src;
    pos[n * 3 + 1] = s;
    pos[n * 3 + 2] = e;
    if (claim) this.nClaim++;
    else this.nIngr++;
  }

  /** A text feature seen at code positions [start, end) of the loaded source. */
  private occurrence(hash: number, src: number, start: number, end: number, kind: 'char' | 'word'): void {
    const idx = hash & this.mask;
    if (this.sink) {
      // Offsets back into the NFC text: first char's offset to last char's offset + 1.
      // Separators (word edges, collapsed runs) are left out of the span.
      const first = this.codes[start] === 32 ? start + 1 : start;
      const last = this.codes[end - 1] === 32 ? end - 2 : end - 1;
      const s = this.offs[first];
      this.sink(idx, src, s, Math.max(s, this.offs[last] + 1), kind);
    } else this.bump(idx);
  }

  private add(hash: number, src: number, start: number, end: number, kind: 'claim' | 'ingredient' | 'cross'): void {
    const idx = hash & this.mask;
    if (this.sink) this.sink(idx, src, start, end, kind);
    else this.bump(idx);
  }

  private bump(idx: number): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    // Feature indices are hash bits already: their low bits spread well.
    let h = idx & mask;
    for (;;) {
      const t = slots[h];
      if (t === 0) break;
      if (this.touched[t - 1] === idx) {
        this.counts[t - 1] += 1;
        return;
      }
      h = (h + 1) & mask;
    }
    if (this.nTouched >= this.touched.length) {
      const t = new Int32Array(this.touched.length * 2);
      t.set(this.touched);
      this.touched = t;
      const c = new Float64Array(this.counts.length * 2);
      c.set(this.counts);
      this.counts = c;
    }
    this.touched[this.nTouched] = idx;
    this.counts[this.nTouched] = 1;
    slots[h] = ++this.nTouched;
    // At most half full, so probes stay short.
    if (this.nTouched * 2 > slots.length) this.rehash(slots.length * 2);
  }

  private rehash(size: number): void {
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let t = 0; t < this.nTouched; t++) {
      let h = this.touched[t] & mask;
      while (slots[h] !== 0) h = (h + 1) & mask;
      slots[h] = t + 1;
    }
    this.slots = slots;
  }

  /** Moves the accumulated block to the output: log(1 + count), L2-normalised when `normalise`. */
  private flush(normalise: boolean): void {
    if (this.sink) return;
    if (this.logv.length < this.nTouched) this.logv = new Float64Array(Math.max(this.nTouched, this.logv.length * 2));
    const logv = this.logv;
    let sumsq = 0;
    if (normalise) {
      for (let t = 0; t < this.nTouched; t++) {
        const c = this.counts[t];
        const v = c < LOG1P_TABLE.length ? LOG1P_TABLE[c] : Math.log1p(c);
        logv[t] = v;
        sumsq += v * v;
      }
    }
    const scale = normalise && sumsq > 0 ? 1 / Math.sqrt(sumsq) : 1;
    if (this.nOut + this.nTouched > this.outIdx.length) {
      const cap = Math.max(this.outIdx.length * 2, this.nOut + this.nTouched);
      const i2 = new Int32Array(cap);
      i2.set(this.outIdx.subarray(0, this.nOut));
      const v2 = new Float32Array(cap);
      v2.set(this.outVal.subarray(0, this.nOut));
      this.outIdx = i2;
      this.outVal = v2;
    }
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let t = 0; t < this.nTouched; t++) {
      const idx = this.touched[t];
      this.outIdx[this.nOut] = idx;
      this.outVal[this.nOut++] = normalise ? logv[t] * scale : this.counts[t];
      // Empty the table for the next block (a feature's slot is where its probe ends).
      let h = idx & mask;
      while (slots[h] !== t + 1) h = (h + 1) & mask;
      slots[h] = 0;
    }
    this.nTouched = 0;
  }
}

/** Copies a view into owned arrays (for training sets). */
export function copySparse(v: SparseVector): { idx: Int32Array; val: Float32Array } {
  return { idx: v.idx.slice(0, v.n), val: v.val.slice(0, v.n) };
}
