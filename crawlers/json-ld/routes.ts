import { createCheerioRouter, type CheerioCrawlingContext } from 'crawlee';
import { safeParseListing, type Listing } from '../../domain/listing.js';
import { ExtractionError, NotAProductError } from '../errors.js';
import { extractJsonLdListings } from './extract.js';

export const LABEL_PRODUCT = 'PRODUCT';
export const LABEL_LIST = 'LIST';

export interface JsonLdHandlers {
  platform: string;
  onListing(listing: Listing): Promise<void>;
  onPageError(url: string, err: Error): Promise<void>;
  onPage(): void;
  /** Links that look like product pages; others are followed as lists. */
  productLinkSelector: string;
  listLinkSelector: string;
}

/** The router: list pages enqueue products and next pages; product pages extract JSON-LD. */
export function createJsonLdRouter(h: JsonLdHandlers) {
  const router = createCheerioRouter();

  const extract = async (ctx: CheerioCrawlingContext, requireProduct: boolean) => {
    const url = ctx.request.loadedUrl ?? ctx.request.url;
    const found = extractJsonLdListings(ctx.body.toString(), { url, platform: h.platform, fetchedAt: new Date().toISOString() });
    if (!found.length && requireProduct) await h.onPageError(url, new NotAProductError(url));
    for (const input of found) {
      const parsed = safeParseListing(input);
      if (parsed.ok) await h.onListing(parsed.listing);
      else await h.onPageError(url, new ExtractionError(url, parsed.error.message, { cause: parsed.error }));
    }
    return found.length;
  };

  router.addHandler(LABEL_PRODUCT, async (ctx) => {
    h.onPage();
    await extract(ctx, true);
  });

  router.addDefaultHandler(async (ctx) => {
    h.onPage();
    // A start URL may itself be a product page.
    await extract(ctx, false);
    await ctx.enqueueLinks({ selector: h.productLinkSelector, label: LABEL_PRODUCT, strategy: 'same-hostname' });
    await ctx.enqueueLinks({ selector: h.listLinkSelector, label: LABEL_LIST, strategy: 'same-hostname' });
  });
  router.addHandler(LABEL_LIST, async (ctx) => {
    h.onPage();
    await ctx.enqueueLinks({ selector: h.productLinkSelector, label: LABEL_PRODUCT, strategy: 'same-hostname' });
    await ctx.enqueueLinks({ selector: h.listLinkSelector, label: LABEL_LIST, strategy: 'same-hostname' });
  });
  return router;
}
