import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config.js';
import { BlacklistRepository } from '../../../db/repositories/blacklist.repository.js';
import { ReviewRepository } from '../../../db/repositories/review.repository.js';
import { TakedownRepository } from '../../../db/repositories/takedown.repository.js';
import { parseListing } from '../../../domain/listing.js';
import { createPipelineContext, type PipelineContext } from '../../../pipeline/context.js';
import { processListing } from '../../../pipeline/process-listing.js';
import { freshDatabase, type Driver } from '../../helpers/databases.js';

for (const driver of ['pglite', 'pg'] as Driver[]) {
  describe(`when the pipeline meets watched sellers and relisted items (${driver})`, () => {
    let db: Awaited<ReturnType<typeof freshDatabase>>;
    let ctx: PipelineContext;

    beforeAll(async () => {
      db = await freshDatabase(driver);
      const config = loadConfig({ dataDir: mkdtempSync(path.join(os.tmpdir(), 'sw-watch-')), ocr: false }, {});
      ctx = await createPipelineContext(config, { database: db });
    });
    afterAll(async () => {
      for (const c of ctx?.classifiers ?? []) await c.close?.();
      await db?.dispose();
    });

    const harmless = (id: string, platform: string, seller: Record<string, string>) =>
      parseListing({
        id: `${platform}:${id}`,
        platform,
        url: `https://${platform}.example/p/${id}`,
        title: 'Plain cotton T-shirt',
        description: 'A plain white T-shirt, 100% cotton.',
        language: 'en',
        category: 'clothing',
        seller,
        fetchedAt: '2026-01-01T00:00:00Z',
      });

    it('opens a case at once for a blacklisted seller re-registered on another platform', async () => {
      const first = await processListing(ctx, harmless('1', 'alpha', { id: 's1', name: 'Green Herb Official Store', phone: '+84 90 123 4567' }));
      expect(first.caseOutcome).toBe('not_flagged');
      const blacklist = new BlacklistRepository(db.db);
      expect(await blacklist.block('alpha:s1', 'sold fake cancer cures', 'ana')).toBeGreaterThanOrEqual(3);

      // Same phone, new account and shop on another platform: still caught.
      const again = await processListing(ctx, harmless('9', 'beta', { id: 'new-77', name: 'GH Shop 2', phone: '090-123-4567' }));
      expect(again.caseOutcome).toBe('opened');
      const open = await new ReviewRepository(db.db).queue({ platform: 'beta' });
      expect(open.rows[0]).toMatchObject({ listingId: 'beta:9', source: 'blacklisted_seller', risk: 'high' });

      // An unrelated seller is not.
      expect((await processListing(ctx, harmless('10', 'beta', { id: 'x', name: 'Other', phone: '+1 555 0100' }))).caseOutcome).toBe('not_flagged');

      const linked = await blacklist.linkedSellers('alpha:s1');
      expect(linked.map((l) => [l.id, l.via])).toEqual([['beta:new-77', ['phone']]]);
      await blacklist.unblock('alpha:s1', 'ana');
      expect((await processListing(ctx, harmless('11', 'gamma', { id: 'z', phone: '0901234567' }))).caseOutcome).toBe('not_flagged');
    });

    it('verifies a removal by re-crawl and reopens the case when the item is relisted', async () => {
      const listing = parseListing({
        id: 'alpha:cure',
        platform: 'alpha',
        url: 'https://alpha.example/p/cure',
        title: 'Miracle tea cures cancer',
        description: 'This herbal tea cures cancer and diabetes.',
        language: 'en',
        category: 'herbal_tea',
        fetchedAt: '2026-01-01T00:00:00Z',
      });
      expect((await processListing(ctx, listing)).caseOutcome).toBe('opened');
      const review = new ReviewRepository(db.db);
      const caseId = (await review.queue({ platform: 'alpha' })).rows.find((r) => r.listingId === 'alpha:cure')!.id;
      expect(await review.decide(caseId, 'ana', 'confirm', 'cure_claim', null)).toEqual({ ok: true, status: 'confirmed' });
      const takedowns = new TakedownRepository(db.db);
      const { id } = await takedowns.createDraft(caseId, { reference: 'x' }, 'ana');
      await takedowns.setStatus(id, 'sent', 'ana', new Date('2026-01-02T00:00:00Z'));
      await expect(takedowns.setStatus(id, 'draft', 'ana')).rejects.toThrow(/cannot become draft/);

      await ctx.repos.listings.markRemoved('alpha:cure', new Date('2026-01-03T00:00:00Z'));
      expect(await takedowns.verifyByRecrawl(new Date('2026-01-03T01:00:00Z'), 7)).toEqual({ verified: 1, stillOnline: 0 });
      expect((await takedowns.get(id))!.takedown.status).toBe('verified_removed');

      const back = await processListing(ctx, { ...listing, fetchedAt: '2026-01-10T00:00:00Z' });
      expect(back.stored).toBe('relisted');
      const reopened = await review.detail(caseId);
      expect(reopened!.case).toMatchObject({ status: 'open', source: 'relisted', risk: 'high' });
      expect((await takedowns.get(id))!.takedown.status).toBe('still_online');
    });
  });
}
