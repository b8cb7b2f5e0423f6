import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { expectedSchema } from '../domain/labels.js';
import type { ListingInput } from '../domain/listing.js';

/**
 * The bundled demo marketplace's catalogue: hand-written listings in four
 * languages with their ground-truth labels. The server renders it, the
 * ground-truth script turns it into Listings, and tests compare crawled
 * listings with `catalogEntryToListing`, so this module is the single source
 * of truth for what the demo shop publishes.
 */

export const DEMO_DIR = path.dirname(fileURLToPath(import.meta.url));
export const CATALOG_DIR = path.join(DEMO_DIR, 'catalog');
export const IMAGES_DIR = path.join(DEMO_DIR, 'images');
/** Repository-relative folder used for `images[].path` in the ground truth, so the file is portable. */
export const IMAGES_REPO_PATH = 'demo/images';
/** Host used in the committed ground truth; the live server substitutes its own base URL. */
export const GROUND_TRUTH_BASE_URL = 'http://demo.shelfwatch.test';

export const CATEGORIES = [
  'supplement',
  'herbal_tea',
  'food',
  'drink',
  'baby_food',
  'cosmetic',
  'household',
  'electronics',
  'clothing',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Categories the `missing_certificate` and `mislabeled_food` labels apply to. */
export const FOOD_CATEGORIES: readonly Category[] = ['supplement', 'herbal_tea', 'food', 'drink', 'baby_food'];
export const NON_FOOD_CATEGORIES: readonly Category[] = ['cosmetic', 'household', 'electronics', 'clothing'];

export const CERTIFICATE_TYPES = [
  'food_safety',
  'self_declaration',
  'registration',
  'sc_licence',
  'haccp',
  'iso22000',
  'gmp',
  'hff_kr',
  'organic',
] as const;

export const DEMO_LANGUAGES = ['en', 'vi', 'zh', 'ko'] as const;
export type DemoLanguage = (typeof DEMO_LANGUAGES)[number];

export const sellerSchema = z
  .object({
    id: z.string().regex(/^seller-\d{2}$/),
    name: z.string().min(1),
    country: z.string().min(1),
    taxId: z.string().optional(),
    registrationNumber: z.string().optional(),
    phone: z.string().optional(),
  })
  .strict();
export type DemoSeller = z.infer<typeof sellerSchema>;

const certificateSchema = z
  .object({
    type: z.enum(CERTIFICATE_TYPES),
    identifier: z.string().min(1),
    issuer: z.string().optional(),
    /** Human-readable certificate name shown on the page; defaults per type and language. */
    name: z.string().optional(),
  })
  .strict();
export type DemoCertificate = z.infer<typeof certificateSchema>;

const reviewSchema = z
  .object({
    author: z.string().min(1),
    rating: z.number().int().min(1).max(5),
    text: z.string().min(1),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  })
  .strict();

const attributesSchema = z
  .object({
    net_quantity: z.string().optional(),
    expiry: z.string().optional(),
    origin: z.string().optional(),
    manufacturer: z.string().optional(),
  })
  .strict();

export const rawEntrySchema = z
  .object({
    sku: z.string().regex(/^(en|vi|zh|ko)-\d{3}$/),
    slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    language: z.enum(DEMO_LANGUAGES),
    category: z.enum(CATEGORIES),
    title: z.string().min(1),
    description: z.string(),
    price: z.number().nonnegative(),
    currency: z.enum(['VND', 'CNY', 'KRW', 'USD', 'EUR']),
    sellerId: z.string(),
    brand: z.string().optional(),
    certificates: z.array(certificateSchema),
    ingredients: z.array(z.string().min(1)),
    allergens: z.array(z.string().min(1)),
    labelClaims: z.array(z.string().min(1)),
    attributes: attributesSchema,
    reviews: z.array(reviewSchema).min(2).max(4),
    /** Text lines printed on the label PNG `images/<sku>.png`. */
    image: z.array(z.string().min(1)).min(1),
    /** Further image files in demo/images shown after the label (e.g. the deliberately corrupt one). */
    extraImages: z.array(z.string().regex(/^[a-z0-9-]+\.png$/)).optional(),
    expected: expectedSchema,
    notes: z.string().min(1),
  })
  .strict();
export type RawCatalogEntry = z.infer<typeof rawEntrySchema>;

/** A catalogue entry with its seller resolved, which is what pages and listings need. */
export type CatalogEntry = RawCatalogEntry & { seller: DemoSeller };

export class CatalogError extends Error {
  readonly code = 'DEMO_CATALOG_INVALID';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CatalogError';
  }
}

