/**
 * Generates the labeled multilingual training corpus (models/corpus/listings.v1.jsonl).
 *
 *   npx tsx tools/corpus/generate-corpus.ts [--seed 20240611] [--per-lang 450] [--out models/corpus]
 *
 * Every row is a valid Listing (checked with parseListing) plus `expected`
 * (ground truth, decided before the text is written) and `notes`. All
 * randomness comes from a seeded PRNG; each row has its own stream derived
 * from (seed, language, index), so the output is byte-for-byte reproducible.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseListing, type ListingInput } from '../../domain/listing.js';
import { LABELS, type Expected, type Label } from '../../domain/labels.js';
import { createRng, hashSeed, type Rng } from './prng.js';
import { BANKS } from './phrases/index.js';
import {
  FOOD_KINDS,
  type AllergenTag,
  type CertType,
  type DietClaim,
  type FhcFamily,
  type FoodKind,
  type Kind,
  type LangBank,
  type Lang,
  type NonFoodKind,
  type ProductEntry,
  type Tag,
} from './phrases/types.js';

export const CORPUS_VERSION = 'v1';
export const DEFAULT_SEED = 20240611;
export const DEFAULT_PER_LANG = 450;
export const CORPUS_LANGS: readonly Lang[] = ['en', 'vi', 'zh', 'ko'];
export const PLATFORMS = ['ShopNest', 'Bazaarly', 'MarketHive', 'DealDock', 'TradeLeaf'] as const;

export type CorpusRow = ListingInput & {
  id: string;
  language: Lang;
  expected: Expected;
  notes: string;
};

/** Hard-negative kinds, per label, counted only on rows where that label is false. */
export type HardNegative = { label: Label; kind: string };

export interface RowMeta {
  lang: Lang;
  kind: Kind;
  group: 'food' | 'cosmetic' | 'nonfood';
  fhcFamily?: FhcFamily;
  fhcPositions: string[];
  mcMode: string;
  mlFamily?: string;
  hard: HardNegative[];
  /** Patterns that look like a label but the label is still true (e.g. certificate word without number). */
  hardPositive: string[];
  decor: string[];
  style: string[];
}

export interface LangStats {
  rows: number;
  labels: Record<Label, { positive: number; negative: number }>;
  noLabel: number;
  noLabelWithHardNegative: number;
  hardNegatives: Record<Label, { rows: number; negatives: number; rate: number; kinds: Record<string, number> }>;
  hardPositives: Record<string, number>;
  kinds: Record<string, number>;
  fhcFamilies: Record<string, number>;
  fhcPositions: Record<string, number>;
  mlFamilies: Record<string, number>;
  mcModes: Record<string, number>;
  style: Record<string, number>;
  identicalDescriptionRows: number;
}

export interface CorpusStats {
  version: string;
  seed: number;
  total: number;
  languages: Record<string, LangStats>;
}

export interface CorpusResult {
  rows: CorpusRow[];
  meta: RowMeta[];
  jsonl: string;
  stats: CorpusStats;
}

// ---------------------------------------------------------------------------
// Mix

const KIND_WEIGHTS: ReadonlyArray<readonly [Kind, number]> = [
  ['supplement', 12],
  ['herbal_tea', 9],
  ['honey', 7],
  ['coffee', 7],
  ['snack', 9],
  ['drink', 8],
  ['baby_formula', 5],
  ['sauce', 6],
  ['noodles', 5],
  ['cosmetic', 12],
  ['kitchenware', 5],
  ['electronics', 5],
  ['clothing', 5],
  ['toys', 5],
];

const FHC_P: Partial<Record<Kind, number>> = {
  supplement: 0.55,
  herbal_tea: 0.5,
  honey: 0.4,
  coffee: 0.35,
  drink: 0.4,
  snack: 0.15,
  baby_formula: 0.3,
  sauce: 0.1,
  noodles: 0.1,
  cosmetic: 0.45,
};
const P_MISSING_CERT = 0.44;
const P_MISLABELED = 0.29;

/** Base price range in USD per kind. */
const BASE_PRICE: Record<Kind, [number, number]> = {
  supplement: [8, 45],
  herbal_tea: [4, 18],
  honey: [6, 40],
  coffee: [5, 30],
  snack: [2, 15],
  drink: [1.5, 25],
  baby_formula: [12, 48],
  sauce: [2, 10],
  noodles: [1.5, 12],
  cosmetic: [6, 35],
  kitchenware: [5, 60],
  electronics: [4, 55],
  clothing: [6, 45],
  toys: [5, 50],
};

const FOOD_SET = new Set<string>(FOOD_KINDS);
const isFood = (k: Kind): k is FoodKind => FOOD_SET.has(k);

// ---------------------------------------------------------------------------
// Ingredients and claim semantics (the ground truth for mislabeled_food)

interface Item {
  text: string;
  tags: Set<Tag>;
}

export function parseIngredients(s: string | undefined): Item[] {
  if (!s) return [];
  return s
    .split(/\s*,\s*/)
    .filter(Boolean)
    .map((part) => {
      const [text, ...tags] = part.split('#');
      return { text: text.trim(), tags: new Set(tags as Tag[]) };
    });
}

const has = (items: Item[], ...tags: Tag[]) => items.some((i) => tags.some((t) => i.tags.has(t)));

const ANIMAL: Tag[] = ['dairy', 'egg', 'honey', 'gelatin', 'fish', 'meat'];
const SUGARS: Tag[] = ['sugar', 'syrup', 'honey', 'natsugar'];
const ALLERGEN_TAGS: AllergenTag[] = ['dairy', 'egg', 'gluten', 'peanut', 'soy', 'treenut', 'fish'];

/** Whether a diet claim is contradicted by the ingredients / certificates. */
function claimViolated(claim: DietClaim, items: Item[], organicCert: boolean): boolean {
  switch (claim) {
    case 'sugar_free':
      return has(items, ...SUGARS);
    case 'gluten_free':
      return has(items, 'gluten', 'oats');
    case 'vegan':
      return has(items, ...ANIMAL);
    case 'pure_honey':
      return items.length === 0 || items.some((i) => !i.tags.has('purehoney'));
    case 'organic':
      return !organicCert;
    case 'dairy_free':
      return has(items, 'dairy');
    case 'egg_free':
      return has(items, 'egg');
    case 'peanut_free':
      return has(items, 'peanut');
    case 'no_preservatives':
      return has(items, 'preservative');
    case 'no_msg':
      return has(items, 'msg');
  }
}

// ---------------------------------------------------------------------------
// Text helpers

const VARS = new Set(['name', 'brand', 'origin', 'disease', 'skin', 'n', 'days', 'kg', 'id', 'qty', 'm', 'date', 'kcal', 'sugar', 'reg', 'nutrient', 'a', 'b', 'person', 'place', 'tag']);

export function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    if (!VARS.has(key)) throw new Error(`unknown placeholder ${whole} in "${template}"`);
    const v = vars[key];
    if (v === undefined) throw new Error(`no value for ${whole} in "${template}"`);
    return v;
  });
}

