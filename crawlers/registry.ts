import { browserAdapter } from './browser/adapter.js';
import type { CrawlAdapter } from './core/types.js';
import { jsonLdAdapter } from './json-ld/adapter.js';
import { selectorAdapter } from './selector/adapter.js';
import { shopifyAdapter } from './shopify/adapter.js';
import { sitemapAdapter } from './sitemap/adapter.js';
import type { AdapterName, Target } from './targets.js';
import { wooCommerceAdapter } from './woocommerce/adapter.js';

type AdapterFactory = (target: Target) => CrawlAdapter;

/** target.adapter → adapter. One entry per folder under crawlers/. */
export const ADAPTER_REGISTRY: Record<AdapterName, AdapterFactory> = {
  'json-ld': jsonLdAdapter,
  shopify: shopifyAdapter,
  woocommerce: wooCommerceAdapter,
  sitemap: sitemapAdapter,
  selector: selectorAdapter,
  browser: browserAdapter,
};

export function adapterFor(target: Target): CrawlAdapter {
  const make = ADAPTER_REGISTRY[target.adapter];
  if (!make) throw new Error(`no adapter named "${target.adapter}" (known: ${Object.keys(ADAPTER_REGISTRY).join(', ')})`);
  return make(target);
}
