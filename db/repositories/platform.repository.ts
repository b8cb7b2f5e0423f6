import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { platforms } from '../schema/index.js';

export class PlatformRepository {
  constructor(private readonly db: Db) {}

  /** Creates the platform on first sight; later calls keep what an operator changed. */
  async ensure(p: { id: string; name?: string; adapter?: string; baseUrl?: string; jurisdictionProfile?: string }): Promise<void> {
    await this.db
      .insert(platforms)
      .values({ id: p.id, name: p.name ?? p.id, adapter: p.adapter ?? 'json-ld', baseUrl: p.baseUrl, jurisdictionProfile: p.jurisdictionProfile ?? 'default' })
      .onConflictDoUpdate({ target: platforms.id, set: { updatedAt: sql`now()` } });
  }

  /** The platform's jurisdiction profile, or undefined for a platform never seen. */
  async profileOf(id: string): Promise<string | undefined> {
    const [row] = await this.db.select({ p: platforms.jurisdictionProfile }).from(platforms).where(eq(platforms.id, id)).limit(1);
    return row?.p;
  }

  list() {
    return this.db.select().from(platforms).orderBy(platforms.id);
  }
}
