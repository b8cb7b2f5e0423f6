import { gunzipSync } from 'node:zlib';
import * as cheerio from 'cheerio';
import { CrawlError } from '../errors.js';

export interface SitemapEntry {
  loc: string;
  lastmod?: Date;
}

export interface ParsedSitemap {
  /** Child sitemaps of a sitemap index. */
  sitemaps: SitemapEntry[];
  /** Page URLs of a urlset. */
  urls: SitemapEntry[];
  /** The document is a sitemap (`<sitemapindex>` or `<urlset>` root), even an empty one. */
  isSitemap: boolean;
}

/** Uncompressed sitemaps may be 50 MB (sitemaps.org); a gzip bomb stops there. */
export const SITEMAP_MAX_BYTES = 50 * 1024 * 1024;

const isGzip = (b: Buffer) => b.length > 2 && b[0] === 0x1f && b[1] === 0x8b;

function date(v: string | undefined): Date | undefined {
  if (!v) return undefined;
  const d = new Date(v.trim());
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** A sitemap index or urlset, plain or gzipped (.xml.gz served without Content-Encoding). */
export function parseSitemap(body: Buffer): ParsedSitemap {
  let xml: Buffer = body;
  if (isGzip(body)) {
    try {
      xml = gunzipSync(body, { maxOutputLength: SITEMAP_MAX_BYTES });
    } catch (cause) {
      throw new CrawlError('BAD_SITEMAP', `cannot gunzip sitemap: ${(cause as Error).message}`, { cause });
    }
  }
  const $ = cheerio.load(xml.toString('utf8'), { xml: { xmlMode: true } });
  const entries = (sel: string) => {
    const out: SitemapEntry[] = [];
    $(sel).each((_, el) => {
      const loc = $(el).children('loc').first().text().trim();
      if (loc) out.push({ loc, lastmod: date($(el).children('lastmod').first().text()) });
    });
    return out;
  };
  return { sitemaps: entries('sitemapindex > sitemap'), urls: entries('urlset > url'), isSitemap: $('sitemapindex, urlset').length > 0 };
}

/** `Sitemap:` lines of a robots.txt (RFC 9309 §2.2.4; absolute URLs, resolved against the robots.txt URL if not). */
export function sitemapsFromRobots(text: string, robotsUrl: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^[ \t]*sitemap[ \t]*:[ \t]*(\S+)/gim)) {
    try {
      out.push(new URL(m[1], robotsUrl).toString());
    } catch {
      // A malformed Sitemap line is ignored, as crawlers do with any bad robots.txt line.
    }
  }
  return out;
}

/** Entries changed after `since` (entries without lastmod are always taken: we cannot know). */
export function changedSince<T extends SitemapEntry>(entries: T[], since: Date | undefined): T[] {
  if (!since) return entries;
  return entries.filter((e) => !e.lastmod || e.lastmod.getTime() > since.getTime());
}
