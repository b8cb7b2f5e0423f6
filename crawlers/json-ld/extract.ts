import * as cheerio from 'cheerio';
import type { CheerioAPI } from 'cheerio';
import type { ListingInput } from '../../domain/listing.js';
import { microdataItems, openGraphProduct, rdfaItems } from './structured-data.js';

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
const SCHEMA_URL = /^https?:\/\/schema\.org\//i;
const isType = (node: Json, type: string) => asArray(node['@type'] as string | string[]).some((t) => String(t).toLowerCase().endsWith(type.toLowerCase()));

/** Parses every ld+json block; a malformed block is skipped and reported, the rest still count. */
export function jsonLdBlocks(page: string | CheerioAPI): { blocks: unknown[]; errors: string[] } {
  const $ = typeof page === 'string' ? cheerio.load(page) : page;
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

/**
 * Properties through which a page wraps its main product (`ItemPage.mainEntity`,
 * `WebPage.about`, `@graph`). Lists (`ItemList.itemListElement`) are not
 * followed: on a category page they name other pages' products, not this one.
 */
const WRAPPER_PROPS = ['@graph', 'mainEntity', 'about'];
/** Nesting followed through wrappers; hostile pages may nest without end. */
const MAX_WRAPPER_DEPTH = 8;

export function findProducts(blocks: unknown[]): Json[] {
  const out: Json[] = [];
  const visit = (node: unknown, depth: number) => {
    if (depth > MAX_WRAPPER_DEPTH) return;
    for (const n of asArray(node)) {
      if (!n || typeof n !== 'object') continue;
      const o = n as Json;
      // A product's own properties (isSimilarTo, isRelatedTo) name other products: not followed.
      if (isType(o, 'Product') || isType(o, 'ProductGroup')) {
        out.push(o);
        continue;
      }
      for (const prop of WRAPPER_PROPS) if (o[prop]) visit(o[prop], depth + 1);
    }
  };
  visit(blocks, 0);
  return out;
}

/** Ratings on another scale (bestRating 10, 100) are brought to 0–5. */
function fiveStar(r: Json | undefined): number | undefined {
  if (!r || typeof r !== 'object') return num(r);
  const v = num(r.ratingValue);
  const best = num(r.bestRating) ?? 5;
  if (v === undefined || best <= 0) return undefined;
  return Math.max(0, Math.min(5, best === 5 ? v : (v / best) * 5));
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
export function extractJsonLdListings(html: string | CheerioAPI, ctx: ExtractContext): ListingInput[] {
  return extractStructuredListings(typeof html === 'string' ? cheerio.load(html) : html, ctx);
}

const SELLER_TYPES = ['Store', 'OnlineStore', 'LocalBusiness', 'Organization', 'GroceryStore', 'Pharmacy', 'HealthAndBeautyBusiness'];

/**
 * Products from JSON-LD, microdata and RDFa, in that order (the first syntax
 * that has any wins, so a page marked up twice is not read twice); OpenGraph
 * product tags when none has a Product. A page-level Store/Organization stands
 * in for a seller the product itself does not name.
 */
export function extractStructuredListings($: CheerioAPI, ctx: ExtractContext): ListingInput[] {
  // Sources are read lazily: most shops use JSON-LD, and scanning the whole DOM for microdata/RDFa costs as much as the extraction.
  const sources: Array<() => unknown[]> = [() => jsonLdBlocks($).blocks, () => microdataItems($), () => rdfaItems($)];
  let products: Json[] = [];
  let pageSeller: Json | undefined;
  for (const read of sources) {
    const nodes = read();
    products = findProducts(nodes);
    pageSeller = findNodes(nodes, SELLER_TYPES)[0];
    if (products.length) break;
  }
  if (!products.length) {
    const og = openGraphProduct($);
    if (og) products = [og];
  }
  return products.map((p) => {
    const listing = productToListing(p, ctx);
    if (!listing.seller && pageSeller) listing.seller = sellerFrom(pageSeller, ctx.url);
    return listing;
  });
}

function findNodes(blocks: unknown[], types: string[]): Json[] {
  const out: Json[] = [];
  const visit = (node: unknown, depth: number) => {
    for (const n of asArray(node)) {
      if (!n || typeof n !== 'object') continue;
      const o = n as Json;
      if (types.some((t) => isType(o, t)) && !isType(o, 'Product')) out.push(o);
      if (depth < MAX_WRAPPER_DEPTH) for (const prop of WRAPPER_PROPS) if (o[prop] && !isType(o, 'Product')) visit(o[prop], depth + 1);
    }
  };
  visit(blocks, 0);
  return out;
}

function sellerFrom(node: Json, pageUrl: string): NonNullable<ListingInput['seller']> {
  const abs = (u: string | undefined) => {
    if (!u) return undefined;
    try {
      return new URL(u, pageUrl).toString();
    } catch {
      // A broken seller URL is dropped; the rest of the identity still links the seller.
      return undefined;
    }
  };
  const idProp = asArray(node.identifier as unknown[]).map((v) => (typeof v === 'object' && v ? str((v as Json).value) : str(v)))[0];
  return {
    id: idProp ?? str(node['@id']),
    name: str(node.legalName) ?? str(node.name),
    url: abs(str(node.url)),
    taxId: str(node.taxID) ?? str(node.vatID),
    registrationNumber: str(node.leiCode) ?? str(node.duns) ?? str(node.registrationNumber) ?? str(node.iso6523Code),
    phone: str(node.telephone),
  };
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
  const gtin = str(p.gtin13 ?? p.gtin ?? p.gtin14 ?? p.gtin12 ?? p.gtin8);
  if (gtin) attributes.gtin = gtin;
  const mpn = str(p.mpn);
  if (mpn) attributes.mpn = mpn;
  const rating = p.aggregateRating as Json | undefined;
  if (rating && typeof rating === 'object') {
    const value = str(rating.ratingValue);
    const n = str(rating.reviewCount) ?? str(rating.ratingCount);
    if (value) attributes.ratingValue = value;
    if (n) attributes.reviewCount = n;
  }

  const externalId = str(p.sku) ?? str(p.productID) ?? str(p['@id']) ?? ctx.url;
  const certNodes = asArray(p.hasCertification as Json[]).filter((c) => c && typeof c === 'object');
  for (const c of certNodes) {
    // The Listing keeps type/identifier/issuer; the status (e.g. CertificationActive/Inactive) goes to attributes.
    const id = str(c.certificationIdentification);
    const status = str(c.certificationStatus);
    if (id && status) attributes[`certificationStatus:${id}`] = status.replace(SCHEMA_URL, '');
  }
  const certificates = certNodes
    .map((c) => ({
      type: str(c.additionalType) ?? str(c.name) ?? 'certificate',
      identifier: str(c.certificationIdentification) ?? '',
      issuer: str(c.issuedBy),
    }))
    .filter((c) => c.identifier);
  const reviews = asArray(p.review as Json[])
    .filter((r) => r && typeof r === 'object')
    .map((r) => ({
      author: str(r.author),
      rating: fiveStar(r.reviewRating as Json | undefined),
      text: str(r.reviewBody) ?? str(r.description) ?? '',
      date: str(r.datePublished),
    }))
    // A review with neither text nor rating says nothing.
    .filter((r) => r.text || r.rating !== undefined);
  const images = asArray(p.image as unknown[])
    .map((i) => (typeof i === 'string' ? i : str((i as Json)?.url) ?? str((i as Json)?.contentUrl)))
    .map(abs)
    .filter((u): u is string => !!u)
    .map((url) => ({ url }));
  const price = num(offer?.price ?? offer?.lowPrice ?? (offer?.priceSpecification as Json | undefined)?.price);
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
    seller: sellerNode && typeof sellerNode === 'object' ? sellerFrom(sellerNode, ctx.url) : undefined,
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
