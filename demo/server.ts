import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CATEGORIES, IMAGES_DIR, loadCatalog, loadSellers, type CatalogEntry, type DemoSeller } from './catalog.js';
import { NO_DATA_SLUG, renderCategory, renderHome, renderNoDataPage, renderNotFound, renderProduct, renderSeller } from './html.js';

/**
 * A local imitation of a multi-seller shop, for crawler tests and `shelfwatch
 * demo`. Node's http only, loopback by default. Overrides let a test change,
 * remove and re-list a product between two crawls.
 */

/** Products per category page; small enough that every category paginates in tests. */
export const PAGE_SIZE = 12;

export interface DemoMarketplaceOptions {
  /** Port to listen on. Default 0: a free port chosen by the OS. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1`, so the shop is never reachable from outside. */
  host?: string;
  /** Catalogue to serve. Default: `loadCatalog()`. */
  entries?: CatalogEntry[];
}

export interface DemoMarketplace {
  /** Base URL without trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  close(): Promise<void>;
  /** Replaces the sku's previous override (not cumulative); `setOverride(sku, {})` clears it. */
  setOverride(sku: string, patch: Partial<CatalogEntry>): void;
  /** The product disappears: its page answers 404 and category/seller pages drop it. */
  remove(sku: string): void;
  /** Re-lists a removed product (any override stays in force). */
  restore(sku: string): void;
  /** Requests served so far, any route or status. */
  requestCount(): number;
}

type Reply = { status: number; type: string; body: string | Buffer };

const HTML = 'text/html; charset=utf-8';
const IMAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.png$/;

class Shop {
  private readonly overrides = new Map<string, Partial<CatalogEntry>>();
  private readonly removed = new Set<string>();
  private readonly bySku: Map<string, CatalogEntry>;

  constructor(
    private readonly base: CatalogEntry[],
    readonly sellers: DemoSeller[],
  ) {
    this.bySku = new Map(base.map((e) => [e.sku, e]));
  }

  private known(sku: string): void {
    if (!this.bySku.has(sku)) throw new Error(`demo marketplace: unknown sku ${JSON.stringify(sku)}`);
  }

  setOverride(sku: string, patch: Partial<CatalogEntry>): void {
    this.known(sku);
    if (patch.sku !== undefined && patch.sku !== sku) throw new Error('demo marketplace: an override cannot change the sku');
    this.overrides.set(sku, { ...patch });
  }

  remove(sku: string): void {
    this.known(sku);
    this.removed.add(sku);
  }

  restore(sku: string): void {
    this.known(sku);
    this.removed.delete(sku);
  }

  /** What the shop shows right now, in catalogue order. */
  visible(): CatalogEntry[] {
    return this.base.filter((e) => !this.removed.has(e.sku)).map((e) => ({ ...e, ...this.overrides.get(e.sku) }));
  }
}

function html(status: number, body: string): Reply {
  return { status, type: HTML, body };
}

const notFound = (): Reply => html(404, renderNotFound());

function parsePage(raw: string | null): number | undefined {
  if (raw === null) return 1;
  if (!/^[1-9]\d{0,5}$/.test(raw)) return undefined;
  return Number(raw);
}

async function route(shop: Shop, url: URL, baseUrl: string): Promise<Reply> {
  const p = url.pathname;
  if (p === '/') return html(200, renderHome(shop.sellers));

  const category = /^\/category\/([a-z_]+)$/.exec(p);
  if (category) {
    const name = category[1];
    if (name !== 'all' && !(CATEGORIES as readonly string[]).includes(name)) return notFound();
    const page = parsePage(url.searchParams.get('page'));
    if (page === undefined) return notFound();
    const items = shop.visible().filter((e) => name === 'all' || e.category === name);
    const pageCount = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
    if (page > pageCount) return notFound();
    const extraLinks = name === 'all' && page === 1 ? [{ href: `/products/${NO_DATA_SLUG}`, text: 'Seasonal gift guide' }] : [];
    const slice = items.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    return html(200, renderCategory({ category: name, page, pageCount, entries: slice, extraLinks }));
  }

  const product = /^\/products\/([^/]+)$/.exec(p);
  if (product) {
    const slug = product[1];
    if (slug === NO_DATA_SLUG) return html(200, renderNoDataPage(baseUrl));
    const entry = shop.visible().find((e) => e.slug === slug);
    return entry ? html(200, renderProduct(entry, baseUrl)) : notFound();
  }

  const seller = /^\/sellers\/([^/]+)$/.exec(p);
  if (seller) {
    const s = shop.sellers.find((x) => x.id === seller[1]);
    if (!s) return notFound();
    return html(200, renderSeller(s, shop.visible().filter((e) => e.seller.id === s.id)));
  }

  const image = /^\/images\/([^/]+)$/.exec(p);
  if (image) return serveImage(image[1]);

  return notFound();
}

/**
 * Only plain file names inside demo/images are served. Encoded separators or
 * dot segments (`..%2F`, `%2e%2e`) fail the name check after decoding, and the
 * resolved path is checked again in case the pattern is ever loosened.
 */
async function serveImage(encoded: string): Promise<Reply> {
  let name: string;
  try {
    name = decodeURIComponent(encoded);
  } catch (e) {
    if (e instanceof URIError) return { status: 400, type: 'text/plain; charset=utf-8', body: 'bad image name\n' };
    throw e;
  }
  if (!IMAGE_NAME.test(name)) return notFound();
  const file = path.resolve(IMAGES_DIR, name);
  if (path.dirname(file) !== path.resolve(IMAGES_DIR)) return notFound();
  try {
    return { status: 200, type: 'image/png', body: await readFile(file) };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return notFound();
    throw e;
  }
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function startDemoMarketplace(opts: DemoMarketplaceOptions = {}): Promise<DemoMarketplace> {
  const host = opts.host ?? '127.0.0.1';
  const shop = new Shop(opts.entries ?? loadCatalog(), loadSellers());
  let requests = 0;
  let baseUrl = '';

  const server = http.createServer((req, res) => {
    requests++;
    const send = (r: Reply) => {
      res.writeHead(r.status, {
        'content-type': r.type,
        'content-length': Buffer.byteLength(r.body),
        // JSON-LD blocks are data, not scripts, so the shop needs no script execution at all.
        'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
        'x-content-type-options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : r.body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send({ status: 405, type: 'text/plain; charset=utf-8', body: 'method not allowed\n' });
      return;
    }
    route(shop, new URL(req.url ?? '/', baseUrl), baseUrl).then(send, (e: unknown) => {
      // A fixture that hides its own bugs would make crawler failures impossible to diagnose.
      console.error('demo marketplace: request failed', req.url, e);
      if (!res.headersSent) send({ status: 500, type: 'text/plain; charset=utf-8', body: 'internal error\n' });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${formatHost(host)}:${port}`;

  return {
    url: baseUrl,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets from a crawler would otherwise hold close() open.
        server.closeAllConnections();
      }),
    setOverride: (sku, patch) => shop.setOverride(sku, patch),
    remove: (sku) => shop.remove(sku),
    restore: (sku) => shop.restore(sku),
    requestCount: () => requests,
  };
}
