import { readFileSync } from 'node:fs';
import { GROUND_TRUTH_FILE } from '../demo/ground-truth.js';
import type { ListingInput } from '../domain/listing.js';

/**
 * Demo-style listings in any number: the demo ground truth (165 hand-written
 * listings in four languages) cycled, each copy with its own id, URL and a
 * lot number in the description, so every listing is a distinct content
 * version that is stored, classified and triaged. `imageShare` of them keep
 * their label photo (for OCR); the rest have none.
 */
export function demoStyleListings(n: number, opts: { imageShare?: number; platform?: string; tag?: string } = {}): ListingInput[] {
  const base = readFileSync(GROUND_TRUTH_FILE, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const { expected: _e, notes: _n, ...listing } = JSON.parse(l) as ListingInput & { expected?: unknown; notes?: unknown };
      return listing as ListingInput;
    });
  const share = opts.imageShare ?? 0;
  const platform = opts.platform ?? 'demo';
  const tag = opts.tag ?? 'copy';
  const out: ListingInput[] = [];
  for (let i = 0; i < n; i++) {
    const b = base[i % base.length];
    // Spread image-bearing listings evenly: listing i keeps its image when the running share crosses an integer.
    const withImage = Math.floor((i + 1) * share) > Math.floor(i * share);
    const suffix = `${tag}-${i}`;
    out.push({
      ...b,
      id: `${platform}:${b.id.split(':').pop()}-${suffix}`,
      platform,
      url: `${b.url}?v=${suffix}`,
      description: `${b.description ?? ''}\nLot ${suffix}.`,
      images: withImage ? (b.images ?? []).slice(0, 1) : [],
    });
  }
  return out;
}
