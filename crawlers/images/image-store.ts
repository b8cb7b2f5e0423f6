import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface StoredImage {
  sha256: string;
  /** Where the bytes are; what the OCR stage reads. */
  path: string;
  contentType: string;
  bytes: number;
  /** The same bytes were already stored (by another listing or an earlier crawl). */
  existed: boolean;
}

/** Where image bytes live, once per sha256. Swap for object storage by implementing this. */
export interface ImageStore {
  put(bytes: Buffer, contentType: string): Promise<StoredImage>;
  /** The stored copy for a hash, if present. */
  get(sha256: string, contentType: string): Promise<StoredImage | undefined>;
}

const EXT: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/avif': 'avif',
  'image/bmp': 'bmp',
  'image/tiff': 'tif',
};
export const extensionFor = (contentType: string) => EXT[contentType] ?? 'bin';

export const sha256Hex = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** `<root>/<first 2 hex>/<sha256>.<ext>`: a folder per prefix keeps directories small. */
export class LocalImageStore implements ImageStore {
  constructor(readonly root: string) {}

  pathFor(sha256: string, contentType: string): string {
    return path.join(this.root, sha256.slice(0, 2), `${sha256}.${extensionFor(contentType)}`);
  }

  async get(sha256: string, contentType: string): Promise<StoredImage | undefined> {
    const p = this.pathFor(sha256, contentType);
    try {
      const s = await stat(p);
      return { sha256, path: p, contentType, bytes: s.size, existed: true };
    } catch {
      // Not stored (yet): the caller downloads.
      return undefined;
    }
  }

  async put(bytes: Buffer, contentType: string): Promise<StoredImage> {
    const sha256 = sha256Hex(bytes);
    const p = this.pathFor(sha256, contentType);
    if (existsSync(p)) return { sha256, path: p, contentType, bytes: bytes.length, existed: true };
    await mkdir(path.dirname(p), { recursive: true });
    // Write then rename, so a reader never sees half a file and two writers of the same hash agree.
    const tmp = `${p}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, p);
    return { sha256, path: p, contentType, bytes: bytes.length, existed: false };
  }
}
