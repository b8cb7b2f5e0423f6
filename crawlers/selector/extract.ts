import type { CheerioAPI } from 'cheerio';
import type { ListingInput, Review } from '../../domain/listing.js';
import { parseCurrency, parsePrice, splitList } from '../core/text.js';
import { normalizeUrl } from '../core/url.js';
import type { Selectors } from '../targets.js';

/**
 * Reads a listing with the CSS selectors of a target. A selector may end in
 * `@attr` to read an attribute instead of the text (`img.main@src`,
 * `meta[name=price]@content`).
 */
export function splitSelector(sel: string): { css: string; attr?: string } {
  const m = /^(.*?)@([\w:-]+)$/.exec(sel.trim());
  return m ? { css: m[1].trim(), attr: m[2] } : { css: sel.trim() };
}

type Scope = ReturnType<CheerioAPI>;

function values($: CheerioAPI, sel: string | undefined, scope?: Scope): string[] {
  if (!sel) return [];
  const { css, attr } = splitSelector(sel);
  const els = scope ? scope.find(css) : $(css);
  return els
    .map((_, el) => {
      const $el = $(el);
      const v = attr ? $el.attr(attr) : ($el.is('img') ? $el.attr('src') : $el.text());
      return v?.replace(/\s+/g, ' ').trim();
    })
    .get()
    .filter((v): v is string => !!v);
}
const first = ($: CheerioAPI, sel: string | undefined, scope?: Scope) => values($, sel, scope)[0];

export function extractReviews($: CheerioAPI, s: NonNullable<Selectors['reviews']>): Review[] {
  const out: Review[] = [];
  $(splitSelector(s.item).css).each((_, el) => {
    const scope = $(el);
    const text = first($, s.text, scope) ?? '';
    const ratingText = first($, s.rating, scope);
    const rating = ratingText !== undefined ? parsePrice(ratingText) : undefined;
    out.push({
      author: first($, s.author, scope),
      rating: rating !== undefined && rating >= 0 && rating <= 5 ? rating : undefined,
      text,
      date: first($, s.date, scope),
    });
  });
  return out.filter((r) => r.text || r.rating !== undefined);
}

export function isProductPage($: CheerioAPI, s: Selectors): boolean {
  return $(splitSelector(s.productPage ?? s.title).css).length > 0;
}

export function extractSelectorListing($: CheerioAPI, s: Selectors, ctx: { url: string; platform: string }): ListingInput | undefined {
  const title = first($, s.title);
  if (!title) return undefined;
  const abs = (u: string) => normalizeUrl(u, ctx.url);
  const sku = first($, s.sku);
  const attributes: Record<string, string> = {};
  const brand = first($, s.brand);
  if (brand) attributes.brand = brand;
  const gtin = first($, s.gtin);
  if (gtin) attributes.gtin = gtin;
  if (sku) attributes.sku = sku;
  const priceText = first($, s.price);
  const seller = s.seller
    ? {
        id: first($, s.seller.id),
        name: first($, s.seller.name),
        url: ((u) => (u ? abs(u) : undefined))(first($, s.seller.url)),
        phone: first($, s.seller.phone),
        registrationNumber: first($, s.seller.registrationNumber),
        taxId: first($, s.seller.taxId),
      }
    : undefined;
  const hasSeller = seller && Object.values(seller).some(Boolean);
  const u = new URL(ctx.url);
  return {
    id: `${ctx.platform}:${sku ?? u.pathname + u.search}`,
    platform: ctx.platform,
    url: ctx.url,
    title,
    description: values($, s.description).join('\n'),
    category: first($, s.category),
    price: parsePrice(priceText),
    currency: parseCurrency(first($, s.currency) ?? priceText),
    seller: hasSeller ? Object.fromEntries(Object.entries(seller!).filter(([, v]) => v)) : undefined,
    images: values($, s.images)
      .map(abs)
      .filter((x): x is string => !!x)
      .map((url) => ({ url })),
    ingredients: values($, s.ingredients).flatMap((v) => splitList(v)),
    allergens: values($, s.allergens).flatMap((v) => splitList(v)),
    labelClaims: values($, s.claims),
    certificates: values($, s.certificates).map((identifier) => ({ type: 'certificate', identifier })),
    reviews: s.reviews ? extractReviews($, s.reviews) : [],
    attributes,
  };
}
