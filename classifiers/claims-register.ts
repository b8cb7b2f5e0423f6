import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Evidence, Label, Prediction } from '../domain/labels.js';
import { ClaimsRegisterError, normaliseClaimText, readRegister, type CompactClaim, type RegisterFile } from './claims/eu-register.js';
import type { Classifier, ClassifyInput } from './classifier.js';
import type { LawfulWording } from './health-claims.js';
import { sellerTextSources } from './rules/text-sources.js';
import { splitSentences } from './text/sentences.js';

/**
 * Detector for false_health_claim backed by the EU claims register: each seller
 * sentence is matched against the register's wordings. A Non-authorised (or
 * Revoked) claim is evidence of a health claim the law does not allow; an
 * Authorised one is evidence of lawful wording (label `info`), which the rules
 * can use to drop a cure-claim hit on that sentence (`lawfulWording`).
 */
export const DETECTOR = 'claims-register';

export const matchingSettingsSchema = z.object({
  version: z.string(),
  /** Jurisdiction profile → register file (relative to models/claims). A profile not listed does not use a register. */
  profiles: z.record(z.string()),
  /** Similarity (0..1) a sentence needs to match a register wording. */
  minSimilarity: z.number().min(0).max(1),
  /** Weight of token containment vs character-trigram Jaccard in the similarity. */
  tokenWeight: z.number().min(0).max(1),
  /** Wordings need at least this many content tokens, and a match shares at least this many. */
  minSharedTokens: z.number().int().min(1),
  /** An authorised wording wins over a non-authorised one that matches at most this much better. */
  lawfulMargin: z.number().min(0).max(1),
  scores: z.object({ non_authorised: z.number(), authorised: z.number(), none: z.number() }),
  stopwords: z.array(z.string()),
});
export type MatchingSettings = z.infer<typeof matchingSettingsSchema>;

export const SETTINGS_FILE = 'matching.v1.json';

export interface RegisterMatch {
  claim: CompactClaim;
  phrase: string;
  similarity: number;
  lawful: boolean;
}

const TRIGRAM_CAP = 512;
// Wordings compared by trigrams per sentence (the best by token containment).
const MAX_CANDIDATES = 24;

export class ClaimsRegisterClassifier implements Classifier {
  readonly name = DETECTOR;
  readonly version: string;
  readonly labels: readonly Label[] = ['false_health_claim'];
  private readonly stop: Set<string>;
  private readonly tokenIds = new Map<string, number>();
  private readonly postings: number[][] = [];
  private readonly phraseClaim: Int32Array;
  private readonly phraseTokens: Int32Array;
  private readonly phraseText: string[];
  private readonly counts: Int32Array;
  private readonly touched: Int32Array;
  // Trigram sets of the wordings, built on first use.
  private readonly phraseTrigrams: Array<Set<string> | undefined>;

  constructor(
    readonly register: RegisterFile,
    readonly settings: MatchingSettings,
  ) {
    this.version = `${register.version}+${settings.version}`;
    this.stop = new Set(settings.stopwords);
    const phrases: Array<{ claim: number; text: string; tokens: number[] }> = [];
    register.claims.forEach((c, ci) => {
      for (const p of c.phrases) {
        const toks = [...new Set(this.tokens(p))].map((t) => this.tokenId(t));
        if (toks.length >= settings.minSharedTokens) phrases.push({ claim: ci, text: p, tokens: toks });
      }
    });
    this.phraseClaim = new Int32Array(phrases.length);
    this.phraseTokens = new Int32Array(phrases.length);
    this.phraseText = phrases.map((p) => p.text);
    phrases.forEach((p, i) => {
      this.phraseClaim[i] = p.claim;
      this.phraseTokens[i] = p.tokens.length;
      for (const t of p.tokens) this.postings[t].push(i);
    });
    this.counts = new Int32Array(phrases.length);
    this.touched = new Int32Array(phrases.length);
    this.phraseTrigrams = new Array(phrases.length);
  }

  /** The register classifier for a jurisdiction profile, or undefined when the profile uses none or the files are absent. */
  static forProfile(modelsDir: string, profile: string): ClaimsRegisterClassifier | undefined {
    const dir = path.join(modelsDir, 'claims');
    const settingsFile = path.join(dir, SETTINGS_FILE);
    if (!existsSync(settingsFile)) return undefined;
    let settings: MatchingSettings;
    try {
      settings = matchingSettingsSchema.parse(JSON.parse(readFileSync(settingsFile, 'utf8')));
    } catch (cause) {
      const detail = cause instanceof z.ZodError ? cause.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : (cause as Error).message;
      throw new ClaimsRegisterError(`claims matching settings ${settingsFile} are invalid: ${detail}`, { cause });
    }
    const registerFile = settings.profiles[profile];
    if (!registerFile || !existsSync(path.join(dir, registerFile))) return undefined;
    return new ClaimsRegisterClassifier(readRegister(path.join(dir, registerFile)), settings);
  }

  private tokenId(t: string): number {
    let id = this.tokenIds.get(t);
    if (id === undefined) {
      id = this.postings.length;
      this.tokenIds.set(t, id);
      this.postings.push([]);
    }
    return id;
  }