export function stripDiacritics(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

function swapTypo(s: string, r: Rng): string {
  const words = s.split(' ');
  const candidates = words.map((w, i) => [w, i] as const).filter(([w]) => /^[a-z]{5,}$/i.test(w));
  if (!candidates.length) return s;
  const [w, i] = r.pick(candidates);
  const p = r.int(1, w.length - 3);
  words[i] = w.slice(0, p) + w[p + 1] + w[p] + w.slice(p + 2);
  return words.join(' ');
}

const sentenceJoiner = (lang: Lang) => (lang === 'zh' ? '' : ' ');

function endsWithStop(s: string): boolean {
  return /[.!?。！？…~)]$/.test(s.trim());
}

// ---------------------------------------------------------------------------
// Per-row builder

interface Segment {
  text: string;
  at?: 'start' | 'end';
  /** Skip style transforms (kept verbatim). */
  raw?: boolean;
}

interface Ctx {
  bank: LangBank;
  lang: Lang;
  seed: number;
  sellers: NonNullable<ListingInput['seller']>[];
}

interface StyleProfile {
  informal: boolean;
  stripAll: boolean;
  emoji: boolean;
  capsTitle: boolean;
  layout: 'paragraph' | 'lines' | 'bullets';
}

function makeBrand(r: Rng, bank: LangBank): string {
  return fill(r.pick(bank.names.brandPatterns), { a: r.pick(bank.names.brandA), b: r.pick(bank.names.brandB) });
}

function makeSellers(bank: LangBank, seed: number, n: number): NonNullable<ListingInput['seller']>[] {
  const r = createRng(hashSeed(seed, bank.lang, 'sellers'));
  const out: NonNullable<ListingInput['seller']>[] = [];
  const seen = new Set<string>();
  for (let i = 0; out.length < n && i < n * 20; i++) {
    const name = fill(r.pick(bank.names.sellerPatterns), {
      brand: makeBrand(r, bank),
      person: r.pick(bank.names.persons),
      place: r.pick(bank.names.places),
    });
    if (seen.has(name)) continue;
    seen.add(name);
    const idx = String(out.length + 1).padStart(3, '0');
    const seller: NonNullable<ListingInput['seller']> = { id: `corpus-${bank.lang}-s${idx}`, name };
    if (r.chance(0.6)) seller.url = `https://corpus.shelfwatch.test/${bank.lang}/shop/${idx}`;
    if (r.chance(0.3)) seller.phone = bank.names.phone(r);
    if (r.chance(0.3)) seller.registrationNumber = bank.certs.businessRegId(r);
    out.push(seller);
  }
  return out;
}

function price(r: Rng, bank: LangBank, kind: Kind): number {
  const [lo, hi] = BASE_PRICE[kind];
  const usd = lo + r.next() * (hi - lo);
  if (bank.priceStep < 1) {
    const whole = Math.max(1, Math.floor(usd * bank.priceFactor));
    const cents = bank.priceStep === 0.01 ? [0.99, 0.49, 0.95, 0.0, 0.5] : [0.9, 0.0, 0.8, 0.5];
    return Number((whole + r.pick(cents)).toFixed(2));
  }
  const v = Math.max(bank.priceStep, Math.round((usd * bank.priceFactor) / bank.priceStep) * bank.priceStep);
  return r.chance(0.4) && v > bank.priceStep * 2 ? v - bank.priceStep / (bank.priceStep >= 100 ? 1 : 10) : v;
}

function insertTitle(title: string, frag: string, r: Rng, lang: Lang): string {
  const wrap =
    lang === 'zh'
      ? r.pick(['【{f}】', '{f} ', ' {f}', '[{f}]'])
      : lang === 'ko'
        ? r.pick(['[{f}] ', '{f} ', ' {f}', ' ({f})'])
        : r.pick(['{f} - ', '{f} ', ' - {f}', ' | {f}', ' ({f})', '[{f}] ']);
  const piece = wrap.replace('{f}', frag);
  return piece.startsWith(' ') ? title + piece : piece + title;
}

function nutritionValue(r: Rng, bank: LangBank, sugarG: string): string {
  // Energy never below what the sugar alone provides (4 kcal/g), so the panel is self-consistent.
  const floor = Math.ceil(Number(sugarG) * 4) + 15;
  return fill(r.pick(bank.ml.nutrition), { kcal: String(r.int(floor, floor + 380)), sugar: sugarG });
}

