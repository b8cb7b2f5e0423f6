import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config.js';
import { parseListing } from '../../../domain/listing.js';
import { closePipelineContext, createPipelineContext, type PipelineContext } from '../../../pipeline/context.js';
import { processListing } from '../../../pipeline/process-listing.js';
import { ThresholdResolver } from '../../../pipeline/threshold-resolver.js';
import { freshDatabase } from '../../helpers/databases.js';

const claim = (platform: string, n: number) =>
  parseListing({
    id: `${platform}:${n}`,
    platform,
    url: `https://${platform}.example/p/${n}`,
    title: 'Herbal tea that cures diabetes',
    description: 'Cures diabetes in 7 days. Food safety certificate 12/2024/ATTP-XNCB.',
    language: 'en',
    category: 'herbal_tea',
  });

describe('when platforms belong to different jurisdiction profiles', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let ctx: PipelineContext;

  beforeAll(async () => {
    db = await freshDatabase('pglite');
    // Refresh 0: every listing sees the version saved just before it, as a worker does after the refresh interval.
    ctx = await createPipelineContext(loadConfig({ ocr: false, thresholdRefreshMs: 0 }, {}), { database: db });
    await ctx.repos.platforms.ensure({ id: 'shop-vn', jurisdictionProfile: 'vn' });
    await ctx.repos.platforms.ensure({ id: 'shop-any' });
  });
  afterAll(async () => {
    // Closes the classifiers and the database the context was given.
    await closePipelineContext(ctx);
  });

  it('judges each listing by its platform profile, at the version an analyst saved last', async () => {
    const base = await ctx.thresholdsFor('shop-any');
    expect(base.profile).toBe('default');
    // An analyst in Vietnam raises the bar for false health claims above any score.
    await ctx.repos.thresholds.save('vn', 'false_health_claim', { flag: 1, high: 1 }, 'analyst');
    const vn = await ctx.thresholdsFor('shop-vn');
    expect(vn).toMatchObject({ profile: 'vn', version: 1, labels: { false_health_claim: { flag: 1, high: 1 } } });

    const here = await processListing(ctx, claim('shop-vn', 1));
    const there = await processListing(ctx, claim('shop-any', 1));
    expect(there.verdict!.labels.false_health_claim.flagged).toBe(true);
    expect(here.verdict!.labels.false_health_claim.score).toBe(there.verdict!.labels.false_health_claim.score);
    expect(here.verdict!.labels.false_health_claim.flagged).toBe(false);

    // The next save is in force for the next listing, without restarting the process.
    await ctx.repos.thresholds.save('vn', 'false_health_claim', { flag: base.labels.false_health_claim.flag, high: 0.99 }, 'analyst');
    const again = await processListing(ctx, claim('shop-vn', 2));
    expect(again.verdict!.labels.false_health_claim.flagged).toBe(true);
    expect((await ctx.thresholdsFor('shop-vn')).version).toBe(2);
  });
});

describe('when thresholds are cached', () => {
  it('asks the database again only after the refresh interval, and not after a failed lookup', async () => {
    let now = 0;
    let calls = 0;
    let fail = false;
    const repo = {
      active: async (profile: string, defaults: { version: number }) => {
        calls++;
        if (fail) throw new Error('database gone');
        return { ...defaults, profile, version: calls } as never;
      },
    };
    const r = new ThresholdResolver(undefined, repo as never, loadConfig({}, {}).modelsDir, 'default', 1000, () => now);
    expect((await r.forProfile('eu')).version).toBe(1);
    now = 999;
    expect((await r.forProfile('eu')).version).toBe(1);
    now = 1000;
    fail = true;
    await expect(r.forProfile('eu')).rejects.toThrow('database gone');
    fail = false;
    expect((await r.forProfile('eu')).version).toBe(3);
    expect(calls).toBe(3);
  });
});