  /** Content tokens of normalised text, with a light plural/3rd-person stem ("contributes" → "contribute"). */
  private tokens(normalised: string): string[] {
    const out: string[] = [];
    for (const w of normalised.split(' ')) {
      if (!w || this.stop.has(w)) continue;
      out.push(w.length > 4 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);
    }
    return out;
  }

  /** The best register wording for one sentence, if any reaches the similarity threshold. */
  match(sentence: string): RegisterMatch | undefined {
    const norm = normaliseClaimText(sentence);
    const ids: number[] = [];
    for (const t of new Set(this.tokens(norm))) {
      const id = this.tokenIds.get(t);
      if (id !== undefined) ids.push(id);
    }
    if (ids.length < this.settings.minSharedTokens) return undefined;
    let nTouched = 0;
    for (const id of ids) {
      for (const p of this.postings[id]) {
        if (this.counts[p] === 0) this.touched[nTouched++] = p;
        this.counts[p]++;
      }
    }
    // Token containment decides who is a candidate; only the best few get the (costlier) trigram comparison.
    const tw = this.settings.tokenWeight;
    const cands: Array<{ p: number; containment: number }> = [];
    for (let k = 0; k < nTouched; k++) {
      const p = this.touched[k];
      const shared = this.counts[p];
      this.counts[p] = 0;
      if (shared < this.settings.minSharedTokens) continue;
      const containment = shared / this.phraseTokens[p];
      // The trigram part can add at most (1 - tw): skip what cannot reach the threshold.
      if (tw * containment + (1 - tw) >= this.settings.minSimilarity) cands.push({ p, containment });
    }
    cands.sort((a, b) => b.containment - a.containment || a.p - b.p);
    let lawful: RegisterMatch | undefined;
    let unlawful: RegisterMatch | undefined;
    const sTri = cands.length ? trigrams(norm) : undefined;
    for (const { p, containment } of cands.slice(0, MAX_CANDIDATES)) {
      const pTri = (this.phraseTrigrams[p] ??= trigrams(this.phraseText[p]));
      const sim = tw * containment + (1 - tw) * jaccard(sTri!, pTri);
      if (sim < this.settings.minSimilarity) continue;
      const claim = this.register.claims[this.phraseClaim[p]];
      const m = { claim, phrase: this.phraseText[p], similarity: Math.round(sim * 1000) / 1000, lawful: claim.status === 'A' };
      if (m.lawful) {
        if (!lawful || sim > lawful.similarity) lawful = m;
      } else if (!unlawful || sim > unlawful.similarity) unlawful = m;
    }
    // Lawful wording may be rephrased a little: it wins unless an unlawful wording matches clearly better.
    if (lawful && (!unlawful || lawful.similarity + this.settings.lawfulMargin >= unlawful.similarity)) return lawful;
    return unlawful;
  }

  /** For the rules: is this sentence EU-authorised wording? (Then a cure-claim hit on it is not a false claim.) */
  lawfulWording(sentence: string): RegisterMatch | undefined {
    const m = this.match(sentence);
    return m?.lawful ? m : undefined;
  }

  /** The hook RulesClassifier takes to drop cure-claim hits on authorised wording. */
  asLawfulWording(): LawfulWording {
    return { version: `lawful:${this.register.version}`, isLawful: (sentence) => this.lawfulWording(sentence) !== undefined };
  }

  classify(input: ClassifyInput): Prediction {
    const evidence: Evidence[] = [];
    let score = this.settings.scores.none;
    let lawfulSeen = false;
    for (const src of sellerTextSources(input)) {
      for (const s of splitSentences(src.folded, src.text)) {
        const m = this.match(s.text);
        if (!m) continue;
        const lead = s.text.length - s.text.trimStart().length;
        const start = s.start + lead;
        const end = s.start + s.text.trimEnd().length;
        const ev: Evidence = {
          label: m.lawful ? 'info' : 'false_health_claim',
          field: src.field,
          span: src.text.slice(start, end),
          start,
          end,
          classifier: this.name,
          version: this.version,
          rule: `${DETECTOR}/${m.lawful ? 'authorised' : m.claim.status === 'R' ? 'revoked' : 'non-authorised'}`,
          score: m.lawful ? this.settings.scores.authorised : this.settings.scores.non_authorised,
          note: `${m.lawful ? 'EU-authorised wording' : m.claim.status === 'R' ? 'revoked EU claim' : 'EU non-authorised claim'} ${m.claim.id} (${m.claim.ingredient ?? 'no ingredient'}; similarity ${m.similarity}): ${m.claim.text}`,
        };
        evidence.push(ev);
        if (m.lawful) lawfulSeen = true;
        else score = Math.max(score, this.settings.scores.non_authorised);
      }
    }
    if (lawfulSeen && score === this.settings.scores.none) score = this.settings.scores.authorised;
    return { classifier: this.name, version: this.version, scores: { false_health_claim: score, missing_certificate: 0, mislabeled_food: 0 }, evidence };
  }
}

function trigrams(s: string): Set<string> {
  const out = new Set<string>();
  const t = ` ${s} `;
  for (let i = 0; i + 3 <= t.length && out.size < TRIGRAM_CAP; i++) out.add(t.slice(i, i + 3));
  return out;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  const union = a.size + b.size - inter;
  return union ? inter / union : 0;
}
