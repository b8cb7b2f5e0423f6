import type { CrawlAdapter, PageContext, PageHandler } from '../core/types.js';
import { parseSitemap } from '../sitemap/parse.js';
import type { Target } from '../targets.js';
import { shopifyProductToListing, type ShopInfo, type ShopifyProduct } from './extract.js';

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
    handlers: {
      [LABEL.META]: async (page, tools) => {
        if (page.status === 200 && isJson(page)) {
          const m = page.json<{ name?: string; currency?: string; domain?: string; myshopify_domain?: string }>();
          tools.state.set('shop', { origin, name: m.name, currency: m.currency, domain: m.domain ?? m.myshopify_domain } satisfies ShopInfo);
        }
        await tools.enqueue(page, [{ url: productsUrl(1), label: LABEL.PRODUCTS, userData: { page: 1 }, acceptStatuses: NOT_THERE }]);
      },
      [LABEL.PRODUCTS]: async (page, tools) => {
        if (page.status !== 200 || !isJson(page)) return void (await toSitemap(page, tools));
        const { products } = page.json<{ products: ShopifyProduct[] }>();
        for (const p of products) await emit(p, false, tools);
        const n = Number(page.userData.page ?? 1);
        const next = nextShopifyStep(n, products.length);
        if (next === 'sitemap') await toSitemap(page, tools);
        else if (next !== 'done') await tools.enqueue(page, [{ url: productsUrl(next.page), label: LABEL.PRODUCTS, userData: { page: next.page }, acceptStatuses: NOT_THERE }]);
      },
      [LABEL.SITEMAP]: async (page, tools) => {
        const sm = parseSitemap(page.body());
        const seen = handlesSeen(tools.state);
        await tools.enqueue(
          page,
          sm.sitemaps.filter((s) => /sitemap_products|products/i.test(s.loc)).map((s) => ({ url: s.loc, label: LABEL.SITEMAP })),
        );
        const handles = sm.urls
          .map((u) => /\/products\/([^/?#]+)/.exec(new URL(u.loc).pathname)?.[1])
          .filter((h): h is string => !!h && !seen.has(decodeURIComponent(h)));
        await tools.enqueue(page, handles.map((h) => ({ url: `${origin}/products/${h}.js`, label: LABEL.PRODUCT_JS })));
      },
      [LABEL.PRODUCT_JS]: async (page, tools) => {
        await emit(page.json<ShopifyProduct>(), true, tools);
      },
    },
  };
}
