import type { CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';

/**
 * schema.org data in the three syntaxes shops use besides JSON-LD, read into
 * the same JSON-LD-like shape (`@type`, property → value or nested item) so one
 * mapping (`productToListing`) serves all of them. OpenGraph product tags are
 * the last resort.
 */

type Json = Record<string, unknown>;
// Elements as cheerio hands them to callbacks (domhandler nodes).
type El = AnyNode;

const SCHEMA_PREFIX = /^(?:https?:\/\/schema\.org\/|schema:)/i;
const stripVocab = (t: string) => t.replace(SCHEMA_PREFIX, '');

function addProp(out: Json, name: string, value: unknown): void {
  if (value === undefined || value === '') return;
  const prev = out[name];
  if (prev === undefined) out[name] = value;
  else if (Array.isArray(prev)) prev.push(value);
  else out[name] = [prev, value];
}

function elementValue($: CheerioAPI, el: El, extraAttrs: string[] = []): string | undefined {
  const $el = $(el);
  const tag = (el as { tagName?: string }).tagName?.toLowerCase() ?? '';
  for (const a of ['content', ...extraAttrs]) {
    const v = $el.attr(a);
    if (v !== undefined) return v.trim();
  }
  if (tag === 'meta') return $el.attr('content')?.trim();
  if (['a', 'link', 'area'].includes(tag)) return $el.attr('href')?.trim();
  if (['img', 'audio', 'video', 'source', 'iframe', 'embed', 'track'].includes(tag)) return $el.attr('src')?.trim();
  if (tag === 'object') return $el.attr('data')?.trim();
  if (tag === 'time') return ($el.attr('datetime') ?? $el.text()).trim();
  if (tag === 'data' || tag === 'meter') return ($el.attr('value') ?? $el.text()).trim();
  return $el.text().replace(/\s+/g, ' ').trim();
}

/** Every top-level microdata item (itemscope without itemprop) as a JSON-LD-like object. */
export function microdataItems($: CheerioAPI): Json[] {
  const item = (el: El): Json => {
    const $el = $(el);
    const types = ($el.attr('itemtype') ?? '').split(/\s+/).filter(Boolean).map(stripVocab);
    const out: Json = {};
    if (types.length) out['@type'] = types.length === 1 ? types[0] : types;
    const id = $el.attr('itemid');
    if (id) out['@id'] = id;
    $el.find('[itemprop]').each((_, p) => {
      // A property belongs to the nearest enclosing itemscope; deeper ones belong to nested items.
      const owner = $(p).parent().closest('[itemscope]').get(0);
      if (owner !== el) return;
      const names = ($(p).attr('itemprop') ?? '').split(/\s+/).filter(Boolean).map(stripVocab);
      const value = $(p).is('[itemscope]') ? item(p) : elementValue($, p);
      for (const n of names) addProp(out, n, value);
    });
    return out;
  };
  const items: Json[] = [];
  $('[itemscope]:not([itemprop])').each((_, el) => {
    items.push(item(el));
  });
  return items;
}

/** Every top-level RDFa resource (typeof without property) as a JSON-LD-like object; schema.org vocabulary only. */
export function rdfaItems($: CheerioAPI): Json[] {
  const item = (el: El): Json => {
    const $el = $(el);
    const types = ($el.attr('typeof') ?? '').split(/\s+/).filter(Boolean).map(stripVocab);
    const out: Json = {};
    if (types.length) out['@type'] = types.length === 1 ? types[0] : types;
    const about = $el.attr('resource') ?? $el.attr('about');
    if (about) out['@id'] = about;
    $el.find('[property]').each((_, p) => {
      const owner = $(p).parent().closest('[typeof]').get(0);
      if (owner !== el) return;
      const names = ($(p).attr('property') ?? '')
        .split(/\s+/)
        .filter((n) => n && (!n.includes(':') || SCHEMA_PREFIX.test(n)))
        .map(stripVocab);
      const value = $(p).is('[typeof]') ? item(p) : elementValue($, p, ['resource', 'href', 'src']);
      for (const n of names) addProp(out, n, value);
    });
    return out;
  };
  const items: Json[] = [];
  $('[typeof]:not([property])').each((_, el) => {
    items.push(item(el));
  });
  return items;
}

/** OpenGraph / Facebook product tags as a Product, when the page is a product (og:type product or a price tag). */
export function openGraphProduct($: CheerioAPI): Json | undefined {
  const meta = (name: string): string[] =>
    $(`meta[property="${name}"], meta[name="${name}"]`)
      .map((_, el) => ($(el).attr('content') ?? '').trim())
      .get()
      .filter(Boolean);
  const first = (...names: string[]) => names.map((n) => meta(n)[0]).find(Boolean);
  const ogType = first('og:type');
  const price = first('product:price:amount', 'og:price:amount', 'product:sale_price:amount');
  const title = first('og:title');
  if (!title || !(ogType?.toLowerCase().includes('product') || price)) return undefined;
  const currency = first('product:price:currency', 'og:price:currency');
  return {
    '@type': 'Product',
    name: title,
    description: first('og:description', 'description'),
    image: meta('og:image').concat(meta('og:image:url')),
    brand: first('product:brand', 'og:brand'),
    sku: first('product:retailer_item_id', 'product:sku'),
    category: first('product:category'),
    gtin: first('product:gtin', 'product:ean', 'product:upc'),
    url: first('og:url'),
    offers: price ? { '@type': 'Offer', price, priceCurrency: currency } : undefined,
  };
}
