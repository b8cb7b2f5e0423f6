import type { CrawlAdapter } from '../core/types.js';
import { jsonLdHandlers, LABEL_PRODUCT } from '../json-ld/routes.js';
import { selectorHandlers } from '../selector/routes.js';
import type { Target } from '../targets.js';
import { changedSince, parseSitemap } from './parse.js';

export const LABEL_SITEMAP = 'SITEMAP';

/**
 * Shops known only through their sitemaps: sitemap index → urlsets (plain or
 * gzipped) → product pages, read with JSON-LD (or the target's selectors).
 * With `incremental` and a previous crawl, only URLs whose lastmod is newer
 * are fetched.
 */
export function sitemapAdapter(target: Target): CrawlAdapter {
  const since = (lastCrawlAt: Date | undefined) => (target.options.incremental ? lastCrawlAt : undefined);
  const pages = target.options.selectors ? selectorHandlers(target.options.selectors) : jsonLdHandlers();
  const productLabel = LABEL_PRODUCT;
  return {
    name: 'sitemap',
    revisitLabel: LABEL_PRODUCT,
    engine: (t) => (t.options.needsBrowser ? 'browser' : 'http'),
    startRequests: (t) => {
      const urls = t.startUrls.length ? t.startUrls : [`${new URL(t.apiBase!).origin}/sitemap.xml`];
      return urls.map((url) => ({ url, label: LABEL_SITEMAP }));
    },
    handlers: {
      ...pages,
      [LABEL_SITEMAP]: async (page, tools) => {
        const sm = parseSitemap(page.body());
        const cutoff = since(tools.lastCrawlAt);
        await tools.enqueue(page, changedSince(sm.sitemaps, cutoff).map((s) => ({ url: s.loc, label: LABEL_SITEMAP })));
        await tools.enqueue(page, changedSince(sm.urls, cutoff).map((u) => ({ url: u.loc, label: productLabel })));
      },
    },
    // An incremental run skips unchanged pages, so it cannot tell what disappeared.
    seesWholeCatalogue: (_t, run) => !since(run.lastCrawlAt),
  };
}