function buildRow(ctx: Ctx, index: number): { row: CorpusRow; meta: RowMeta } {
  const { bank, lang } = ctx;
  const r = createRng(hashSeed(ctx.seed, lang, index));
  const kind = r.weighted(KIND_WEIGHTS);
  const group: RowMeta['group'] = isFood(kind) ? 'food' : kind === 'cosmetic' ? 'cosmetic' : 'nonfood';
  const kb = bank.kinds[kind];
  const product: ProductEntry = r.pick(kb.products);
  const name = r.pick(product.names);
  const qty = r.pick(product.qty);
  const brand = makeBrand(r, bank);
  const seller = r.pick(ctx.sellers);
  const home = bank.ml.origins[0];
  const origin = product.origin ?? (r.chance(0.55) ? home : r.pick(bank.ml.origins));
  const disease = r.pick(bank.fhc.diseases);
  const skin = r.pick(bank.fhc.skin);
  const baseVars: Record<string, string> = {
    name,
    brand,
    origin,
    qty,
    disease: group === 'cosmetic' ? skin : disease,
    skin,
    days: String(r.pick([3, 5, 7, 10, 14, 30])),
    kg: String(r.pick([3, 5, 7, 10, 15])),
    n: String(r.int(2, 9)),
  };
  const v = (t: string, extra: Record<string, string> = {}) => fill(t, { ...baseVars, ...extra });

  const meta: RowMeta = { lang, kind, group, fhcPositions: [], mcMode: 'n/a', hard: [], hardPositive: [], decor: [], style: [] };
  const hardNeg = (label: Label, k: string) => meta.hard.push({ label, kind: k });

  // Ground truth, decided first.
  const fhc = group !== 'nonfood' && r.chance(FHC_P[kind] ?? 0);
  const mc = group === 'food' && r.chance(P_MISSING_CERT);
  const ml = group === 'food' && r.chance(P_MISLABELED);

  const segments: Segment[] = [];
  const titleFrags: string[] = [];
  const labelClaims: string[] = [];
  const attributes: Record<string, string> = {};
  const certificates: NonNullable<ListingInput['certificates']> = [];
  const reviews: NonNullable<ListingInput['reviews']> = [];
  let allergensOverride: string[] | undefined;
  const notes: string[] = [kind];

  const items = parseIngredients(product.ing);
  const addFromPool = (pool: keyof LangBank['ml']['pools']) => {
    const [it] = parseIngredients(r.pick(bank.ml.pools[pool]));
    // Insert somewhere after the first ingredient, as sellers list by weight.
    items.splice(r.int(Math.min(1, items.length), items.length), 0, it);
    return it;
  };
  if (group === 'food') {
    if (['drink', 'sauce', 'snack', 'noodles'].includes(kind) && !has(items, 'preservative') && r.chance(0.15)) addFromPool('preservative');
    if (['sauce', 'noodles', 'snack'].includes(kind) && !has(items, 'msg') && r.chance(0.1)) addFromPool('msg');
  }

  // Where a short claim goes: title, labelClaims, description or attributes.
  type Pos = 'title' | 'labelClaims' | 'description' | 'attributes';
  const place = (pos: Pos, short: string, sentence: string, attrKey: string) => {
    if (pos === 'title') titleFrags.push(short);
    else if (pos === 'labelClaims') labelClaims.push(short);
    else if (pos === 'description') segments.push({ text: sentence });
    else attributes[attrKey] = attributes[attrKey] ? `${attributes[attrKey]}; ${short}` : short;
  };
  const rawAttrKeys = new Set<string>();
  const benefitsKey = r.pick(['benefits', 'uses', 'highlights', 'features']);
  const claimsKey = r.pick(['claims', 'diet', 'highlights', 'label']);

  // ---- mislabeled_food -----------------------------------------------------
  const dietClaims: DietClaim[] = [];
  let organicCert = false;
  let conflictOrigin: string | undefined;
  let zeroSugarNutrition = false;
  let allergenNoneDeclared = false;
  const placeDiet = (claim: DietClaim, posWeights: ReadonlyArray<readonly [Pos, number]> = [['labelClaims', 4], ['title', 2], ['description', 3], ['attributes', 1]]) => {
    const pos = r.weighted(posWeights);
    const c = bank.ml.claims[claim];
    place(pos, r.pick(c.short), r.pick(c.sentence), claimsKey);
    dietClaims.push(claim);
    return pos;
  };
  const noSugars = () => !has(items, ...SUGARS);
  const noAnimal = () => !has(items, ...ANIMAL);
  const pureHoney = () => items.length > 0 && items.every((i) => i.tags.has('purehoney'));

  if (ml) {
    const fams: Array<[string, number]> = [['organic', 2.5], ['origin_conflict', 2]];
    if (kind !== 'honey') fams.push(['sugar_free', 3], ['nutrition_zero_sugar', 1]);
    if (has(items, 'gluten') || ['snack', 'noodles', 'sauce', 'baby_formula', 'supplement'].includes(kind)) fams.push(['gluten_free', 2]);
    if (kind !== 'honey' && kind !== 'baby_formula') fams.push(['vegan', 2.5]);
    if (kind === 'honey' && pureHoney()) fams.push(['pure_honey', 9]);
    if (kind !== 'honey' && kind !== 'herbal_tea' && kind !== 'coffee') fams.push(['allergen_free', 2]);
    if (has(items, 'dairy')) fams.push(['allergen_free', 2]);
    if (['drink', 'sauce', 'snack', 'noodles'].includes(kind)) fams.push(['additive_free', 1.5]);
    const fam = r.weighted(fams);
    meta.mlFamily = fam;
    switch (fam) {
      case 'sugar_free': {
        const added = has(items, 'sugar', 'syrup') ? undefined : addFromPool('sugar');
        const pos = placeDiet('sugar_free');
        notes.push(`ml:sugar-free@${pos}+${added ? added.text : 'sugar in recipe'}`);
        break;
      }
      case 'nutrition_zero_sugar': {
        const added = has(items, 'sugar', 'syrup') ? undefined : addFromPool('sugar');
        zeroSugarNutrition = true;
        notes.push(`ml:nutrition sugar 0g+${added ? added.text : 'sugar in recipe'}`);
        break;
      }
      case 'gluten_free': {
        const added = has(items, 'gluten') ? undefined : addFromPool('gluten');
        const pos = placeDiet('gluten_free');
        notes.push(`ml:gluten-free@${pos}+${added ? added.text : 'gluten in recipe'}`);
        break;
      }
      case 'vegan': {
        let added: Item | undefined;
        if (noAnimal()) {
          const pool = kind === 'supplement' ? 'gelatin' : kind === 'sauce' ? r.pick(['fish', 'egg'] as const) : r.pick(['dairy', 'egg', 'gelatin', 'dairy'] as const);
          added = addFromPool(pool);
        }
        const pos = placeDiet('vegan');
        notes.push(`ml:vegan@${pos}+${added ? added.text : 'animal ingredient in recipe'}`);
        break;
      }
      case 'pure_honey': {
        const added = addFromPool('syrup');
        const pos = placeDiet('pure_honey', [['labelClaims', 3], ['title', 3], ['description', 3], ['attributes', 1]]);
        notes.push(`ml:pure honey@${pos}+${added.text}`);
        break;
      }
      case 'organic': {
        const pos = placeDiet('organic', [['labelClaims', 3], ['title', 3], ['description', 3], ['attributes', 1]]);
        notes.push(`ml:organic@${pos} without organic certificate`);
        break;
      }
      case 'allergen_free': {
        const opts: Array<['dairy_free' | 'egg_free' | 'peanut_free', keyof LangBank['ml']['pools'], Tag]> = [
          ['dairy_free', 'dairy', 'dairy'],
          ['egg_free', 'egg', 'egg'],
          ['peanut_free', 'peanut', 'peanut'],
        ];
        const present = opts.filter(([, , t]) => has(items, t));
        const [claim, pool, tag] = present.length && r.chance(0.7) ? r.pick(present) : r.weighted([[opts[0], 3], [opts[1], 1.5], [opts[2], 1]] as const);
        const added = has(items, tag) ? undefined : addFromPool(pool);
        if (r.chance(0.25)) {
          allergensOverride = [r.pick(bank.ml.allergenNone)];
          allergenNoneDeclared = true;
          notes.push(`ml:allergens field "none"+${added ? added.text : tag + ' in recipe'}`);
        } else {
          const pos = placeDiet(claim);
          notes.push(`ml:${claim}@${pos}+${added ? added.text : tag + ' in recipe'}`);
        }
        break;
      }
      case 'additive_free': {
        const msg = ['sauce', 'noodles'].includes(kind) && r.chance(0.5);
        const claim: DietClaim = msg ? 'no_msg' : 'no_preservatives';
        const tag: Tag = msg ? 'msg' : 'preservative';
        const added = has(items, tag) ? undefined : addFromPool(msg ? 'msg' : 'preservative');
        const pos = placeDiet(claim);
        notes.push(`ml:${claim}@${pos}+${added ? added.text : tag + ' in recipe'}`);
        break;
      }
      case 'origin_conflict': {
        conflictOrigin = r.pick(bank.ml.origins.filter((o) => o !== origin));
        const pos = r.weighted([['description', 5], ['title', 3], ['labelClaims', 2]] as const);
        if (pos === 'description') segments.push({ text: fill(r.pick(bank.ml.madeIn), { origin: conflictOrigin }) });
        else if (pos === 'title') titleFrags.push(fill(r.pick(bank.ml.titleOrigin), { origin: conflictOrigin }));
        else labelClaims.push(fill(r.pick(bank.ml.titleOrigin), { origin: conflictOrigin }));
        notes.push(`ml:origin ${origin} vs ${conflictOrigin}@${pos}`);
        break;
      }
    }
  }

  // Consistent diet claims: hard negatives when ml is false, decoys when true.
  if (group === 'food' && r.chance(ml ? 0.25 : 0.55)) {
    const opts: Array<[string, number]> = [['consistent_claim', 2]];
    if (noSugars() && (has(items, 'sweetener') || ['drink', 'herbal_tea', 'supplement'].includes(kind))) opts.push(['sweetener_sugar_free', 2]);
    if (!mc && !dietClaims.includes('organic')) opts.push(['organic_with_cert', 2.5]);
    if (noAnimal() && (has(items, 'plantmilk') || kind === 'coffee')) opts.push(['vegan_plant_milk', 2]);
    if (!has(items, 'gluten', 'oats') && has(items, 'gfstarch')) opts.push(['gluten_free_starch', 2]);
    if (!has(items, 'dairy') && (has(items, 'plantmilk') || kind === 'coffee')) opts.push(['dairy_free_plant_milk', 1.5]);
    if (kind === 'honey' && pureHoney() && meta.mlFamily !== 'pure_honey') opts.push(['pure_honey_consistent', 3]);
    const fam = r.weighted(opts);
    let placed = true;
    switch (fam) {
      case 'sweetener_sugar_free':
        if (!has(items, 'sweetener')) addFromPool('sweetener');
        placeDiet('sugar_free');
        break;
      case 'organic_with_cert':
        organicCert = true;
        placeDiet('organic', [['labelClaims', 3], ['title', 3], ['description', 3]]);
        break;
      case 'vegan_plant_milk':
        if (!has(items, 'plantmilk')) addFromPool('plantmilk');
        placeDiet('vegan');
        break;
      case 'gluten_free_starch':
        if (!has(items, 'gfstarch')) addFromPool('gfstarch');
        placeDiet('gluten_free');
        break;
      case 'dairy_free_plant_milk':
        if (!has(items, 'plantmilk')) addFromPool('plantmilk');
        placeDiet('dairy_free');
        break;
      case 'pure_honey_consistent':
        placeDiet('pure_honey');
        break;
      default: {
        const candidates = (['sugar_free', 'gluten_free', 'vegan', 'dairy_free', 'egg_free', 'peanut_free', 'no_preservatives', 'no_msg'] as DietClaim[]).filter(
          (c) => !dietClaims.includes(c) && !claimViolated(c, items, organicCert) && (c !== 'vegan' || kind !== 'baby_formula') && (c !== 'no_msg' || ['sauce', 'noodles', 'snack'].includes(kind)),
        );
        if (candidates.length) placeDiet(r.pick(candidates));
        else placed = false;
      }
    }
    if (placed) {
      if (!ml) hardNeg('mislabeled_food', fam);
      meta.decor.push(`diet:${fam}`);
      notes.push(`${ml ? 'decoy' : 'hn'}:${fam}`);
    }
  }
  // "Made in" that agrees with the origin attribute.
  let originMention = false;
  if (group === 'food' && !conflictOrigin && r.chance(0.25)) {
    originMention = true;
    if (r.chance(0.7)) segments.push({ text: fill(r.pick(bank.ml.madeIn), { origin }) });
    else titleFrags.push(fill(r.pick(bank.ml.titleOrigin), { origin }));
    if (!ml) hardNeg('mislabeled_food', 'origin_consistent');
  }
  if (group === 'cosmetic' && r.chance(0.3)) {
    // Diet-style claims on a non-food product never make it mislabeled_food.
    labelClaims.push(r.pick([...bank.ml.claims.organic.short, ...bank.ml.claims.vegan.short]));
    hardNeg('mislabeled_food', 'nonfood_diet_claim');
    notes.push('hn:cosmetic diet claim');
  }

  // ---- false_health_claim --------------------------------------------------
  let fhcFamily: FhcFamily | undefined;
  if (fhc) {
    fhcFamily =
      group === 'cosmetic'
        ? r.weighted([['skin_cure', 6], ['guaranteed', 2], ['approval', 2]] as const)
        : r.weighted([
            ['cure', 4],
            ['prevent', 2.5],
            ['relieve', 2.5],
            ['guaranteed', ['supplement', 'herbal_tea', 'coffee', 'drink'].includes(kind) ? 2.5 : 0.8],
            ['approval', 1.5],
            ['replace_medicine', 1],
            ['testimonial', 1.5],
          ] as const);
    meta.fhcFamily = fhcFamily;
    const nPos = r.chance(0.3) ? 2 : 1;
    const positions: Pos[] = [];
    while (positions.length < nPos) {
      const p = r.weighted([['description', 4.5], ['labelClaims', 2], ['title', 1.5], ['attributes', 2]] as const);
      if (!positions.includes(p)) positions.push(p);
    }
    for (const p of positions) place(p, v(r.pick(bank.fhc.short[fhcFamily])), v(r.pick(bank.fhc.sentences[fhcFamily])), benefitsKey);
    meta.fhcPositions = positions;
    const subject = fhcFamily === 'skin_cure' ? skin : ['cure', 'prevent', 'replace_medicine', 'testimonial'].includes(fhcFamily) ? disease : '';
    notes.push(`fhc:${fhcFamily}@${positions.join('+')}${subject ? ` (${subject})` : ''}`);
  }

  // Decorations that look like claims but are not (hard negatives when fhc is false).
  const nutrients = product.nutrients ?? [];
  if (group !== 'nonfood' && r.chance(fhc ? 0.3 : 0.68)) {
    const opts: Array<[string, number]> = [
      ['review_cure', 2],
      ['satisfaction_guarantee', 1],
    ];
    if (nutrients.some((n) => bank.fhcHard.eu[n]?.length)) opts.push(['eu_claim', 3.5]);
    if (['supplement', 'herbal_tea', 'drink', 'honey', 'coffee', 'cosmetic'].includes(kind)) opts.push(['not_medicine_notice', 3]);
    if (!fhc) opts.push(['negation', 2]);
    if (group === 'food') opts.push(['consult_doctor', 1.2], ['general_wellness', 1.5]);
    if (group === 'food' && !mc && fhcFamily !== 'approval') opts.push(['approval_with_number', 2]);
    if (group === 'cosmetic') opts.push(['cosmetic_appearance_claim', 3]);
    const n = r.chance(0.3) ? 2 : 1;
    const chosen = new Set<string>();
    while (chosen.size < Math.min(n, opts.length)) chosen.add(r.weighted(opts));
    for (const k of chosen) {
      switch (k) {
        case 'review_cure':
          reviews.push({ author: r.pick(bank.names.reviewers), rating: 5, text: v(r.pick(bank.fhcHard.reviewCure)) });
          break;
        case 'satisfaction_guarantee':
          segments.push({ text: r.pick(bank.fhcHard.guarantee) });
          break;
        case 'eu_claim': {
          const n2 = r.pick(nutrients.filter((x) => bank.fhcHard.eu[x]?.length));
          const text = r.pick(bank.fhcHard.eu[n2]!);
          const pos = r.weighted([['description', 3], ['labelClaims', 2], ['attributes', 1]] as const);
          place(pos, text, text, benefitsKey);
          break;
        }
        case 'not_medicine_notice': {
          const text = r.pick(bank.fhcHard.notice);
          if (r.chance(0.75)) segments.push({ text, at: 'end' });
          else if (r.chance(0.5)) labelClaims.push(text);
          else attributes[r.pick(['note', 'warning', 'notice'])] = text;
          break;
        }
        case 'negation':
          segments.push({ text: v(r.pick(bank.fhcHard.negation)) });
          break;
        case 'consult_doctor':
          segments.push({ text: v(r.pick(bank.fhcHard.consult)), at: r.chance(0.5) ? 'end' : undefined });
          break;
        case 'general_wellness':
          if (r.chance(0.6)) segments.push({ text: r.pick(bank.fhcHard.general) });
          else labelClaims.push(r.pick(bank.fhcHard.generalShort));
          break;
        case 'approval_with_number': {
          const id = bank.fhcHard.approvalNumberId(r);
          const text = fill(r.pick(bank.fhcHard.approvalNumber), { id });
          if (r.chance(0.75)) segments.push({ text });
          else attributes[r.pick(['approval', 'registration', 'licence'])] = text;
          break;
        }
        case 'cosmetic_appearance_claim': {
          const text = r.pick(bank.fhcHard.cosmeticSafe);
          if (r.chance(0.6)) segments.push({ text });
          else labelClaims.push(text);
          break;
        }
      }
      if (!fhc) hardNeg('false_health_claim', k);
      meta.decor.push(`fhc:${k}`);
    }
    notes.push(`${fhc ? 'decoy' : 'hn'}:${[...chosen].join(',')}`);
  }

  // ---- missing_certificate -------------------------------------------------
  const certAttr = (t: CertType) => r.pick(t.attrKeys);
  if (group === 'food') {
    if (!mc) {
      const pool = bank.certs.types.filter(
        (t) => (t.kinds === 'all' || t.kinds.includes(kind as FoodKind)) && (fhcFamily !== 'approval' || t.privateScheme),
      );
      const chosen = r.sample(pool, r.chance(0.25) ? 2 : 1);
      const mode = r.weighted([['structured', 0.35], ['text', 0.35], ['both', 0.3]] as const);
      let textWhere = '';
      for (const t of chosen) {
        const id = t.id(r);
        if (mode !== 'text') {
          const cert: { type: string; identifier: string; issuer?: string } = { type: t.type, identifier: id };
          if (r.chance(0.5)) cert.issuer = r.pick(t.issuers);
          certificates.push(cert);
        }
        if (mode !== 'structured') {
          if (r.chance(0.6)) {
            segments.push({ text: fill(r.pick(t.text), { id }) });
            textWhere ||= 'description';
          } else {
            const key = certAttr(t);
            attributes[key] = id;
            rawAttrKeys.add(key);
            textWhere ||= 'attributes';
          }
        }
      }
      meta.mcMode = mode === 'text' ? `text_only:${textWhere}` : mode;
      if (mode === 'structured') hardNeg('missing_certificate', 'cert_structured_only');
      if (mode === 'text') hardNeg('missing_certificate', `cert_text_only_${textWhere}`);
      notes.push(`cert:${meta.mcMode}(${chosen.map((c) => c.type).join('+')})`);
      if (r.chance(0.15)) {
        segments.push({ text: r.pick(bank.certs.wordNoId) });
        meta.decor.push('mc:cert_word_no_id');
      }
    } else {
      meta.mcMode = 'none';
      const what: string[] = [];
      if (r.chance(0.35)) {
        const pos = r.weighted([['description', 4], ['labelClaims', 2], ['title', 1]] as const);
        if (pos === 'description') segments.push({ text: r.pick(bank.certs.wordNoId) });
        else if (pos === 'labelClaims') labelClaims.push(r.pick(bank.certs.wordNoIdShort));
        else titleFrags.push(r.pick(bank.certs.wordNoIdShort));
        meta.hardPositive.push('cert_word_no_id');
        what.push(`cert word without number@${pos}`);
        meta.mcMode = 'none+cert_word';
      }
      if (r.chance(0.07)) {
        const t = r.pick(bank.certs.types);
        certificates.push({ type: t.type, identifier: r.pick(bank.certs.placeholder) });
        meta.hardPositive.push('placeholder_identifier');
        what.push('structured certificate with placeholder identifier');
        meta.mcMode = 'none+placeholder';
      }
      if (seller.registrationNumber) {
        meta.hardPositive.push('business_registration_only');
        what.push('seller business reg only');
      }
      notes.push(`mc:no identifier${what.length ? ` (${what.join('; ')})` : ''}`);
    }
    if (organicCert) {
      const id = bank.certs.organic.id(r);
      certificates.push({ type: 'organic', identifier: id, issuer: r.pick(bank.certs.organic.issuers) });
      if (r.chance(0.3)) segments.push({ text: fill(r.pick(bank.certs.organic.text), { id }) });
    }
    if (r.chance(0.2)) {
      segments.push({ text: r.pick(bank.certs.standardRef) });
      if (mc) meta.hardPositive.push('standard_reference');
      meta.decor.push('mc:standard_reference');
    }
  } else {
    meta.mcMode = 'not_food';
    if (group === 'nonfood') {
      let hn = false;
      if (r.chance(0.35)) {
        segments.push({ text: fill(r.pick(bank.certs.nonfoodMarks), { id: bank.certs.nonfoodMarkId(r) }) });
        hn = true;
        notes.push('hn:nonfood cert mark');
      }
      if (kind === 'kitchenware' && r.chance(0.5)) {
        labelClaims.push(r.pick(bank.certs.foodGradeWords));
        hn = true;
        notes.push('hn:food-grade words');
      }
      if (product.foodWords) {
        hn = true;
        notes.push('hn:food vocabulary in non-food');
      }
      if (hn) hardNeg('missing_certificate', product.foodWords ? 'nonfood_food_words' : 'nonfood_cert_mark');
    } else if (r.chance(0.35)) {
      segments.push({ text: fill(r.pick(bank.certs.cosmeticMarks), { id: r.digits(7) }) });
      hardNeg('missing_certificate', 'cosmetic_notification');
      notes.push('hn:cosmetic notification no.');
    }
  }

  // ---- description ----------------------------------------------------------
  const generic = group === 'food' ? bank.text.foodGeneric : group === 'cosmetic' ? bank.text.cosmeticGeneric : bank.text.nonfoodGeneric;
  const body: Segment[] = [];
  for (const t of r.sample(generic, r.int(1, 2))) body.push({ text: v(t) });
  for (const t of r.sample(kb.features, r.int(1, 3))) body.push({ text: v(t) });
  if (r.chance(0.6)) body.push({ text: v(r.pick(kb.usage)) });
  if (group === 'food' && r.chance(0.45)) body.push({ text: r.pick(bank.text.storage) });
  if (r.chance(0.3)) body.push({ text: r.pick(bank.text.packaging) });
  if (r.chance(0.5)) body.push({ text: r.pick(bank.text.shipping) });
  const allBody = r.shuffle([...body, ...segments.filter((s) => !s.at)]);
  const ends = segments.filter((s) => s.at === 'end');
  const opener: Segment[] = r.chance(0.85) ? [{ text: v(r.pick(bank.text.openers)) }] : [];
  const closer: Segment[] = r.chance(0.6) ? [{ text: v(r.pick(bank.text.closers)) }] : [];
  const footer: Segment[] = [];
  if (r.chance(0.15)) {
    footer.push({ text: fill(r.pick(bank.text.shopFooter), { reg: seller.registrationNumber ?? bank.certs.businessRegId(r) }) });
    if (mc) meta.hardPositive.push('business_registration_footer');
  }

  // ---- style ----------------------------------------------------------------
  const style: StyleProfile = {
    informal: r.chance(0.3),
    stripAll: bank.style.stripDiacritics && r.chance(0.08),
    emoji: r.chance(0.35),
    capsTitle: lang !== 'zh' && lang !== 'ko' && r.chance(0.1),
    layout: r.weighted([['paragraph', 5], ['lines', 3], ['bullets', 2]] as const),
  };
  if (style.informal) meta.style.push('informal');
  if (style.stripAll) meta.style.push('no_diacritics');
  if (style.emoji) meta.style.push('emoji');
  if (style.capsTitle) meta.style.push('caps_title');
  meta.style.push(style.layout);
  let anyStripped = false;
  let anyObfuscated = false;
  const stylize = (s: string, rate = 1): string => {
    let out = s;
    for (const [word, obf] of bank.style.obfuscations) {
      if (out.includes(word) && r.chance(0.2 * rate)) {
        out = out.replace(word, obf);
        anyObfuscated = true;
      }
    }
    if (bank.style.stripDiacritics && (style.stripAll || r.chance(0.13 * rate))) {
      const stripped = stripDiacritics(out);
      if (stripped !== out) anyStripped = true;
      out = stripped;
    }
    if (style.informal && r.chance(0.4 * rate)) {
      const padded = ` ${out} `;
      let replaced = padded;
      for (const [from, to] of r.sample(bank.style.abbreviations, 3)) replaced = replaced.split(from).join(to);
      out = replaced.slice(1, -1);
    }
    if (bank.style.latinTypos && style.informal && r.chance(0.2 * rate)) out = swapTypo(out, r);
    if (r.chance(0.04 * rate)) out = out.toUpperCase();
    if (style.informal && r.chance(0.3 * rate)) out = out.replace(/[.。]$/, '') + r.pick(bank.style.fillers);
    if (style.emoji && r.chance(0.3 * rate)) out = r.chance(0.5) ? `${r.pick(bank.text.emoji)} ${out}` : `${out} ${r.pick(bank.text.emoji)}`;
    return out;
  };
  const ordered = [...opener, ...allBody, ...ends, ...closer, ...footer].map((s) => (s.raw ? s.text : stylize(s.text)));
  let description: string;
  if (style.layout === 'paragraph') description = ordered.join(sentenceJoiner(lang));
  else if (style.layout === 'lines') description = ordered.join('\n');
  else {
    const bullet = r.pick(bank.text.bullets);
    const [first, ...rest] = ordered;
    description = [first, ...rest.map((x) => bullet + x)].join('\n');
  }
  if (anyStripped) meta.style.push('some_no_diacritics');
  if (anyObfuscated) meta.style.push('obfuscated');

  // ---- title ----------------------------------------------------------------
  // A name that already carries its quantity ("Building Blocks 500 pcs") does not repeat it.
  const titlePatterns = name.includes(qty) ? bank.text.titlePatterns.filter((p) => !p.includes('{qty}')) : bank.text.titlePatterns;
  let title = fill(r.pick(titlePatterns), { brand, name, qty, tag: r.pick(bank.text.titleTags) });
  for (const f of titleFrags) title = insertTitle(title, f, r, lang);
  title = stylize(title, 0.6);
  if (style.capsTitle) title = title.toUpperCase();

  // ---- attributes ----------------------------------------------------------
  const orderedAttrs: Record<string, string> = {};
  if (r.chance(0.5)) orderedAttrs.brand = brand;
  if (group !== 'nonfood') {
    if (r.chance(0.85)) orderedAttrs.net_quantity = qty;
    if (r.chance(group === 'food' ? 0.7 : 0.4)) {
      const y = r.int(2025, 2027);
      orderedAttrs.expiry = fill(r.pick(bank.text.expiry), { m: String(r.pick([6, 12, 18, 24, 36])), date: bank.formatDate(y, r.int(1, 12), r.int(1, 28)) });
    }
  } else {
    if (r.chance(0.6)) orderedAttrs.net_quantity = qty;
    for (const [k, vals] of Object.entries(product.specs ?? {})) if (r.chance(0.75)) orderedAttrs[k] = r.pick(vals);
  }
  if (conflictOrigin || originMention || r.chance(group === 'nonfood' ? 0.45 : 0.75)) orderedAttrs.origin = origin;
  if (group !== 'nonfood' && r.chance(0.55)) {
    const patterns = origin === home ? bank.names.manufacturerPatterns : bank.names.manufacturerPatterns.filter((p) => !p.includes('{place}'));
    orderedAttrs.manufacturer = fill(r.pick(patterns), { brand, place: r.pick(bank.names.places) });
  }
  if (group === 'food' && r.chance(0.35)) orderedAttrs.storage = r.pick(bank.text.storageAttr);
  if (group === 'food' && (zeroSugarNutrition || r.chance(0.25))) {
    const sugarG = zeroSugarNutrition || noSugars() ? (zeroSugarNutrition ? '0' : r.pick(['0', '0.1', '0.5'])) : String(r.int(3, 60));
    orderedAttrs.nutrition = nutritionValue(r, bank, sugarG);
  }
  if (group === 'food' && !attributes[benefitsKey] && r.chance(0.2)) orderedAttrs[benefitsKey] = r.pick(bank.text.benefitNeutral);
  if (r.chance(0.3)) orderedAttrs.rating = `${(r.int(38, 50) / 10).toFixed(1)}/5 (${r.int(3, 4800)})`;
  if (r.chance(0.3)) orderedAttrs.sold = String(r.int(5, 25000));
  for (const [k, val] of Object.entries(attributes)) orderedAttrs[k] = rawAttrKeys.has(k) ? val : stylize(val, 0.5);

  // ---- label claims (safe ones mixed in) ------------------------------------
  const safe = group === 'food' ? bank.text.safeClaims : group === 'cosmetic' ? bank.text.cosmeticClaims : bank.text.nonfoodClaims[kind as NonFoodKind];
  if (r.chance(0.45)) labelClaims.push(...r.sample(safe, r.int(1, 2)));
  const claims = r.shuffle(labelClaims).map((c) => stylize(c, 0.4));

  // ---- allergens --------------------------------------------------------------
  const allergenTags = ALLERGEN_TAGS.filter((t) => has(items, t));
  let allergens: string[] = [];
  if (allergensOverride) allergens = allergensOverride;
  else if (group === 'food' && allergenTags.length && r.chance(0.55)) allergens = allergenTags.map((t) => bank.ml.allergenNames[t]);
  else if (group === 'food' && !allergenTags.length && r.chance(0.25)) allergens = [r.pick(bank.ml.allergenNone)];

  // ---- reviews -------------------------------------------------------------
  const nReviews = r.weighted([[0, 25], [1, 25], [2, 25], [3, 15], [4, 10]] as const);
  const reviewBank = group === 'food' ? bank.reviews.food : group === 'cosmetic' ? bank.reviews.cosmetic : bank.reviews.nonfood;
  for (let i = 0; i < nReviews; i++) {
    const neg = r.chance(0.12);
    const text = neg ? r.pick(bank.reviews.negative) : r.chance(0.7) ? r.pick(reviewBank) : r.pick(bank.reviews.generic);
    const rev: { author?: string; rating?: number; text: string; date?: string } = { text: stylize(text, 0.7) };
    if (r.chance(0.85)) rev.author = r.pick(bank.names.reviewers);
    rev.rating = neg ? r.int(1, 3) : r.int(4, 5);
    if (r.chance(0.6)) rev.date = `2024-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
    reviews.splice(r.int(0, reviews.length), 0, rev);
  }

  // ---- ground-truth cross-check ---------------------------------------------
  const violated = dietClaims.filter((c) => claimViolated(c, items, organicCert));
  const allergenNoneViolated = allergenNoneDeclared && allergenTags.length > 0;
  const zeroSugarViolated = zeroSugarNutrition && has(items, ...SUGARS);
  const mlTruth = group === 'food' && (violated.length > 0 || allergenNoneViolated || zeroSugarViolated || conflictOrigin !== undefined);
  if (mlTruth !== ml) throw new Error(`corpus:${lang}:${index}: mislabeled_food decided ${ml} but claims say ${mlTruth} (${violated.join(',')})`);
  const hasIdentifier = certificates.some((c) => c.type !== 'organic' && !bank.certs.placeholder.includes(c.identifier)) || meta.mcMode.startsWith('text_only') || meta.mcMode === 'both';
  const approvalCert = bank.fhcHard.approvalNumberIsCert && meta.decor.includes('fhc:approval_with_number');
  if (group === 'food' && mc === (hasIdentifier || approvalCert)) throw new Error(`corpus:${lang}:${index}: missing_certificate inconsistent`);

  const expected: Expected = { false_health_claim: fhc, missing_certificate: mc, mislabeled_food: ml };
  if (!fhc && !mc && !ml) notes.push('no label');

  const row: CorpusRow = {
    id: `corpus:${lang}:${String(index).padStart(4, '0')}`,
    platform: PLATFORMS[hashSeed(ctx.seed, lang, index, 'platform') % PLATFORMS.length],
    url: `https://corpus.shelfwatch.test/${lang}/${index}`,
    language: lang,
    title,
    description,
    category: r.pick(kb.category),
    price: price(r, bank, kind),
    currency: bank.currency,
    seller,
    certificates,
    ingredients: items.map((i) => i.text),
    labelClaims: claims,
    allergens,
    reviews,
    attributes: orderedAttrs,
    expected,
    notes: notes.join('; '),
  };
  return { row, meta };
}

