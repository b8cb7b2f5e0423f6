import type { CrawlAdapter, PageContext, PageHandler } from '../core/types.js';
import { parseSitemap } from '../sitemap/parse.js';
import type { Target } from '../targets.js';
import { z } from 'zod';
import { normalizeUrl } from '../core/url.js';
import { jsonBody, validItems } from '../core/validate.js';
import { ExtractionError } from '../errors.js';
import { shopifyProductSchema, shopifyProductToListing, type ShopInfo, type ShopifyProduct } from './extract.js';

const metaSchema = z
  .object({ name: z.string().nullish(), currency: z.string().nullish(), domain: z.string().nullish(), myshopify_domain: z.string().nullish() })
  .passthrough();

/** products.json page size; Shopify's maximum. */
export const SHOPIFY_PAGE_LIMIT = 250;
/** Shopify refuses `page × limit` beyond 25,000; the rest of a large catalogue comes from the sitemap. */
export const SHOPIFY_MAX_OFFSET = 25_000;

export const LABEL = { META: 'SHOPIFY_META', PRODUCTS: 'SHOPIFY_PRODUCTS', SITEMAP: 'SHOPIFY_SITEMAP', PRODUCT_JS: 'SHOPIFY_PRODUCT_JS' } as const;

/** After a products.json page: the next page, the sitemap (cap reached), or nothing (last page). */
export function nextShopifyStep(page: number, count: number, limit = SHOPIFY_PAGE_LIMIT): { page: number } | 'sitemap' | 'done' {
  if (count < limit) return 'done';
  if ((page + 1) * limit > SHOPIFY_MAX_OFFSET) return 'sitemap';
  return { page: page + 1 };
}

const NOT_THERE = [401, 403, 404, 410];

/** The product handle of a storefront URL (`/products/{handle}`, also under a locale prefix), decoded; undefined when there is none. */
export function handleOf(loc: string): string | undefined {
  const u = normalizeUrl(loc);
  const raw = u ? /\/products\/([^/?#]+)\/?$/.exec(new URL(u).pathname)?.[1] : undefined;
  if (!raw) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    // A malformed %-escape in a sitemap is not a handle we can ask for.
    return undefined;
  }
}

/**
 * Shopify stores: `/meta.json` (shop name, currency) → `/products.json?limit=250&page=N`
 * → when that is closed or capped, `/sitemap.xml` → product sitemaps → `/products/{handle}.js`.
 */
export function shopifyAdapter(target: Target): CrawlAdapter {
  const origin = new URL(target.apiBase ?? target.startUrls[0]).origin;
  const productsUrl = (page: number) => `${origin}/products.json?limit=${SHOPIFY_PAGE_LIMIT}&page=${page}`;
  const shopOf = (state: Map<string, unknown>): ShopInfo => (state.get('shop') as ShopInfo | undefined) ?? { origin };
  const handlesSeen = (state: Map<string, unknown>): Set<string> => {
    let s = state.get('handles') as Set<string> | undefined;
    if (!s) state.set('handles', (s = new Set()));
    return s;
  };
  const emit = async (p: ShopifyProduct, minorUnits: boolean, tools: Parameters<PageHandler>[1]) => {
    handlesSeen(tools.state).add(p.handle);
    await tools.emit(shopifyProductToListing(p, { platform: target.platform, shop: shopOf(tools.state), currency: target.options.currency, seller: target.seller, minorUnits }));
  };
  const toSitemap = (page: PageContext, tools: Parameters<PageHandler>[1]) => tools.enqueue(page, [{ url: `${origin}/sitemap.xml`, label: LABEL.SITEMAP }]);
  const isJson = (page: PageContext) => /json|javascript/.test(String(page.headers['content-type'] ?? ''));

  return {
    name: 'shopify',
    engine: () => 'http',
    startRequests: () => [{ url: `${origin}/meta.json`, label: LABEL.META, acceptStatuses: NOT_THERE }],
    // products.json failing for good (5xx, timeouts) still leaves the sitemap route to the catalogue.
    onFailed: async (request, _err, tools) => {
      if (request.label === LABEL.PRODUCTS) await tools.enqueue(undefined, [{ url: `${origin}/sitemap.xml`, label: LABEL.SITEMAP }]);
    },
    handlers: {
      [LABEL.META]: async (page, tools) => {
        if (page.status === 200 && isJson(page)) {
          const m = metaSchema.safeParse(jsonBody(page, 'shop details from /meta.json'));
          if (m.success) tools.state.set('shop', { origin, name: m.data.name ?? undefined, currency: m.data.currency ?? undefined, domain: m.data.domain ?? m.data.myshopify_domain ?? undefined } satisfies ShopInfo);
          else await tools.pageError(page.url, new ExtractionError(page.url, `/meta.json is not the expected shop details (${m.error.issues[0].message}): the shop name is not known`));
        }
        await tools.enqueue(page, [{ url: productsUrl(1), label: LABEL.PRODUCTS, userData: { page: 1 }, acceptStatuses: NOT_THERE }]);
      },
      [LABEL.PRODUCTS]: async (page, tools) => {
        if (page.status !== 200 || !isJson(page)) return void (await toSitemap(page, tools));
        const body = jsonBody(page, 'products from /products.json') as { products?: unknown } | null;
        const raw = body && typeof body === 'object' ? body.products : undefined;
        const products = await validItems(page, tools, raw, shopifyProductSchema, 'product');
        for (const p of products) await emit(p, false, tools);
        const n = Number(page.userData.page ?? 1);
        // Paging goes by what the shop sent, valid or not: a bad product does not end the catalogue early.
        const next = nextShopifyStep(n, (raw as unknown[]).length);
        if (next === 'sitemap') await toSitemap(page, tools);
        else if (next !== 'done') await tools.enqueue(page, [{ url: productsUrl(next.page), label: LABEL.PRODUCTS, userData: { page: next.page }, acceptStatuses: NOT_THERE }], { paging: true });
      },
      [LABEL.SITEMAP]: async (page, tools) => {
        const sm = parseSitemap(page.body());
        const seen = handlesSeen(tools.state);
        await tools.enqueue(
          page,
          sm.sitemaps.filter((s) => /sitemap_products|products/i.test(s.loc)).map((s) => ({ url: s.loc, label: LABEL.SITEMAP })),
        );
        const handles = sm.urls
          .map((u) => handleOf(u.loc))
          .filter((h): h is string => !!h && !seen.has(h));
        await tools.enqueue(page, handles.map((h) => ({ url: `${origin}/products/${encodeURIComponent(h)}.js`, label: LABEL.PRODUCT_JS })));
      },
      [LABEL.PRODUCT_JS]: async (page, tools) => {
        const r = shopifyProductSchema.safeParse(jsonBody(page, `product from ${page.url}`));
        if (!r.success) throw new ExtractionError(page.url, `not a Shopify product: ${r.error.issues[0].path.join('.') || '(body)'}: ${r.error.issues[0].message}`, { cause: r.error });
        await emit(r.data, true, tools);
      },
    },
  };
}
