import type { Rng } from '../prng.js';

/**
 * Shape of a per-language phrase bank for the corpus generator.
 *
 * Templates use `{placeholders}`: {name} product name, {brand}, {origin},
 * {disease}, {skin}, {n}, {days}, {kg}, {id}, {qty}, {m} (months), {date},
 * {kcal}, {sugar}, {reg}, {nutrient}. Unknown placeholders are an error.
 *
 * Ingredient strings are comma-separated; tags after `#` drive the
 * mislabeled_food logic: "milk powder#dairy", "gelatin capsule#gelatin".
 * A comma inside an ingredient must be written as `，` or avoided.
 */
export type Lang = 'en' | 'vi' | 'zh' | 'ko';

export const FOOD_KINDS = [
  'supplement',
  'herbal_tea',
  'honey',
  'coffee',
  'snack',
  'drink',
  'baby_formula',
  'sauce',
  'noodles',
] as const;
export type FoodKind = (typeof FOOD_KINDS)[number];
export const NONFOOD_KINDS = ['kitchenware', 'electronics', 'clothing', 'toys'] as const;
export type NonFoodKind = (typeof NONFOOD_KINDS)[number];
export type Kind = FoodKind | 'cosmetic' | NonFoodKind;
export const ALL_KINDS: readonly Kind[] = [...FOOD_KINDS, 'cosmetic', ...NONFOOD_KINDS];

/** Ingredient tags. `purehoney` marks an ingredient list that is honey and nothing else. */
export const TAGS = [
  'sugar',
  'natsugar',
  'sweetener',
  'syrup',
  'gluten',
  'oats',
  'gfstarch',
  'dairy',
  'egg',
  'honey',
  'purehoney',
  'gelatin',
  'fish',
  'meat',
  'plantmilk',
  'peanut',
  'soy',
  'treenut',
  'preservative',
  'msg',
] as const;
export type Tag = (typeof TAGS)[number];

/** Nutrients a product carries, for authorised-claim hard negatives. */
export type Nutrient = 'vitc' | 'vitd' | 'calcium' | 'zinc' | 'biotin' | 'magnesium' | 'iron' | 'dha' | 'glucomannan' | 'fibre';

export interface ProductEntry {
  names: string[];
  /** Ingredients (food and cosmetics), see file comment. */
  ing?: string;
  qty: string[];
  /** Non-food specs, attribute key -> values. */
  specs?: Record<string, string[]>;
  nutrients?: Nutrient[];
  /** Country (one of ml.origins) the name itself implies; the row's origin is pinned to it. */
  origin?: string;
  /** Non-food item whose name uses food/baby vocabulary (a hard negative for missing_certificate). */
  foodWords?: boolean;
}

export interface KindBank {
  category: string[];
  products: ProductEntry[];
  /** Kind-specific description sentences. */
  features: string[];
  usage: string[];
}

export interface CertType {
  /** Certificate.type in the structured field. */
  type: string;
  /** Food kinds it applies to. */
  kinds: 'all' | readonly FoodKind[];
  /** A private-sector certification (HACCP/ISO/GMP), as opposed to a government registration. */
  privateScheme: boolean;
  id: (r: Rng) => string;
  /** Sentences showing it in text, with {id}. */
  text: string[];
  /** Attribute keys used when shown as an attribute. */
  attrKeys: string[];
  issuers: string[];
}

export type FhcFamily =
  | 'cure'
  | 'prevent'
  | 'relieve'
  | 'guaranteed'
  | 'approval'
  | 'replace_medicine'
  | 'testimonial'
  | 'skin_cure';

export type DietClaim =
  | 'sugar_free'
  | 'gluten_free'
  | 'vegan'
  | 'pure_honey'
  | 'organic'
  | 'dairy_free'
  | 'egg_free'
  | 'peanut_free'
  | 'no_preservatives'
  | 'no_msg';

export type PoolName =
  | 'sugar'
  | 'sweetener'
  | 'gluten'
  | 'gfstarch'
  | 'dairy'
  | 'egg'
  | 'gelatin'
  | 'fish'
  | 'plantmilk'
  | 'preservative'
  | 'msg'
  | 'syrup'
  | 'peanut';

export type AllergenTag = 'dairy' | 'egg' | 'gluten' | 'peanut' | 'soy' | 'treenut' | 'fish';

