import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config.js';
import { BlacklistRepository } from '../../../db/repositories/blacklist.repository.js';
import { ReviewRepository } from '../../../db/repositories/review.repository.js';
import { parseListing } from '../../../domain/listing.js';
import { createPipelineContext, type PipelineContext } from '../../../pipeline/context.js';
import { processListing } from '../../../pipeline/process-listing.js';
import { freshDatabase } from '../../helpers/databases.js';

/**
 * A blacklisted seller's new listing opens a case at once, whichever single
 * identifier gives it away (the phone case is in watchlist.test.ts).
 */
describe('when a blacklisted business comes back under another account', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let ctx: PipelineContext;
  const SHA = 'c0ffee'.repeat(10) + 'abcd';

  const harmless = (id: string, platform: string, seller: Record<string, string>, images: Array<{ url: string; sha256?: string }> = []) =>
    parseListing({
      id: `${platform}:${id}`,
      platform,
      url: `https://${platform}.example/p/${id}`,
      title: 'Plain cotton T-shirt',
      description: 'A plain white T-shirt, 100% cotton.',
      language: 'en',
      category: 'clothing',
      seller,
      images,
      fetchedAt: '2026-01-01T00:00:00Z',
    });

  beforeAll(async () => {
    db = await freshDatabase('pglite');
    const config = loadConfig({ dataDir: mkdtempSync(path.join(os.tmpdir(), 'sw-watch-ids-')), ocr: false }, {});
    ctx = await createPipelineContext(config, { database: db });
    const first = await processListing(
      ctx,
      harmless('1', 'alpha', { id: 'orig', name: 'Kim Ginseng House', phone: '+82 2 555 0199', registrationNumber: '220-81-12345', taxId: 'KR-TAX-998877' }, [{ url: 'https://alpha.example/i/1.jpg', sha256: SHA }]),
    );
    expect(first.caseOutcome).toBe('not_flagged');
    expect(await new BlacklistRepository(db.db).block('alpha:orig', 'fake ginseng cancer cure', 'ana')).toBe(6);
  });
  afterAll(async () => {
    for (const c of ctx?.classifiers ?? []) await c.close?.();
    await db?.dispose();
  });

  it.each([
    ['shop name', { id: 'n1', name: 'KIM GINSENG HOUSE official store' }, []],
    ['business registration number', { id: 'n2', name: 'New Name A', registrationNumber: '2208112345' }, []],
    ['tax number', { id: 'n3', name: 'New Name B', taxId: 'kr tax 998877' }, []],
    ['image hash', { id: 'n4', name: 'New Name C' }, [{ url: 'https://beta.example/other.jpg', sha256: SHA }]],
  ] as const)('opens a high-risk case on another platform when only the %s matches', async (_what, seller, imgs) => {
    const listing = harmless(`${seller.id}`, 'beta', { ...seller }, [...imgs]);
    expect((await processListing(ctx, listing)).caseOutcome).toBe('opened');
    const { rows } = await new ReviewRepository(db.db).queue({ platform: 'beta', limit: 50 });
    expect(rows.find((r) => r.listingId === listing.id)).toMatchObject({ source: 'blacklisted_seller', risk: 'high' });
  });

  it('leaves a seller that shares nothing alone', async () => {
    const listing = harmless('clean', 'beta', { id: 'clean', name: 'Cotton Basics', phone: '+1 555 0100', taxId: 'US-12-3456789' }, [{ url: 'https://beta.example/c.jpg', sha256: 'f'.repeat(64) }]);
    expect((await processListing(ctx, listing)).caseOutcome).toBe('not_flagged');
  });
});
