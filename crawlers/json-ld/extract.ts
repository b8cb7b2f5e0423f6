import * as cheerio from 'cheerio';
import type { ListingInput } from '../../domain/listing.js';

/**
 * Maps schema.org Product JSON-LD to a Listing. Shops put products at the top
 * level, in arrays or inside @graph; values may be strings, objects or arrays
 * of either, so every read goes through the small helpers below.
 */

type Json = Record<string, unknown>;

const asArray = <T>(v: T | T[] | undefined | null): T[] => (v == null ? [] : Array.isArray(v) ? v : [v]);
const str = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  if (v && typeof v === 'object' && '@value' in (v as Json)) return str((v as Json)['@value']);
  if (v && typeof v === 'object' && 'name' in (v as Json)) return str((v as Json).name);
  return undefined;
};
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.replace(/[^\d.]/g, '')) : NaN;
  return Number.isFinite(n) ? n : undefined;
};
const isType = (node: Json, type: string) => asArray(node['@type'] as string | string[]).some((t) => String(t).toLowerCase().endsWith(type.toLowerCase()));

/** Parses every ld+json block; a malformed block is skipped and reported, the rest still count. */
export function jsonLdBlocks(html: string): { blocks: unknown[]; errors: string[] } {
  const $ = cheerio.load(html);
  const blocks: unknown[] = [];
  const errors: string[] = [];
  $('script[type="application/ld+json"]').each((i, el) => {
    const text = $(el).text();
    try {
      blocks.push(JSON.parse(text));
    } catch (e) {
      errors.push(`ld+json block ${i + 1}: ${(e as Error).message}`);
    }
  });
  return { blocks, errors };
}

export function findProducts(blocks: unknown[]): Json[] {
  const out: Json[] = [];
  const visit = (node: unknown) => {
    for (const n of asArray(node)) {
      if (!n || typeof n !== 'object') continue;
      const o = n as Json;
      if (isType(o, 'Product') || isType(o, 'ProductGroup')) out.push(o);
      if (o['@graph']) visit(o['@graph']);
    }
  };
  visit(blocks);
  return out;
}

function splitList(v: string | undefined): string[] {
  if (!v) return [];
  return v
    .split(/[;,，、；\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface ExtractContext {
  url: string;
  platform: string;
  fetchedAt?: string;
}

/** One Listing per Product on the page (usually one). Relative URLs are resolved against the page. */
export function extractJsonLdListings(html: string, ctx: ExtractContext): ListingInput[] {
  const { blocks } = jsonLdBlocks(html);
  return findProducts(blocks).map((p) => productToListing(p, ctx));
}

export function productToListing(p: Json, ctx: ExtractContext): ListingInput {
  const abs = (u: string | undefined) => {
    if (!u) return undefined;
    try {
      return new URL(u, ctx.url).toString();
    } catch {
      // An unresolvable URL in seller content is dropped rather than stored broken.
      return undefined;
    }
  };
  const offer = asArray(p.offers as Json | Json[])[0] as Json | undefined;
  const sellerNode = (offer?.seller ?? p.seller) as Json | undefined;
  const props = asArray(p.additionalProperty as Json[]);
  const prop = (id: string) => {
    const hit = props.find((x) => String(x.propertyID ?? x.name ?? '').toLowerCase() === id);
    return hit ? str(hit.value) : undefined;
  };
  const attributes: Record<string, string> = {};
  for (const x of props) {
    const key = String(x.propertyID ?? x.name ?? '').trim();
    const value = str(x.value);
    if (key && value && !['ingredients', 'allergens', 'claims'].includes(key.toLowerCase())) attributes[key] = value;
  }
  const brand = str(p.brand);
  if (brand) attributes.brand = brand;
  const origin = str(p.countryOfOrigin);
  if (origin && !attributes.origin) attributes.origin = origin;
  const gtin = str(p.gtin13 ?? p.gtin ?? p.gtin14 ?? p.gtin8);
  if (gtin) attributes.gtin = gtin;

  const externalId = str(p.sku) ?? str(p.productID) ?? str(p['@id']) ?? ctx.url;
  const certificates = asArray(p.hasCertification as Json[])
    .map((c) => ({
      type: str(c.additionalType) ?? str(c.name) ?? 'certificate',
      identifier: str(c.certificationIdentification) ?? '',
      issuer: str(c.issuedBy),
    }))
    .filter((c) => c.identifier);
  const reviews = asArray(p.review as Json[]).map((r) => ({
    author: str(r.author),
    rating: num((r.reviewRating as Json | undefined)?.ratingValue),
    text: str(r.reviewBody) ?? str(r.description) ?? '',
    date: str(r.datePublished),
  }));
  const images = asArray(p.image as unknown[])
    .map((i) => (typeof i === 'string' ? i : str((i as Json)?.url) ?? str((i as Json)?.contentUrl)))
    .map(abs)
    .filter((u): u is string => !!u)
    .map((url) => ({ url }));
  const price = num(offer?.price ?? (offer?.priceSpecification as Json | undefined)?.price);
  const currency = str(offer?.priceCurrency);
  return {
    id: `${ctx.platform}:${externalId}`,
    platform: ctx.platform,
    url: abs(str(offer?.url)) && new URL(abs(str(offer?.url))!).host === new URL(ctx.url).host ? abs(str(offer?.url))! : ctx.url,
    title: str(p.name) ?? '(untitled)',
    description: str(p.description) ?? '',
    language: str(p.inLanguage),
    category: str(p.category),
    price,
    currency: currency && currency.length === 3 ? currency.toUpperCase() : undefined,
    seller: sellerNode
      ? {
          id: str(sellerNode.identifier) ?? str(sellerNode['@id']),
          name: str(sellerNode.name),
          url: abs(str(sellerNode.url)),
          taxId: str(sellerNode.taxID),
          registrationNumber: str(sellerNode.leiCode) ?? str(sellerNode.duns) ?? str((sellerNode as Json).registrationNumber),
          phone: str(sellerNode.telephone),
        }
      : undefined,
    certificates,
    ingredients: splitList(prop('ingredients')),
    allergens: splitList(prop('allergens')),
    labelClaims: splitList(prop('claims')),
    images,
    reviews,
    attributes,
    fetchedAt: ctx.fetchedAt,
  };
}