const SELLERS_FILE = 'sellers.json';

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CatalogError(`cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
}

export function loadSellers(dir: string = CATALOG_DIR): DemoSeller[] {
  const file = path.join(dir, SELLERS_FILE);
  const parsed = z.array(sellerSchema).safeParse(readJson(file));
  if (!parsed.success) throw new CatalogError(`${file}: ${parsed.error.issues.map(formatIssue).join('; ')}`);
  return parsed.data;
}

function formatIssue(i: z.ZodIssue): string {
  return `${i.path.join('.') || '(root)'}: ${i.message}`;
}

/**
 * Reads every `*.json` file in the catalogue folder except sellers.json, in
 * name order, and checks cross-entry rules a schema cannot: unique sku and
 * slug, known seller, and a sku prefix that matches the language.
 */
export function loadCatalog(dir: string = CATALOG_DIR): CatalogEntry[] {
  const sellers = new Map(loadSellers(dir).map((s) => [s.id, s]));
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== SELLERS_FILE)
    .sort();
  const entries: CatalogEntry[] = [];
  const skus = new Set<string>();
  const slugs = new Set<string>();
  for (const f of files) {
    const file = path.join(dir, f);
    const parsed = z.array(rawEntrySchema).safeParse(readJson(file));
    if (!parsed.success) throw new CatalogError(`${file}: ${parsed.error.issues.map(formatIssue).join('; ')}`);
    for (const raw of parsed.data) {
      const where = `${f} ${raw.sku}`;
      if (skus.has(raw.sku)) throw new CatalogError(`${where}: duplicate sku`);
      if (slugs.has(raw.slug)) throw new CatalogError(`${where}: duplicate slug ${raw.slug}`);
      if (!raw.sku.startsWith(raw.language + '-')) throw new CatalogError(`${where}: sku prefix does not match language ${raw.language}`);
      const seller = sellers.get(raw.sellerId);
      if (!seller) throw new CatalogError(`${where}: unknown seller ${raw.sellerId}`);
      skus.add(raw.sku);
      slugs.add(raw.slug);
      entries.push({ ...raw, seller });
    }
  }
  return entries;
}

export function isFoodCategory(category: string): boolean {
  return (FOOD_CATEGORIES as readonly string[]).includes(category);
}

export function imageFileNames(entry: Pick<CatalogEntry, 'sku' | 'extraImages'>): string[] {
  return [`${entry.sku}.png`, ...(entry.extraImages ?? [])];
}

export function productUrl(baseUrl: string, entry: Pick<CatalogEntry, 'slug'>): string {
  return `${trimSlash(baseUrl)}/products/${entry.slug}`;
}

export function sellerUrl(baseUrl: string, sellerId: string): string {
  return `${trimSlash(baseUrl)}/sellers/${sellerId}`;
}

export function imageUrl(baseUrl: string, file: string): string {
  return `${trimSlash(baseUrl)}/images/${file}`;
}

function trimSlash(u: string): string {
  return u.replace(/\/+$/, '');
}

/**
 * The Listing a faithful crawler should produce from this entry's product page
 * (without fetchedAt/contentHash, which depend on the crawl). Images carry both
 * the served URL and the repository path of the PNG; a crawler only knows the
 * URL, so compare images by URL.
 */
export function catalogEntryToListing(entry: CatalogEntry, baseUrl: string = GROUND_TRUTH_BASE_URL): ListingInput {
  const s = entry.seller;
  const attributes: Record<string, string> = {};
  for (const key of ['net_quantity', 'expiry', 'origin', 'manufacturer'] as const) {
    const v = entry.attributes[key];
    if (v !== undefined) attributes[key] = v;
  }
  if (entry.brand !== undefined) attributes.brand = entry.brand;
  return {
    id: `demo:${entry.sku}`,
    platform: 'demo',
    url: productUrl(baseUrl, entry),
    title: entry.title,
    description: entry.description,
    language: entry.language,
    category: entry.category,
    price: entry.price,
    currency: entry.currency,
    seller: dropUndefined({
      id: s.id,
      name: s.name,
      url: sellerUrl(baseUrl, s.id),
      taxId: s.taxId,
      registrationNumber: s.registrationNumber,
      phone: s.phone,
    }),
    certificates: entry.certificates.map((c) => dropUndefined({ type: c.type, identifier: c.identifier, issuer: c.issuer })),
    ingredients: [...entry.ingredients],
    labelClaims: [...entry.labelClaims],
    allergens: [...entry.allergens],
    images: imageFileNames(entry).map((f) => ({ url: imageUrl(baseUrl, f), path: `${IMAGES_REPO_PATH}/${f}` })),
    reviews: entry.reviews.map((r) => ({ author: r.author, rating: r.rating, text: r.text, date: r.date })),
    attributes,
  };
}

function dropUndefined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
