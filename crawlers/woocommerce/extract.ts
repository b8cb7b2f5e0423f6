import type { ListingInput, Review, Seller } from '../../domain/listing.js';
import { htmlToText, splitList } from '../core/text.js';

/** A product from the WooCommerce Store API (`/wp-json/wc/store/v1/products`). */
export interface WooProduct {
  id: number;
  name: string;
  slug?: string;
  permalink: string;
  sku?: string;
  description?: string;
  short_description?: string;
  prices?: { price?: string; regular_price?: string; sale_price?: string; currency_code?: string; currency_minor_unit?: number };
  images?: Array<{ src?: string; alt?: string; name?: string }>;
  categories?: Array<{ name: string }>;
  tags?: Array<{ name: string }>;
  brands?: Array<{ name: string }>;
  attributes?: Array<{ name: string; terms?: Array<{ name: string }> }>;
  average_rating?: string;
  review_count?: number;
}

export interface WooReview {
  id: number;
  product_id: number;
  reviewer?: string;
  review?: string;
  rating?: number;
  date_created?: string;
}

/** Store API prices are integers in minor units as strings: "1999" with currency_minor_unit 2 is 19.99. */
export function wooPrice(prices: WooProduct['prices']): number | undefined {
  if (!prices?.price) return undefined;
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
  if (p.average_rating && Number(p.average_rating) > 0) attributes.ratingValue = p.average_rating;
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
    category: p.categories?.[0]?.name,
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
    date: r.date_created,
  };
}
