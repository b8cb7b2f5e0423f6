import { NotAProductError } from '../errors.js';
import { asRequests, linksFrom } from '../core/links.js';
import type { PageContext, PageHandler } from '../core/types.js';
import { extractStructuredListings } from './extract.js';

export const LABEL_PRODUCT = 'PRODUCT';
export const LABEL_LIST = 'LIST';

export const DEFAULT_PRODUCT_LINKS = 'a[href*="/products/"], a[href*="/product/"], a[href*="/p/"], a[href*="/item/"], a.product-link';
export const DEFAULT_LIST_LINKS = 'a[rel="next"], a[href*="/category/"], a[href*="/collections/"]';

export interface JsonLdRouteOptions {
  /** CSS for product links. Default: links to /products/, /product/, /p/, /item/. */
  productLinkSelector?: string;
  /** CSS for list/pagination links. Default: rel=next and category links. */
  listLinkSelector?: string;
}

/**
 * The router: list pages (and start pages) enqueue products and further
 * lists; product pages are read for schema.org data (JSON-LD, microdata,
 * RDFa, OpenGraph). A start URL may itself be a product page.
 */
export function jsonLdHandlers(o: JsonLdRouteOptions = {}): Record<string, PageHandler> {
  const productLinks = o.productLinkSelector ?? DEFAULT_PRODUCT_LINKS;
  const listLinks = o.listLinkSelector ?? DEFAULT_LIST_LINKS;

  const extract: (page: PageContext, tools: Parameters<PageHandler>[1]) => Promise<number> = async (page, tools) => {
    const found = extractStructuredListings(page.$(), { url: page.url, platform: tools.target.platform, fetchedAt: new Date().toISOString() });
    for (const input of found) await tools.emit(input);
    return found.length;
  };
  const follow: PageHandler = async (page, tools) => {
    await tools.enqueue(page, asRequests(linksFrom(page, productLinks), LABEL_PRODUCT));
    await tools.enqueue(page, asRequests(linksFrom(page, listLinks), LABEL_LIST), { followed: true });
  };
  return {
    [LABEL_PRODUCT]: async (page, tools) => {
      if (!(await extract(page, tools))) await tools.pageError(page.url, new NotAProductError(page.url));
    },
    [LABEL_LIST]: follow,
    DEFAULT: async (page, tools) => {
      await extract(page, tools);
      await follow(page, tools);
    },
  };
}
