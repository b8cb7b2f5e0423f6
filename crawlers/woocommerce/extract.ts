import type { ListingInput, Review, Seller } from '../../domain/listing.js';
import { z } from 'zod';
import { htmlToText, splitList } from '../core/text.js';

/**
 * The Store API payloads as far as we read them, checked at the edge: a shop
 * (or something pretending to be one) may send anything. Unknown fields pass;
 * a product without id or permalink is rejected on its own, not the whole page.
 */
const named = z.object({ name: z.string() }).passthrough();
export const wooProductSchema = z
  .object({
    id: z.number().int(),
    name: z.string().default(''),
    slug: z.string().optional(),
    permalink: z.string().url(),
    sku: z.string().nullish(),
    description: z.string().nullish(),
    short_description: z.string().nullish(),
    prices: z
      .object({
        price: z.union([z.string(), z.number()]).nullish(),
        regular_price: z.union([z.string(), z.number()]).nullish(),
        sale_price: z.union([z.string(), z.number()]).nullish(),
        currency_code: z.string().nullish(),
        currency_minor_unit: z.number().int().min(0).max(8).nullish(),
      })
      .passthrough()
      .nullish(),
    images: z.array(z.object({ src: z.string().nullish(), alt: z.string().nullish(), name: z.string().nullish() }).passthrough()).nullish(),
    categories: z.array(named).nullish(),
    tags: z.array(named).nullish(),
    brands: z.array(named).nullish(),
    attributes: z.array(z.object({ name: z.string(), terms: z.array(named).nullish() }).passthrough()).nullish(),
    average_rating: z.union([z.string(), z.number()]).nullish(),
    review_count: z.number().int().min(0).nullish(),
  })
  .passthrough();
export type WooProduct = z.infer<typeof wooProductSchema>;

export const wooReviewSchema = z
  .object({
    id: z.number().int(),
    product_id: z.number().int().optional(),
    reviewer: z.string().nullish(),
    review: z.string().nullish(),
    rating: z.number().nullish(),
    date_created: z.string().nullish(),
  })
  .passthrough();
export type WooReview = z.infer<typeof wooReviewSchema>;

/** Store API prices are integers in minor units as strings: "1999" with currency_minor_unit 2 is 19.99. */
export function wooPrice(prices: WooProduct['prices']): number | undefined {
  if (prices?.price == null || prices.price === '') return undefined;
  const n = Number(prices.price);
  if (!Number.isFinite(n)) return undefined;
  return n / 10 ** (prices.currency_minor_unit ?? 2);
}

const LIST_ATTRS: Record<string, 'ingredients' | 'allergens' | 'labelClaims'> = {
  ingredients: 'ingredients',
  'thành phần': 'ingredients',
  成分: 'ingredients',
  配料: 'ingredients',
  allergens: 'allergens',
  claims: 'labelClaims',
};

export function wooProductToListing(p: WooProduct, ctx: { platform: string; seller?: Seller }): ListingInput {
  const attributes: Record<string, string> = {};
  const lists: Pick<ListingInput, 'ingredients' | 'allergens' | 'labelClaims'> = { ingredients: [], allergens: [], labelClaims: [] };
  for (const a of p.attributes ?? []) {
    const terms = (a.terms ?? []).map((t) => t.name).filter(Boolean);
    const key = LIST_ATTRS[a.name.trim().toLowerCase()];
    if (key) lists[key] = [...(lists[key] ?? []), ...terms.flatMap((t) => splitList(t))];
    else if (terms.length) attributes[a.name] = terms.join(', ');
  }
  if (p.sku) attributes.sku = p.sku;
  if (p.brands?.length) attributes.brand = p.brands.map((b) => b.name).join(', ');
  if (p.tags?.length) attributes.tags = p.tags.map((t) => t.name).join(', ');
  if (p.average_rating && Number(p.average_rating) > 0) attributes.ratingValue = String(p.average_rating);
  if (p.review_count) attributes.reviewCount = String(p.review_count);
  const short = htmlToText(p.short_description);
  const long = htmlToText(p.description);
  const currency = p.prices?.currency_code;
  return {
    id: `${ctx.platform}:${p.id}`,
    platform: ctx.platform,
    url: p.permalink,
    title: htmlToText(p.name) || '(untitled)',
    description: [short, long].filter(Boolean).join('\n\n'),
    category: p.categories?.[0]?.name || undefined,
    price: wooPrice(p.prices),
    currency: currency && currency.length === 3 ? currency.toUpperCase() : undefined,
    seller: ctx.seller,
    images: (p.images ?? []).filter((i) => i.src).map((i) => ({ url: i.src!, ...(i.alt ? { alt: i.alt } : {}) })),
    ...lists,
    attributes,
  };
}

export function wooReview(r: WooReview): Review {
  return {
    author: r.reviewer || undefined,
    rating: typeof r.rating === 'number' && r.rating > 0 ? Math.min(5, r.rating) : undefined,
    text: htmlToText(r.review),
    date: r.date_created ?? undefined,
  };
}
