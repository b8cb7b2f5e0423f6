import { open, realpath } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { ImageRow } from '../db/schema/images.js';
import { REPO_ROOT } from '../config.js';
import type { Workbench } from './services.js';

/** Image types the proxy serves, recognised by their first bytes (never by extension or stored type). */
export function sniffImageType(head: Buffer): string | undefined {
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.length >= 6 && (head.subarray(0, 6).toString('latin1') === 'GIF87a' || head.subarray(0, 6).toString('latin1') === 'GIF89a')) return 'image/gif';
  if (head.length >= 12 && head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return undefined;
}

/**
 * Resolves a stored image path, only inside the allowed roots: images.path can
 * come from imported listings, so it is not trusted to point anywhere.
 */
export async function resolveImagePath(stored: string, roots: string[]): Promise<string | undefined> {
  const candidates = path.isAbsolute(stored) ? [stored] : [path.resolve(stored), ...roots.map((r) => path.resolve(r, stored))];
  for (const c of candidates) {
    let real: string;
    try {
      real = await realpath(c);
    } catch {
      // Not there: try the next candidate.
      continue;
    }
    for (const root of roots) {
      let realRoot: string;
      try {
        realRoot = await realpath(root);
      } catch {
        // A configured root that does not exist confines nothing.
        continue;
      }
      if (real === realRoot || real.startsWith(realRoot + path.sep)) return real;
    }
  }
  return undefined;
}

/** Reads an image for the proxy: allowed location, real image bytes, at most 20 MB. */
export async function readStoredImage(stored: string, roots: string[]): Promise<{ bytes: Buffer; type: string } | undefined> {
  const file = await resolveImagePath(stored, roots);
  if (!file) return undefined;
  const fh = await open(file, 'r');
  try {
    const st = await fh.stat();
    if (!st.isFile() || st.size > 20 * 1024 * 1024) return undefined;
    const bytes = await fh.readFile();
    const type = sniffImageType(bytes.subarray(0, 16));
    return type ? { bytes, type } : undefined;
  } finally {
    await fh.close();
  }
}

const sizeCache = new Map<string, { width: number; height: number }>();

/** Natural sizes of stored images (for the OCR box overlay's coordinate system), cached by content hash. */
export async function imageSizes(wb: Workbench, imgs: ImageRow[]): Promise<Map<number, { width: number; height: number }>> {
  const out = new Map<number, { width: number; height: number }>();
  const roots = imageRoots(wb);
  await Promise.all(
    imgs.map(async (img) => {
      if (!img.path) return;
      const key = img.sha256 ?? img.path;
      let size = sizeCache.get(key);
      if (!size) {
        const file = await resolveImagePath(img.path, roots);
        if (!file) return;
        try {
          const m = await sharp(file).metadata();
          if (!m.width || !m.height) return;
          size = { width: m.width, height: m.height };
          if (sizeCache.size > 10_000) sizeCache.clear();
          sizeCache.set(key, size);
        } catch {
          // Unreadable image: the overlay falls back to the OCR boxes' extent.
          return;
        }
      }
      out.set(img.id, size);
    }),
  );
  return out;
}

export function imageRoots(wb: Workbench): string[] {
  return wb.opts.imageRoots ?? [path.resolve(wb.opts.config.dataDir), path.join(REPO_ROOT, 'demo', 'images'), path.join(REPO_ROOT, 'test', 'fixtures')];
}
