import { sql } from 'drizzle-orm';
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

  list() {
    return this.db.select().from(platforms).orderBy(platforms.id);
  }
}
