import type { ListingInput, Seller } from '../../domain/listing.js';
import { z } from 'zod';
import { htmlToText } from '../core/text.js';
import { normalizeUrl } from '../core/url.js';

/**
 * A product from `/products.json` (prices are strings in major units) or
 * `/products/{handle}.js` (integers in minor units), checked at the edge.
 * Unknown fields pass; a product without id, title or handle is rejected on its own.
 */
const money = z.union([z.string(), z.number()]).nullish();
export const shopifyProductSchema = z
  .object({
    id: z.union([z.number(), z.string().min(1)]),
    title: z.string(),
    handle: z.string().min(1),
    body_html: z.string().nullish(),
    /** `.js` endpoint name for body_html. */
    description: z.string().nullish(),
    vendor: z.string().nullish(),
    product_type: z.string().nullish(),
    /** `.js` endpoint name for product_type. */
    type: z.string().nullish(),
    tags: z.union([z.array(z.string()), z.string()]).nullish(),
    variants: z
      .array(z.object({ id: z.union([z.number(), z.string()]).nullish(), sku: z.string().nullish(), price: money, barcode: z.string().nullish(), available: z.boolean().nullish() }).passthrough())
      .nullish(),
    images: z.array(z.union([z.string(), z.object({ src: z.string().nullish(), alt: z.string().nullish() }).passthrough()])).nullish(),
  })
  .passthrough();
export type ShopifyProduct = z.infer<typeof shopifyProductSchema>;

export interface ShopInfo {
  name?: string;
  currency?: string;
  /** Shop origin, e.g. https://shop.example */
  origin: string;
  domain?: string;
}

/** `.js` product prices are integers in cents; products.json prices are decimal strings. */
function variantPrice(v: { price?: string | number | null } | undefined, minorUnits: boolean): number | undefined {
  if (v?.price == null) return undefined;
  const n = typeof v.price === 'number' ? v.price : Number(v.price);
  if (!Number.isFinite(n)) return undefined;
  return minorUnits ? n / 100 : n;
}

export function shopifyProductToListing(p: ShopifyProduct, ctx: { platform: string; shop: ShopInfo; currency?: string; seller?: Seller; minorUnits: boolean }): ListingInput {
  const tags = Array.isArray(p.tags) ? p.tags : typeof p.tags === 'string' ? p.tags.split(',').map((t) => t.trim()) : [];
  const variant = p.variants?.[0];
  const attributes: Record<string, string> = { handle: p.handle };
  if (p.vendor) attributes.brand = p.vendor;
  if (tags.length) attributes.tags = tags.filter(Boolean).join(', ');
  if (variant?.sku) attributes.sku = variant.sku;
  if (variant?.barcode) attributes.gtin = variant.barcode;
  if (p.variants && p.variants.length > 1) attributes.variants = String(p.variants.length);
  const images = (p.images ?? [])
    .map((i) => (typeof i === 'string' ? { url: i } : { url: i.src, alt: i.alt ?? undefined }))
    .map((i) => ({ url: i.url ? normalizeUrl(i.url.startsWith('//') ? `https:${i.url}` : i.url, ctx.shop.origin) : undefined, alt: i.alt }))
    // An image URL that does not parse is dropped, not the product.
    .filter((i): i is { url: string; alt: string | undefined } => !!i.url)
    .map((i) => ({ url: i.url, ...(i.alt ? { alt: i.alt } : {}) }));
  const currency = ctx.currency ?? ctx.shop.currency;
  return {
    id: `${ctx.platform}:${p.id}`,
    platform: ctx.platform,
    url: `${ctx.shop.origin}/products/${encodeURIComponent(p.handle)}`,
    title: p.title || '(untitled)',
    description: htmlToText(p.body_html ?? p.description),
    category: (p.product_type ?? p.type) || undefined,
    price: variantPrice(variant, ctx.minorUnits),
    currency: currency && currency.length === 3 ? currency.toUpperCase() : undefined,
    seller: ctx.seller ?? { id: ctx.shop.domain ?? new URL(ctx.shop.origin).host, name: ctx.shop.name, url: ctx.shop.origin },
    images,
    attributes,
  };
}
