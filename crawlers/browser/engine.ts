import { PlaywrightCrawler, createPlaywrightRouter, type RequestQueue } from 'crawlee';
import { chromium, type Route } from 'playwright-core';
import type { CrawlRun } from '../core/base-crawler.js';
import { MAX_RETRY_AFTER_MS } from '../core/base-crawler.js';
import { isAllowedDomain } from '../core/url.js';

/** Resource types a rendered page does not need for extraction. */
const BLOCKED_RESOURCES = new Set(['image', 'media', 'font']);

/** Debian's Chromium; never a Playwright browser download. Override with SHELFWATCH_CHROMIUM. */
export const CHROMIUM_PATH = process.env.SHELFWATCH_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Flags that keep Chromium from talking to anything but the pages we crawl:
 * no background services, and every host name except loopback resolves to
 * nothing unless the crawl itself asks for it (crawl targets are reached
 * through the resolver exclusion list below only when they are loopback; real
 * deployments set SHELFWATCH_CHROMIUM_RESOLVER_RULES to their own rules).
 */
export function chromiumArgs(): string[] {
  const rules = process.env.SHELFWATCH_CHROMIUM_RESOLVER_RULES ?? 'MAP * ~NOTFOUND , EXCLUDE 127.0.0.1';
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    ...(rules ? [`--host-resolver-rules=${rules}`] : []),
  ];
}

/** The browser engine: crawlee's PlaywrightCrawler; handlers get the rendered HTML, so extractors are shared. */
export async function createBrowserCrawler(run: CrawlRun, queue: RequestQueue): Promise<PlaywrightCrawler> {
  const router = createPlaywrightRouter();
  const waitFor = run.target.options.waitForSelector;
  router.addDefaultHandler(async ({ request, page, response }) => {
    if (waitFor) await page.waitForSelector(waitFor, { timeout: run.timeoutMs }).catch(() => undefined);
    const html = await page.content();
    const ctx = run.pageContext(request, {
      url: page.url() || request.url,
      status: response?.status() ?? 200,
      headers: response?.headers() ?? {},
      body: () => Buffer.from(html),
    });
    await run.handle(request, ctx);
  });
  return new PlaywrightCrawler(
    {
      requestQueue: queue,
      requestHandler: router,
      launchContext: {
        launcher: chromium,
        userAgent: run.opts.userAgent,
        useChrome: false,
        launchOptions: { executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs() },
      },
      browserPoolOptions: { useFingerprints: false },
      useSessionPool: false,
      persistCookiesPerSession: false,
      maxConcurrency: run.concurrency,
      maxRequestsPerCrawl: run.maxPages,
      maxRequestRetries: run.target.options.maxRetries,
      navigationTimeoutSecs: run.target.options.timeoutSecs,
      requestHandlerTimeoutSecs: MAX_RETRY_AFTER_MS / 1000 + 60,
      preNavigationHooks: [
        async ({ request, page }, gotoOptions) => {
          // The page's own requests stay in scope too: scripts and data from allowed domains load, anything else
          // (trackers, ad networks, other shops) is aborted; images, media and fonts are not needed to read the
          // rendered HTML (listing images are downloaded later, within their own limits).
          await page.route('**/*', (route: Route) => {
            const req = route.request();
            const skip = BLOCKED_RESOURCES.has(req.resourceType()) || !isAllowedDomain(req.url(), run.target.allowedDomains);
            return skip ? route.abort('blockedbyclient') : route.continue();
          });
          await run.beforeFetch(request);
          if (gotoOptions) gotoOptions.waitUntil = 'load';
        },
      ],
      postNavigationHooks: [
        async ({ request, response }) => {
          if (!response) return;
          run.afterFetch(request, response.url(), response.status(), response.headers());
        },
      ],
      errorHandler: ({ request }, err) => run.retrying(request, err),
      failedRequestHandler: async ({ request }, err) => run.failed(request, err),
    },
    run.config,
  );
}