// ---------------------------------------------------------------------------
// Corpus

function emptyLangStats(): LangStats {
  const labels = {} as LangStats['labels'];
  const hard = {} as LangStats['hardNegatives'];
  for (const l of LABELS) {
    labels[l] = { positive: 0, negative: 0 };
    hard[l] = { rows: 0, negatives: 0, rate: 0, kinds: {} };
  }
  return {
    rows: 0,
    labels,
    noLabel: 0,
    noLabelWithHardNegative: 0,
    hardNegatives: hard,
    hardPositives: {},
    kinds: {},
    fhcFamilies: {},
    fhcPositions: {},
    mlFamilies: {},
    mcModes: {},
    style: {},
    identicalDescriptionRows: 0,
  };
}

const bump = (o: Record<string, number>, k: string, by = 1) => {
  o[k] = (o[k] ?? 0) + by;
};

function computeStats(rows: CorpusRow[], meta: RowMeta[], seed: number): CorpusStats {
  const languages: Record<string, LangStats> = {};
  const descCount = new Map<string, number>();
  for (const row of rows) descCount.set(`${row.language}\u0000${row.description}`, (descCount.get(`${row.language}\u0000${row.description}`) ?? 0) + 1);
  rows.forEach((row, i) => {
    const m = meta[i];
    const s = (languages[row.language] ??= emptyLangStats());
    s.rows++;
    const none = LABELS.every((l) => !row.expected[l]);
    if (none) {
      s.noLabel++;
      if (m.hard.length) s.noLabelWithHardNegative++;
    }
    for (const l of LABELS) {
      if (row.expected[l]) s.labels[l].positive++;
      else {
        s.labels[l].negative++;
        s.hardNegatives[l].negatives++;
        const kinds = m.hard.filter((h) => h.label === l);
        if (kinds.length) s.hardNegatives[l].rows++;
        for (const h of kinds) bump(s.hardNegatives[l].kinds, h.kind);
      }
    }
    for (const h of new Set(m.hardPositive)) bump(s.hardPositives, h);
    bump(s.kinds, m.kind);
    if (m.fhcFamily) bump(s.fhcFamilies, m.fhcFamily);
    for (const p of m.fhcPositions) bump(s.fhcPositions, p);
    if (m.mlFamily) bump(s.mlFamilies, m.mlFamily);
    bump(s.mcModes, m.mcMode.split(':')[0]);
    for (const st of m.style) bump(s.style, st);
    if ((descCount.get(`${row.language}\u0000${row.description}`) ?? 0) > 1) s.identicalDescriptionRows++;
  });
  for (const s of Object.values(languages))
    for (const l of LABELS) {
      const h = s.hardNegatives[l];
      h.rate = h.negatives ? Number((h.rows / h.negatives).toFixed(3)) : 0;
      h.kinds = Object.fromEntries(Object.entries(h.kinds).sort(([a], [b]) => (a < b ? -1 : 1)));
    }
  return { version: CORPUS_VERSION, seed, total: rows.length, languages };
}

