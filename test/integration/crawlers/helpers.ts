import { crawlWithAdapter } from '../../../crawlers/core/base-crawler.js';
import type { CrawlErrorInfo, CrawlTargetResult } from '../../../crawlers/core/types.js';
import { adapterFor } from '../../../crawlers/registry.js';
import { targetSchema, type TargetInput } from '../../../crawlers/targets.js';
import type { Listing } from '../../../domain/listing.js';

export const TEST_UA = 'ShelfwatchBot/0.1 (+https://shelfwatch.example/contact; test)';

export interface CrawlOutcome extends CrawlTargetResult {
  found: Listing[];
  errorList: CrawlErrorInfo[];
  byId(idSuffix: string): Listing | undefined;
}

/** Runs one target through the real adapter and base crawler, collecting what came out. */
export async function crawl(input: Partial<TargetInput> & Pick<TargetInput, 'adapter'>, extra: { lastCrawlAt?: Date; concurrency?: number } = {}): Promise<CrawlOutcome> {
  const target = targetSchema.parse({ name: 'test', ...input, options: { backoffMs: 50, timeoutSecs: 5, ...input.options } });
  const found: Listing[] = [];
  const errorList: CrawlErrorInfo[] = [];
  const r = await crawlWithAdapter(target, adapterFor(target), {
    userAgent: TEST_UA,
    concurrency: extra.concurrency ?? 4,
    lastCrawlAt: extra.lastCrawlAt,
    onListing: async (l) => {
      found.push(l);
    },
    onError: async (e) => {
      errorList.push(e);
    },
  });
  return { ...r, found, errorList, byId: (s) => found.find((l) => l.id.endsWith(s)) };
}
