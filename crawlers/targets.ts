import { readFileSync } from 'node:fs';
import * as cheerio from 'cheerio';
import { CronExpressionParser } from 'cron-parser';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { z } from 'zod';

/**
 * Crawl targets as configuration: one YAML or JSON file lists the platforms
 * to watch and how to crawl each. Validation errors name the file, line and
 * field so an operator can fix the file without reading code.
 */

export const ADAPTERS = ['json-ld', 'shopify', 'woocommerce', 'sitemap', 'browser', 'selector'] as const;
export type AdapterName = (typeof ADAPTERS)[number];

const cron = z.string().refine(
  (v) => {
    try {
      CronExpressionParser.parse(v);
      return true;
    } catch {
      // The parser's exception is the "invalid" answer; the message below says what to write.
      return false;
    }
  },
  { message: 'not a valid cron expression (e.g. "0 3 * * *" = every day at 03:00)' },
);

const httpUrl = z.string().refine(
  (v) => {
    try {
      return /^https?:$/.test(new URL(v).protocol);
    } catch {
      // Not parseable: the message below says what is expected.
      return false;
    }
  },
  { message: 'must be an absolute http(s) URL (e.g. https://shop.example/category/tea)' },
);

/** Parses a CSS selector the way extraction will (cheerio / css-select); the error text when it cannot. */
function cssProblem(css: string): string | undefined {
  try {
    emptyDoc(css);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
const emptyDoc = cheerio.load('');

/** A CSS selector, optionally ending in `@attr`; checked now so a typo fails `targets validate`, not every page of a crawl. */
const cssSelector = (withAttr: boolean) =>
  z
    .string()
    .min(1)
    .superRefine((v, ctx) => {
      const css = withAttr ? (/^(.*?)@[\w:-]+$/.exec(v.trim())?.[1] ?? v) : v;
      const problem = cssProblem(css.trim());
      if (problem) ctx.addIssue({ code: 'custom', message: `not a valid CSS selector (${problem})${withAttr && v.includes('@') ? '; read an attribute with "selector@attr", e.g. "img.main@src"' : ''}` });
    });
const selectorField = cssSelector(true);

/** CSS selectors for a shop without structured data. A selector may end in `@attr` to read an attribute. */
export const selectorsSchema = z
  .object({
    /** Links to product pages on list pages. */
    productLinks: selectorField.optional(),
    /** Links to further list pages (pagination, categories). */
    listLinks: selectorField.optional(),
    /** Present only on product pages; pages without it are treated as lists. Default: `title`. */
    productPage: selectorField.optional(),
    title: selectorField,
    description: selectorField.optional(),
    price: selectorField.optional(),
    currency: selectorField.optional(),
    sku: selectorField.optional(),
    brand: selectorField.optional(),
    category: selectorField.optional(),
    gtin: selectorField.optional(),
    images: selectorField.optional(),
    ingredients: selectorField.optional(),
    allergens: selectorField.optional(),
    claims: selectorField.optional(),
    certificates: selectorField.optional(),
    seller: z
      .object({
        id: selectorField.optional(),
        name: selectorField.optional(),
        url: selectorField.optional(),
        phone: selectorField.optional(),
        registrationNumber: selectorField.optional(),
        taxId: selectorField.optional(),
      })
      .strict()
      .optional(),
    reviews: z
      .object({
        item: selectorField,
        author: selectorField.optional(),
        rating: selectorField.optional(),
        text: selectorField,
        date: selectorField.optional(),
        /** Link to the next page of reviews (on the product page and on review pages). */
        nextPage: selectorField.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type Selectors = z.infer<typeof selectorsSchema>;

export const targetSchema = z
  .object({
    /** Unique name; `shelfwatch crawl <name>` runs it. Also the platform id unless `platform` is set. */
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/i, 'use letters, digits, ".", "_" or "-"'),
    /** Platform id the listings are filed under. Default: the name. */
    platform: z.string().min(1).optional(),
    adapter: z.enum(ADAPTERS),
    startUrls: z.array(httpUrl).default([]),
    /** API root for shopify/woocommerce. Default: origin of the first start URL. */
    apiBase: httpUrl.optional(),
    /** Hosts the crawler may fetch (subdomains included). Default: hosts of startUrls/apiBase. */
    allowedDomains: z.array(z.string().min(1)).default([]),
    schedule: cron.optional(),
    rateLimit: z
      .object({
        /** Request starts per second per host. Default: unlimited (only concurrency and robots Crawl-delay apply). */
        requestsPerSecond: z.number().positive().optional(),
        /** Parallel requests in the whole crawl. Default: config crawlConcurrency. */
        maxConcurrency: z.number().int().min(1).max(64).optional(),
        /** Parallel requests to one host. Default: maxConcurrency. */
        perDomainConcurrency: z.number().int().min(1).max(64).optional(),
      })
      .strict()
      .default({}),
    maxPages: z.number().int().min(1).optional(),
    /** Link depth from the start URLs. Default 10. */
    maxDepth: z.number().int().min(0).default(10),
    /** Pages per URL shape (e.g. /calendar/{n}/{n}) followed as lists; bounds pagination traps. Default 200. */
    maxPagesPerPattern: z.number().int().min(1).default(200),
    languages: z.array(z.string().min(2).max(8)).default([]),
    jurisdiction: z.string().min(1).default('default'),
    /** Seller shown for every listing of a single-shop target (Shopify, WooCommerce, own shops). */
    seller: z
      .object({
        id: z.string().optional(),
        name: z.string().optional(),
        url: z.string().optional(),
        phone: z.string().optional(),
        registrationNumber: z.string().optional(),
        taxId: z.string().optional(),
      })
      .strict()
      .optional(),
    options: z
      .object({
        /** Render pages in Chromium before extraction (json-ld and selector adapters). Default false. */
        needsBrowser: z.boolean().default(false),
        selectors: selectorsSchema.optional(),
        /** json-ld: CSS for product links. */
        productLinkSelector: cssSelector(false).optional(),
        /** json-ld: CSS for list/pagination links. */
        listLinkSelector: cssSelector(false).optional(),
        /** Currency for platforms whose API omits it (Shopify products.json). */
        currency: z.string().length(3).optional(),
        /** Per-request timeout in seconds. Default 15. */
        timeoutSecs: z.number().positive().max(300).default(15),
        /** Response size cap in bytes. Default 5 MiB. */
        maxResponseBytes: z.number().int().positive().default(5 * 1024 * 1024),
        /** Retries after the first attempt. Default 3. */
        maxRetries: z.number().int().min(0).max(10).default(3),
        /** First backoff in ms; doubles each retry. Default 500. */
        backoffMs: z.number().int().min(0).default(500),
        /** Honour robots.txt. Default true; turning it off needs a documented agreement with the site. */
        respectRobots: z.boolean().default(true),
        /** sitemap adapter: only URLs whose lastmod is newer than the last finished crawl. Default true. */
        incremental: z.boolean().default(true),
        /** Browser: CSS to wait for before reading the rendered page. */
        waitForSelector: cssSelector(false).optional(),
      })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (!t.startUrls.length && !t.apiBase) ctx.addIssue({ code: 'custom', path: ['startUrls'], message: 'give startUrls or apiBase' });
    if (t.adapter === 'selector' && !t.options.selectors)
      ctx.addIssue({ code: 'custom', path: ['options', 'selectors'], message: 'the selector adapter needs options.selectors' });
  })
  .transform((t) => {
    const hosts = [...t.startUrls, ...(t.apiBase ? [t.apiBase] : [])].map((u) => new URL(u).hostname);
    return {
      ...t,
      platform: t.platform ?? t.name,
      allowedDomains: t.allowedDomains.length ? t.allowedDomains : [...new Set(hosts)],
    };
  });

export type Target = z.output<typeof targetSchema>;
export type TargetInput = z.input<typeof targetSchema>;

export const targetsFileSchema = z.object({ targets: z.array(targetSchema).min(1, 'list at least one target') }).strict();

/** Duplicate names, checked on the raw document so they are reported alongside every other problem. */
function duplicateNames(raw: unknown): Array<{ path: Array<string | number>; message: string }> {
  const list = (raw as { targets?: unknown })?.targets;
  if (!Array.isArray(list)) return [];
  const seen = new Map<string, number>();
  const out: Array<{ path: Array<string | number>; message: string }> = [];
  list.forEach((t, i) => {
    const name = (t as { name?: unknown })?.name;
    if (typeof name !== 'string') return;
    if (seen.has(name)) out.push({ path: ['targets', i, 'name'], message: `duplicate target name "${name}" (also targets[${seen.get(name)}])` });
    else seen.set(name, i);
  });
  return out;
}

export interface TargetIssue {
  file: string;
  line?: number;
  column?: number;
  /** Dotted path, e.g. `targets[2].schedule`. */
  field: string;
  message: string;
}

export class TargetsError extends Error {
  readonly code = 'TARGETS_INVALID';
  constructor(
    readonly issues: TargetIssue[],
    options?: { cause?: unknown },
  ) {
    super(issues.map(formatIssue).join('\n'), options);
    this.name = 'TargetsError';
  }
}

export function formatIssue(i: TargetIssue): string {
  return `${i.file}${i.line ? `:${i.line}${i.column ? `:${i.column}` : ''}` : ''}: ${i.field || '(file)'}: ${i.message}`;
}

function fieldPath(path: Array<string | number>): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

/** Parses and validates a targets document (YAML or JSON text); `file` is used in messages only. */
export function parseTargets(text: string, file = '<targets>'): Target[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length) {
    throw new TargetsError(
      doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return { file, line: pos?.line, column: pos?.col, field: '', message: e.message.split('\n')[0] };
      }),
    );
  }
  const raw = doc.toJS();
  const parsed = targetsFileSchema.safeParse(raw);
  const problems = [...(parsed.success ? [] : parsed.error.issues), ...duplicateNames(raw)];
  if (parsed.success && !problems.length) return parsed.data.targets;
  const issues = problems.map((issue) => {
    // Point at the deepest node that exists: a missing field is reported at its parent object.
    let line: number | undefined;
    let column: number | undefined;
    for (let n = issue.path.length; n >= 0; n--) {
      const node = doc.getIn(issue.path.slice(0, n), true);
      if (isNode(node) && node.range) {
        const pos = lineCounter.linePos(node.range[0]);
        line = pos.line;
        column = pos.col;
        break;
      }
    }
    return { file, line, column, field: fieldPath(issue.path), message: issue.message };
  });
  throw new TargetsError(issues);
}

export function loadTargets(file: string): Target[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new TargetsError([{ file, field: '', message: `cannot read the file: ${(cause as Error).message}` }], { cause });
  }
  return parseTargets(text, file);
}

export function findTarget(targets: Target[], name: string): Target | undefined {
  return targets.find((t) => t.name === name);
}

/** A json-ld target for a bare URL (`shelfwatch crawl <url>`). */
export function adHocTarget(platform: string, startUrls: string[], overrides: Partial<TargetInput> = {}): Target {
  return targetSchema.parse({ name: platform.replace(/[^a-z0-9._-]/gi, '-') || 'adhoc', platform, adapter: 'json-ld', startUrls, ...overrides });
}