export interface GenerateOptions {
  perLang?: number;
  langs?: readonly Lang[];
}

/** Builds the whole corpus in memory. Same seed and options, same bytes. */
export function generateCorpus(seed: number = DEFAULT_SEED, options: GenerateOptions = {}): CorpusResult {
  const perLang = options.perLang ?? DEFAULT_PER_LANG;
  const rows: CorpusRow[] = [];
  const meta: RowMeta[] = [];
  for (const lang of options.langs ?? CORPUS_LANGS) {
    const bank = BANKS[lang]!;
    const ctx: Ctx = { bank, lang, seed, sellers: makeSellers(bank, seed, 90) };
    for (let i = 1; i <= perLang; i++) {
      const built = buildRow(ctx, i);
      const { expected: _e, notes: _n, ...listing } = built.row;
      parseListing(listing, () => new Date(0));
      rows.push(built.row);
      meta.push(built.meta);
    }
  }
  const jsonl = rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  return { rows, meta, jsonl, stats: computeStats(rows, meta, seed) };
}

// ---------------------------------------------------------------------------
// README

function pct(n: number, d: number): string {
  return d ? `${((100 * n) / d).toFixed(1)}%` : '-';
}

export function renderReadme(stats: CorpusStats): string {
  const langs = Object.keys(stats.languages);
  const lines: string[] = [];
  lines.push(
    `# Shelfwatch training corpus ${stats.version}`,
    '',
    '`listings.v1.jsonl` is a synthetic, labeled, multilingual (en, vi, zh, ko) corpus of marketplace',
    "listings for training and evaluating Shelfwatch's own text classifier on the three labels of",
    '`domain/labels.ts`: `false_health_claim`, `missing_certificate`, `mislabeled_food`.',
    '',
    '**Generated, not collected.** Every row is invented by `tools/corpus/generate-corpus.ts` from the phrase',
    'banks in `tools/corpus/phrases/<lang>.ts`. Sellers, brands, certificate numbers, companies and URLs are',
    'fictitious (`https://corpus.shelfwatch.test/...`). Do not report these listings anywhere.',
    '',
    '## Format',
    '',
    'One JSON object per line. Every object is a valid `Listing` input (checked with `parseListing` when',
    'generated; `fetchedAt` and `contentHash` are left out) plus two extra keys:',
    '',
    '- `expected`: `{ "false_health_claim": bool, "missing_certificate": bool, "mislabeled_food": bool }`',
    '- `notes`: a short explanation: product kind, which pattern made a label true (`fhc:cure@title (diabetes)`,',
    '  `ml:vegan@labelClaims+gelatin`, `mc:no identifier (...)`), and which hard negatives (`hn:`) or decoys',
    '  (`decoy:`, a hard-negative pattern placed on a row whose label is true anyway) it carries.',
    '',
    'Strip `expected` and `notes` before passing a row to `parseListing` (the schema is strict).',
    '`language` is always set, because Vietnamese written without tone marks would otherwise be detected as English.',
    '',
    '## How it is generated',
    '',
    '```sh',
    `npx tsx tools/corpus/generate-corpus.ts            # seed ${stats.seed}, ${stats.languages[langs[0]]?.rows ?? 0} rows per language`,
    'npx tsx tools/corpus/generate-corpus.ts --seed 7 --per-lang 100 --out /tmp/corpus',
    '```',
    '',
    '- Deterministic: a seeded mulberry32 PRNG; each row has its own stream from (seed, language, index), so',
    '  the same seed gives the same bytes (`generateCorpus(seed)` is exported and tested for this).',
    '- Labels are ground truth by construction: for each row the generator first decides the three labels,',
    '  then writes the text to match (claims, ingredients, certificates), and finally cross-checks',
    '  `mislabeled_food` against the ingredient tags and claims, and `missing_certificate` against the',
    '  identifiers it placed; a mismatch aborts generation.',
    '- Text is composed from independent sentence banks (opener, generic, kind features, usage, storage,',
    '  packaging, shipping, closer, shop footer) plus claim/certificate/hard-negative sentences, shuffled,',
    '  laid out as a paragraph, lines or bullets; then styled per row (informal abbreviations, emoji, ALL CAPS,',
    '  typos, Vietnamese without tone marks, evasive spellings such as "d!abetes" / "tieu đuong").',
    '- Product kinds: supplements, herbal teas, honey, coffee, snacks, drinks, baby formula/food, sauces,',
    '  noodles (food); cosmetics; kitchenware, electronics accessories, clothing, toys (non-food).',
    '- Claims are placed in the title, description, `labelClaims` or `attributes`; certificates in the',
    '  structured `certificates` field, the description text, attributes, or several of these.',
    '',
    '## Label rules followed',
    '',
    '- `false_health_claim`: the seller states or implies that a food, supplement, herbal or cosmetic product',
    '  cures, treats, prevents or relieves a disease, promises a guaranteed/miraculous result, or claims a',
    '  government/health-authority approval without showing a number. Not: EU-authorised nutrient claims',
    '  (ko: MFDS functional wording), general words (healthy, refreshing), the mandatory "not a medicine"',
    '  notice, negations, "consult your doctor if you have X", approval/registration statements that show a',
    '  number, satisfaction guarantees, cosmetic appearance claims, and cure stories in customer reviews.',
    '- `missing_certificate`: a food/supplement listing with no certificate or declaration identifier anywhere.',
    '  Non-food (cosmetics included) is never positive. Certificate words without a number, placeholder',
    '  identifiers ("pending", "đang cập nhật", "申请中", "준비중"), seller business registration numbers,',
    '  product standard references (GB/T, TCVN, Codex) and organic certificates do not count as identifiers.',
    '  (Organic certificates only appear on rows that also carry a food-safety identifier.)',
    '- `mislabeled_food`: a food whose label contradicts itself or its ingredients/origin: sugar-free or',
    '  "sugar 0 g" with sugar/syrup/honey, gluten-free with wheat/barley/oats, vegan with milk/egg/honey/',
    '  gelatin/fish, "100% pure honey" with syrup, organic without an organic certificate, "dairy/egg/peanut-free"',
    '  (or allergens field "none") with that allergen, "no preservatives/MSG" with them, and origin attribute',
    '  vs "made in"/"imported from" text. Missing label info is not mislabeled.',
    '',
    '## Counts',
    '',
    '| lang | rows | false_health_claim + / - | missing_certificate + / - | mislabeled_food + / - | no label |',
    '|---|---|---|---|---|---|',
  );
  for (const l of langs) {
    const s = stats.languages[l];
    const c = (k: Label) => `${s.labels[k].positive} / ${s.labels[k].negative}`;
    lines.push(`| ${l} | ${s.rows} | ${c('false_health_claim')} | ${c('missing_certificate')} | ${c('mislabeled_food')} | ${s.noLabel} (${pct(s.noLabel, s.rows)}) |`);
  }
  lines.push('', `Total: ${stats.total} rows.`, '', '### Hard negatives', '');
  lines.push('Share of each label\'s negatives that carry a hard-negative pattern for that label, and of no-label rows that carry any:', '');
  lines.push('| lang | false_health_claim | missing_certificate | mislabeled_food | no-label rows |', '|---|---|---|---|---|');
  for (const l of langs) {
    const s = stats.languages[l];
    const h = (k: Label) => `${s.hardNegatives[k].rows} (${pct(s.hardNegatives[k].rows, s.hardNegatives[k].negatives)})`;
    lines.push(`| ${l} | ${h('false_health_claim')} | ${h('missing_certificate')} | ${h('mislabeled_food')} | ${s.noLabelWithHardNegative} (${pct(s.noLabelWithHardNegative, s.noLabel)}) |`);
  }
  lines.push('', 'Kinds (see `stats.v1.json` for per-language counts):', '');
  const kinds: Record<string, Set<string>> = {};
  for (const s of Object.values(stats.languages)) for (const lab of LABELS) for (const k of Object.keys(s.hardNegatives[lab].kinds)) (kinds[lab] ??= new Set()).add(k);
  for (const lab of LABELS) lines.push(`- \`${lab}\`: ${[...(kinds[lab] ?? [])].sort().join(', ')}`);
  lines.push(
    '',
    'Hard positives (label true although the row looks clean): certificate word without a number, placeholder',
    'identifier, seller business registration only, standard reference only (missing_certificate); claims in',
    'Vietnamese without tone marks or with evasive spellings (all labels).',
    '',
    '## Files',
    '',
    '- `listings.v1.jsonl`: the corpus.',
    '- `stats.v1.json`: counts per language: labels, no-label rows, hard negatives by kind, hard positives,',
    '  product kinds, claim families and positions, certificate modes, style transforms.',
    '- `README.md`: this file (regenerated with the corpus).',
    '',
    '## Version',
    '',
    `${stats.version}: first release, seed ${stats.seed}. Changing a phrase bank changes the output; bump the`,
    'version (file names included) when the corpus is regenerated for training.',
    '',
  );
  return lines.join('\n');
}

// ---------------------------------------------------------------------------
// CLI

function main(argv: string[]): void {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const seed = Number(arg('--seed') ?? DEFAULT_SEED);
  const perLang = Number(arg('--per-lang') ?? DEFAULT_PER_LANG);
  const out = resolve(arg('--out') ?? join(process.cwd(), 'models', 'corpus'));
  if (!Number.isInteger(seed) || !Number.isInteger(perLang) || perLang < 1) throw new Error('--seed and --per-lang must be integers');
  const result = generateCorpus(seed, { perLang });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `listings.${CORPUS_VERSION}.jsonl`), result.jsonl);
  writeFileSync(join(out, `stats.${CORPUS_VERSION}.json`), JSON.stringify(result.stats, null, 2) + '\n');
  writeFileSync(join(out, 'README.md'), renderReadme(result.stats));
  const summary = Object.entries(result.stats.languages)
    .map(([l, s]) => `${l}: ${s.rows} rows, fhc ${s.labels.false_health_claim.positive}, mc ${s.labels.missing_certificate.positive}, ml ${s.labels.mislabeled_food.positive}, none ${s.noLabel}`)
    .join('\n');
  process.stdout.write(`wrote ${result.rows.length} rows to ${out}\n${summary}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main(process.argv.slice(2));
