import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config.js';
import { parseListing } from '../../../domain/listing.js';
import { createPipelineContext, type PipelineContext } from '../../../pipeline/context.js';
import { storeListing } from '../../../pipeline/stages/store.js';
import { fetchListingImages } from '../../../pipeline/stages/fetch-images.js';
import { send, serve, type FixtureServer } from '../../fixtures/serve.js';
import { freshDatabase } from '../../helpers/databases.js';

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const OTHER_PNG = Buffer.concat([PNG, Buffer.from('different bytes after IEND')]);

describe('when listings are processed with images', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let ctx: PipelineContext;
  let server: FixtureServer;
  const dataDir = path.join(os.tmpdir(), `sw-images-${process.pid}`);

  beforeAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    server = await serve((_req, res, url) => {
      if (url.pathname === '/img/a.png' || url.pathname === '/img/a-copy.png') return send(res, 200, PNG, 'image/png');
      if (url.pathname === '/img/b') return send(res, 200, OTHER_PNG, 'application/octet-stream');
      if (url.pathname === '/img/page.html') return send(res, 200, '<html>not an image</html>');
      if (url.pathname === '/img/big.png') return send(res, 200, Buffer.alloc(3 * 1024 * 1024), 'image/png');
      send(res, 404, 'nope', 'text/plain');
    });
    database = await freshDatabase('pglite');
    ctx = await createPipelineContext(loadConfig({ ocr: false, dataDir }, {}), { database });
  });
  afterAll(async () => {
    for (const c of ctx?.classifiers ?? []) await c.close?.();
    await database?.dispose();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const listing = (id: string, images: string[]) =>
    parseListing({ id: `img:${id}`, platform: 'img', url: `${server.url}/p/${id}`, title: `Product ${id}`, images: images.map((p) => ({ url: `${server.url}${p}` })) });

  it('downloads each URL once, stores identical bytes once and hands local paths on', async () => {
    const l1 = listing('1', ['/img/a.png', '/img/b']);
    const l2 = listing('2', ['/img/a.png', '/img/a-copy.png']);
    expect(await storeListing(ctx, l1)).toBe('new');
    expect(await storeListing(ctx, l2)).toBe('new');
    // Both at once: the shared URL is still fetched once.
    const [one, two] = await Promise.all([fetchListingImages(ctx, l1), fetchListingImages(ctx, l2)]);
    expect(server.hits('/img/a.png')).toBe(1);
    expect(one.images.map((i) => i.sha256)).toHaveLength(2);
    expect(two.images[0]).toEqual({ url: `${server.url}/img/a.png`, path: one.images[0].path, sha256: one.images[0].sha256 });
    expect(two.images[1].path).toBe(one.images[0].path);
    const files = readdirSync(path.join(dataDir, 'images'), { recursive: true }).filter((f) => String(f).endsWith('.png'));
    // a.png and a-copy.png have the same bytes: one file. b is another.
    expect(files).toHaveLength(2);
    const rows1 = await ctx.repos.images.forListing('img:1');
    const rows2 = await ctx.repos.images.forListing('img:2');
    expect(rows1.map((r) => r.status)).toEqual(['ok', 'ok']);
    expect(rows2[0].sha256).toBe(rows1[0].sha256);
    expect(rows2[1].sha256).toBe(rows1[0].sha256);
    expect(rows2[1].path).toBe(rows1[0].path);
    expect(rows1[1]).toMatchObject({ contentType: 'image/png', bytes: OTHER_PNG.length });
    expect(rows1[0].path).toBe(path.join(dataDir, 'images', rows1[0].sha256!.slice(0, 2), `${rows1[0].sha256}.png`));
    expect(readFileSync(rows1[0].path!)).toEqual(PNG);
  });

  it('re-uses a URL stored by an earlier listing without downloading it again', async () => {
    await ctx.repos.listings.store(listing('3', ['/img/a.png']));
    const out = await fetchListingImages(ctx, listing('3', ['/img/a.png']));
    expect(server.hits('/img/a.png')).toBe(1);
    expect(out.images[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(out.images[0].path!)).toBe(true);
  });

  it('stores into the configured images folder (SHELFWATCH_IMAGES_DIR) instead of the data folder', async () => {
    const imagesDir = path.join(dataDir, 'elsewhere');
    const other = { ...ctx, config: loadConfig({ ocr: false, dataDir }, { SHELFWATCH_IMAGES_DIR: imagesDir }) };
    await ctx.repos.listings.store(listing('5', ['/img/b?v=5']));
    const out = await fetchListingImages(other, listing('5', ['/img/b?v=5']));
    expect(out.images[0].path).toBe(path.join(imagesDir, out.images[0].sha256!.slice(0, 2), `${out.images[0].sha256}.png`));
    expect(readFileSync(out.images[0].path!)).toEqual(OTHER_PNG);
  });

  it('rejects what is not an image, too large or missing, without failing the listing', async () => {
    await ctx.repos.listings.store(listing('4', ['/img/page.html', '/img/big.png', '/img/missing.png']));
    const out = await fetchListingImages(ctx, listing('4', ['/img/page.html', '/img/big.png', '/img/missing.png']), { fetch: { maxBytes: 1024 * 1024 } });
    expect(out.images.every((i) => !i.path)).toBe(true);
    const rows = await ctx.repos.images.forListing('img:4');
    expect(rows.map((r) => [r.status, r.errorCode])).toEqual([
      ['rejected', 'NOT_AN_IMAGE'],
      ['rejected', 'TOO_LARGE'],
      ['rejected', 'HTTP_404'],
    ]);
  });
});
