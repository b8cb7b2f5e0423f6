import type { CrawlAdapter } from '../core/types.js';
import { jsonLdHandlers, LABEL_PRODUCT } from '../json-ld/routes.js';
import { selectorHandlers } from '../selector/routes.js';
import type { Target } from '../targets.js';
import { ExtractionError } from '../errors.js';
import { changedSince, parseSitemap, sitemapsFromRobots } from './parse.js';

export const LABEL_SITEMAP = 'SITEMAP';
export const LABEL_ROBOTS = 'SITEMAP_ROBOTS';

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
    // Start URLs are sitemaps; without any (apiBase only), or with a robots.txt URL, the robots.txt `Sitemap:` lines say where they are.
    startRequests: (t) => {
      const urls = t.startUrls.length ? t.startUrls : [`${new URL(t.apiBase!).origin}/robots.txt`];
      return urls.map((url) => (new URL(url).pathname === '/robots.txt' ? { url, label: LABEL_ROBOTS, acceptStatuses: [404, 410] } : { url, label: LABEL_SITEMAP }));
    },
    handlers: {
      ...pages,
      [LABEL_ROBOTS]: async (page, tools) => {
        const listed = page.status === 200 ? sitemapsFromRobots(page.text(), page.url) : [];
        // No Sitemap line: the conventional place.
        const urls = listed.length ? listed : [`${new URL(page.url).origin}/sitemap.xml`];
        await tools.enqueue(page, urls.map((url) => ({ url, label: LABEL_SITEMAP })));
      },
      [LABEL_SITEMAP]: async (page, tools) => {
        const sm = parseSitemap(page.body());
        if (!sm.isSitemap) throw new ExtractionError(page.url, 'not a sitemap (no <sitemapindex> or <urlset> element); check the start URL');
        const cutoff = since(tools.lastCrawlAt);
        await tools.enqueue(page, changedSince(sm.sitemaps, cutoff).map((s) => ({ url: s.loc, label: LABEL_SITEMAP })));
        await tools.enqueue(page, changedSince(sm.urls, cutoff).map((u) => ({ url: u.loc, label: productLabel })));
      },
    },
    // An incremental run skips unchanged pages, so it cannot tell what disappeared.
    seesWholeCatalogue: (_t, run) => !since(run.lastCrawlAt),
  };
}
