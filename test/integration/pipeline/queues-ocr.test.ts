import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases } from '../../../db/schema/index.js';
import { GROUND_TRUTH_FILE } from '../../../demo/ground-truth.js';
import { startDemoMarketplace, type DemoMarketplace } from '../../../demo/server.js';
import { parseListing, type ListingInput } from '../../../domain/listing.js';
import { createPipelineContext } from '../../../pipeline/context.js';
import { processListing } from '../../../pipeline/process-listing.js';
import { enqueueListings, waitForIdle } from '../../../pipeline/queue-runner.js';
import { STAGES, type PipelineQueues } from '../../../pipeline/queues.js';
import { closeOcr } from '../../../pipeline/stages/ocr.js';
import { WorkerHost } from '../../../pipeline/workers/host.js';
import { freshDatabase } from '../../helpers/databases.js';
import { caseSummary, openTestQueues, queueConfig, silentLog, uniquePrefix } from './queue-helpers.js';

/** Demo listings whose violation is printed only on the label photo, plus a few ordinary ones with photos. */
function listingsWithPhotos(shopUrl: string): { items: ListingInput[]; imageOnly: string[] } {
  const rows = readFileSync(GROUND_TRUTH_FILE, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as ListingInput & { notes?: string; expected?: unknown });
  const withPhoto = rows.filter((r) => r.images?.length);
  const imageOnly = withPhoto.filter((r) => r.notes?.includes('image-only'));
  const others = withPhoto.filter((r) => !r.notes?.includes('image-only')).slice(0, 4);
  const live = (u: string) => u.replace('http://demo.shelfwatch.test', shopUrl);
  const items = [...imageOnly, ...others].map(({ notes: _n, expected: _e, ...l }) => ({
    ...l,
    url: live(l.url),
    // Bytes come from the live demo shop, as in a crawl (no local path to short-cut the download).
    images: (l.images ?? []).map((i) => ({ url: live(i.url!) })),
  }));
  return { items, imageOnly: imageOnly.map((r) => r.id) };
}

describe('when listings with label photos go through the OCR queue', () => {
  let shop: DemoMarketplace;
  let inlineDb: Awaited<ReturnType<typeof freshDatabase>>;
  let queueDb: Awaited<ReturnType<typeof freshDatabase>>;
  let queues: PipelineQueues;
  let host: WorkerHost;
  const prefix = uniquePrefix('ocr');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sw-ocr-q-'));

  beforeAll(async () => {
    shop = await startDemoMarketplace({ port: 0 });
    [inlineDb, queueDb] = await Promise.all([freshDatabase('pg'), freshDatabase('pg')]);
    queues = openTestQueues(prefix);
  });
  afterAll(async () => {
    await host?.close(5000);
    await queues?.obliterate();
    await queues?.close();
    await inlineDb?.dispose();
    await queueDb?.dispose();
    await shop?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reads every photo in an ocr job and opens the same cases as the inline run', async () => {
    const { items, imageOnly } = listingsWithPhotos(shop.url);
    expect(imageOnly.length).toBeGreaterThanOrEqual(6);
    const config = queueConfig(queueDb.url!, prefix, { ocr: true, dataDir });

    const ctx = await createPipelineContext({ ...config, redisUrl: undefined }, { database: inlineDb });
    for (const l of items) await processListing(ctx, parseListing(l));
    for (const c of ctx.classifiers) await c.close?.();
    await closeOcr(ctx);

    host = await WorkerHost.start({ config, port: null, log: silentLog });
    await enqueueListings(queues, 'demo', items);
    await waitForIdle(queues, { timeoutMs: 240_000 });

    const depth = await queues.depth();
    const photos = items.reduce((n, l) => n + (l.images?.length ?? 0), 0);
    expect(depth.ocr.completed).toBe(photos);
    expect(depth.classify.completed).toBe(items.length);
    for (const s of STAGES) expect(depth[s].failed).toBe(0);
    // Each classify job got the text its ocr children read.
    const ocrResults = (await queues.queue('ocr').getCompleted(0, -1)).map((j) => j.returnvalue as { ok: boolean });
    expect(ocrResults.filter((r) => r.ok).length).toBeGreaterThanOrEqual(imageOnly.length);

    const want = await caseSummary(inlineDb.db);
    expect(await caseSummary(queueDb.db)).toEqual(want);
    // The photo-only violations were found: the OCR text reached the classifier through the queue.
    const found = await queueDb.db.select({ id: cases.listingId }).from(cases).where(inArray(cases.listingId, imageOnly));
    expect(found.length).toBeGreaterThanOrEqual(Math.ceil(imageOnly.length / 2));
  }, 300_000);
});
