import type { CrawlRequestSpec, PageContext } from './types.js';
import { normalizeUrl } from './url.js';

/** Absolute, normalised hrefs of the elements matching `selector` (anchors, or elements with data-href). */
export function linksFrom(page: PageContext, selector: string): string[] {
  const $ = page.$();
  const out = new Set<string>();
  $(selector).each((_, el) => {
    const href = $(el).attr('href') ?? $(el).attr('data-href');
    if (!href || /^(javascript|mailto|tel):/i.test(href)) return;
    const u = normalizeUrl(href, page.url);
    if (u) out.add(u);
  });
  return [...out];
}

export const asRequests = (urls: string[], label: string, userData?: Record<string, unknown>): CrawlRequestSpec[] =>
  urls.map((url) => ({ url, label, userData }));
