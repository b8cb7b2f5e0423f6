import { existsSync } from 'node:fs';
import path from 'node:path';
import { downloadImage, ImageRejectedError, LocalImageStore, type ImageFetchOptions, type ImageStore, type StoredImage } from '../../crawlers/images/index.js';
import type { Listing, ListingImage } from '../../domain/listing.js';
import type { PipelineContext } from '../context.js';

export interface FetchImagesOptions {
  /** Where bytes go. Default: config `imagesDir` (SHELFWATCH_IMAGES_DIR), else `<dataDir>/images`, on local disk. */
  store?: ImageStore;
  fetch?: Partial<ImageFetchOptions>;
  /** Images fetched at once per listing. Default 4. */
  concurrency?: number;
}

const defaultStores = new Map<string, ImageStore>();
/** Downloads in flight, by store and URL: two listings sharing an image in the same moment fetch it once. */
const inFlight = new Map<string, Promise<StoredImage>>();

function storeFor(ctx: PipelineContext, opts: FetchImagesOptions): ImageStore {
  if (opts.store) return opts.store;
  const root = path.resolve(ctx.config.imagesDir ?? path.join(ctx.config.dataDir, 'images'));
  let s = defaultStores.get(root);
  if (!s) defaultStores.set(root, (s = new LocalImageStore(root)));
  return s;
}

/**
 * Crawl → images: each image URL of the listing is downloaded within the
 * size/type limits, stored once by sha256, its `images` row updated, and the
 * listing handed on with `images[i].path` and `sha256` set so OCR reads local
 * bytes. A URL stored before (any listing, any crawl) is not downloaded again.
 * A failed image is recorded as rejected and never fails the listing.
 */
export async function fetchListingImages(ctx: PipelineContext, listing: Listing, opts: FetchImagesOptions = {}): Promise<Listing> {
  if (!listing.images.length) return listing;
  const store = storeFor(ctx, opts);
  const fetchOpts: ImageFetchOptions = { userAgent: ctx.config.userAgent, ...opts.fetch };
  const storeKey = store instanceof LocalImageStore ? store.root : 'custom';

  const one = async (img: ListingImage, position: number): Promise<ListingImage> => {
    if (!img.url || (img.path && img.sha256)) return img;
    const url = img.url;
    try {
      let stored: StoredImage | undefined;
      const known = await ctx.repos.images.storedByUrl(url);
      if (known && existsSync(known.path)) stored = { ...known, existed: true };
      if (!stored) {
        const key = `${storeKey}\n${url}`;
        let p = inFlight.get(key);
        if (!p) {
          p = downloadImage(url, fetchOpts).then(({ bytes, contentType }) => store.put(bytes, contentType));
          inFlight.set(key, p);
          p.finally(() => inFlight.delete(key)).catch(() => undefined);
        }
        stored = await p;
      }
      await ctx.repos.images.markStored(listing.id, position, url, stored);
      return { ...img, path: stored.path, sha256: stored.sha256 };
    } catch (err) {
      const code = err instanceof ImageRejectedError ? err.code : 'ERROR';
      await ctx.repos.images.markRejected(listing.id, position, url, code, (err as Error).message);
      return img;
    }
  };

  const out: ListingImage[] = new Array(listing.images.length);
  const limit = Math.max(1, opts.concurrency ?? 4);
  let next = 0;
  const worker = async () => {
    while (next < listing.images.length) {
      const i = next++;
      out[i] = await one(listing.images[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, listing.images.length) }, worker));
  return { ...listing, images: out };
}