export interface LangBank {
  lang: Lang;
  currency: string;
  /** Multiplier from the generator's USD base price, and the rounding step. */
  priceFactor: number;
  priceStep: number;
  platforms?: string[];

  kinds: Record<Kind, KindBank>;

  names: {
    brandA: string[];
    brandB: string[];
    /** Templates with {a} {b}. */
    brandPatterns: string[];
    persons: string[];
    places: string[];
    /** Templates with {brand} {person} {place}. */
    sellerPatterns: string[];
    /** Templates with {brand}, optionally {place} (a home-market place; only used when the origin is the home market). */
    manufacturerPatterns: string[];
    reviewers: string[];
    phone: (r: Rng) => string;
  };

  /** Formats an expiry date. */
  formatDate: (year: number, month: number, day: number) => string;

  text: {
    titlePatterns: string[];
    titleTags: string[];
    openers: string[];
    foodGeneric: string[];
    cosmeticGeneric: string[];
    nonfoodGeneric: string[];
    storage: string[];
    shipping: string[];
    packaging: string[];
    closers: string[];
    /** Shop footers; {reg} is a business registration number (not a food certificate). */
    shopFooter: string[];
    safeClaims: string[];
    cosmeticClaims: string[];
    nonfoodClaims: Record<NonFoodKind, string[]>;
    /** Neutral values for the `benefits` attribute of food. */
    benefitNeutral: string[];
    expiry: string[];
    storageAttr: string[];
    /** Bullet prefixes for list-style descriptions. */
    bullets: string[];
    emoji: string[];
  };

  reviews: {
    food: string[];
    cosmetic: string[];
    nonfood: string[];
    generic: string[];
    negative: string[];
  };

  fhc: {
    diseases: string[];
    skin: string[];
    /** Description sentences per family; skin_cure uses {skin}, relieve needs no {disease}. */
    sentences: Record<FhcFamily, string[]>;
    /** Short forms for title, labelClaims and attributes. */
    short: Record<FhcFamily, string[]>;
  };

  fhcHard: {
    eu: Partial<Record<Nutrient, string[]>>;
    notice: string[];
    negation: string[];
    consult: string[];
    reviewCure: string[];
    /** Approval or registration claims that do show a number ({id}). */
    approvalNumber: string[];
    approvalNumberId: (r: Rng) => string;
    /** Whether approvalNumber is itself a food certificate/registration identifier in this language. */
    approvalNumberIsCert: boolean;
    general: string[];
    generalShort: string[];
    guarantee: string[];
    cosmeticSafe: string[];
  };

  certs: {
    types: CertType[];
    /** Certificate words with no identifier (still missing). */
    wordNoId: string[];
    wordNoIdShort: string[];
    placeholder: string[];
    businessRegId: (r: Rng) => string;
    /** Product standard references, not certificates. */
    standardRef: string[];
    organic: { id: (r: Rng) => string; issuers: string[]; text: string[] };
    /** Non-food marks with {id}: CE, KC, 3C ... */
    nonfoodMarks: string[];
    nonfoodMarkId: (r: Rng) => string;
    /** Cosmetic notification/registration texts with {id} (7 digits); cosmetics are never missing_certificate anyway. */
    cosmeticMarks: string[];
    foodGradeWords: string[];
  };

  ml: {
    claims: Record<DietClaim, { short: string[]; sentence: string[] }>;
    /** Nutrition attribute values; {kcal} {sugar}. */
    nutrition: string[];
    pools: Record<PoolName, string[]>;
    allergenNames: Record<AllergenTag, string>;
    /** Allergen field entries that declare nothing allergenic. */
    allergenNone: string[];
    madeIn: string[];
    titleOrigin: string[];
    /** Countries; the first is the home market. */
    origins: string[];
  };

  style: {
    /** [from, to] informal substitutions (teen code, abbreviations). */
    abbreviations: Array<[string, string]>;
    /** Sentence-final fillers for informal style. */
    fillers: string[];
    /** Whether to fake typos by swapping Latin letters. */
    latinTypos: boolean;
    /** Vietnamese: strip tone marks sometimes. */
    stripDiacritics: boolean;
    /** Evasive spellings of disease words: [word, obfuscated]. */
    obfuscations: Array<[string, string]>;
  };
}
