import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { crawlErrors, crawlRuns, type CrawlRunStats } from '../schema/index.js';

export const emptyStats = (): CrawlRunStats => ({
  pages: 0,
  listingsNew: 0,
  listingsChanged: 0,
  listingsRelisted: 0,
  listingsUnchanged: 0,
  listingsRemoved: 0,
  errors: {},
});

export class CrawlRunRepository {
  constructor(private readonly db: Db) {}

  async start(platformId: string, startUrls: string[]): Promise<number> {
    const [row] = await this.db.insert(crawlRuns).values({ platformId, startUrls, stats: emptyStats() }).returning({ id: crawlRuns.id });
    return row.id;
  }

  async recordError(crawlRunId: number, url: string, kind: string, message: string): Promise<void> {
    await this.db.insert(crawlErrors).values({ crawlRunId, url, kind, message: message.slice(0, 2000) });
  }

  async finish(crawlRunId: number, stats: CrawlRunStats, status: 'finished' | 'failed' = 'finished'): Promise<void> {
    await this.db.update(crawlRuns).set({ stats, status, finishedAt: new Date() }).where(eq(crawlRuns.id, crawlRunId));
  }

  /** Start time of the platform's last finished run: the "since" of an incremental (sitemap lastmod) crawl. */
  async lastFinishedAt(platformId: string): Promise<Date | undefined> {
    const [row] = await this.db
      .select({ startedAt: crawlRuns.startedAt })
      .from(crawlRuns)
      .where(and(eq(crawlRuns.platformId, platformId), eq(crawlRuns.status, 'finished')))
      .orderBy(desc(crawlRuns.startedAt))
      .limit(1);
    return row?.startedAt ?? undefined;
  }

  async get(crawlRunId: number) {
    const [run] = await this.db.select().from(crawlRuns).where(eq(crawlRuns.id, crawlRunId));
    const errors = await this.db.select().from(crawlErrors).where(eq(crawlErrors.crawlRunId, crawlRunId));
    return run ? { ...run, errors } : undefined;
  }
}
