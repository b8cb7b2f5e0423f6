import { createHash } from 'node:crypto';
import { z } from 'zod';
import { detectLanguage } from './language.js';

/**
 * The one record that flows through every stage: crawlers produce it, the
 * classifiers read it, the pipeline stores it. It is also the JSON Lines
 * interchange format of the CLI (one Listing per line), so every field is plain
 * JSON and every optional part has a default.
 */

export const sellerSchema = z
  .object({
    id: z.string().min(1).optional(),
    name: z.string().optional(),
    url: z.string().optional(),
    /** Business registration / enterprise code, where the shop shows one. */
    registrationNumber: z.string().optional(),
    taxId: z.string().optional(),
    phone: z.string().optional(),
  })
  .strict();

export const certificateSchema = z
  .object({
    /** e.g. `food_safety`, `self_declaration`, `sc_licence`, `haccp`, `iso22000`, `gmp`, `hff_kr`, `organic`. */
    type: z.string().min(1),
    identifier: z.string().min(1),
    issuer: z.string().optional(),
  })
  .strict();

export const imageSchema = z
  .object({
    url: z.string().optional(),
    /** Local path, relative to the working directory or absolute. */
    path: z.string().optional(),
    alt: z.string().optional(),
    /** sha256 of the bytes, set once the image is fetched. */
    sha256: z.string().optional(),
  })
  .strict()
  .refine((i) => i.url || i.path, { message: 'an image needs a url or a path' });

export const reviewSchema = z
  .object({
    author: z.string().optional(),
    rating: z.number().min(0).max(5).optional(),
    text: z.string().default(''),
    date: z.string().optional(),
  })
  .strict();

const listingShape = z
  .object({
    id: z.string().min(1, 'id must not be empty'),
    platform: z.string().min(1, 'platform must not be empty'),
    url: z.string().url('url must be an absolute URL'),
    title: z.string().min(1, 'title must not be empty'),
    description: z.string().default(''),
    /** ISO 639-1 code (en, vi, zh, ko, ...); detected from the text if absent. */
    language: z.string().min(2).max(8).optional(),
    category: z.string().optional(),
    price: z.number().nonnegative().optional(),
    currency: z.string().length(3).optional(),
    seller: sellerSchema.optional(),
    certificates: z.array(certificateSchema).default([]),
    ingredients: z.array(z.string()).default([]),
    labelClaims: z.array(z.string()).default([]),
    allergens: z.array(z.string()).default([]),
    images: z.array(imageSchema).default([]),
    reviews: z.array(reviewSchema).default([]),
    attributes: z.record(z.string()).default({}),
    fetchedAt: z.string().datetime({ offset: true }).optional(),
    contentHash: z.string().optional(),
  })
  .strict();

export type ListingInput = z.input<typeof listingShape>;
export type Listing = z.output<typeof listingShape> & { language: string; fetchedAt: string; contentHash: string };
export type Seller = z.output<typeof sellerSchema>;
export type Certificate = z.output<typeof certificateSchema>;
export type ListingImage = z.output<typeof imageSchema>;
export type Review = z.output<typeof reviewSchema>;

export class ListingValidationError extends Error {
  readonly code = 'LISTING_INVALID';
  constructor(
    readonly issues: z.ZodIssue[],
    options?: { cause?: unknown },
  ) {
    super(
      'invalid listing: ' + issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '),
      options,
    );
    this.name = 'ListingValidationError';
  }
}

/**
 * Hash of what the seller published. fetchedAt and the hash itself are left
 * out so that an unchanged page re-crawled later hashes the same, which is
 * what makes re-crawls idempotent.
 */
export function computeContentHash(listing: Omit<Listing, 'contentHash' | 'fetchedAt'> & Record<string, unknown>): string {
  const { contentHash: _h, fetchedAt: _f, ...content } = listing as Record<string, unknown>;
  return createHash('sha256').update(stableStringify(content)).digest('hex');
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return '[' + value.map(stableStringify).join(',') + ']';
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return '{' + entries.map(([k, v]) => JSON.stringify(k) + ':' + stableStringify(v)).join(',') + '}';
  }
  return JSON.stringify(value);
}

/** Validates untrusted input and fills what can be derived (language, fetchedAt, contentHash). */
export function parseListing(input: unknown, now: () => Date = () => new Date()): Listing {
  const result = listingShape.safeParse(input);
  if (!result.success) throw new ListingValidationError(result.error.issues);
  const l = result.data;
  const language = l.language ?? detectLanguage([l.title, l.description, ...l.labelClaims].join('\n'));
  const base = { ...l, language };
  const contentHash = computeContentHash(base as Listing);
  return { ...base, fetchedAt: l.fetchedAt ?? now().toISOString(), contentHash } as Listing;
}

export function safeParseListing(input: unknown): { ok: true; listing: Listing } | { ok: false; error: ListingValidationError } {
  try {
    return { ok: true, listing: parseListing(input) };
  } catch (e) {
    if (e instanceof ListingValidationError) return { ok: false, error: e };
    throw e;
  }
}

/** Everything the seller wrote, field by field, for classifiers that scan text. */
export function listingTextFields(listing: Listing): Array<{ field: string; text: string }> {
  const out: Array<{ field: string; text: string }> = [
    { field: 'title', text: listing.title },
    { field: 'description', text: listing.description },
  ];
  listing.labelClaims.forEach((c, i) => out.push({ field: `labelClaims[${i}]`, text: c }));
  if (listing.ingredients.length) out.push({ field: 'ingredients', text: listing.ingredients.join(', ') });
  for (const [k, v] of Object.entries(listing.attributes)) out.push({ field: `attributes.${k}`, text: v });
  return out.filter((f) => f.text.trim().length > 0);
}

export { listingShape as listingSchema };
