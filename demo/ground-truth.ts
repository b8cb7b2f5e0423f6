import path from 'node:path';
import { parseListing } from '../domain/listing.js';
import { catalogEntryToListing, DEMO_DIR, GROUND_TRUTH_BASE_URL, type CatalogEntry } from './catalog.js';

/**
 * The labelled demo set as JSON Lines: one Listing per line plus the keys
 * `expected` and `notes`. fetchedAt and contentHash are left out because they
 * belong to a crawl, not to the truth. Strip the two extra keys before giving
 * a line to `parseListing`, which is strict.
 */

export const GROUND_TRUTH_FILE = path.join(DEMO_DIR, 'ground-truth.jsonl');

export function groundTruthJsonl(entries: readonly CatalogEntry[]): string {
  const lines = entries.map((entry) => {
    const listing = catalogEntryToListing(entry, GROUND_TRUTH_BASE_URL);
    // Validation only: the parsed copy carries fetchedAt/contentHash, which must not be written.
    parseListing(listing);
    return JSON.stringify({ ...listing, expected: entry.expected, notes: entry.notes });
  });
  return lines.join('\n') + '\n';
}
