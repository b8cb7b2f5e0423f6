import type { Db } from '../../db/client.js';
import { BlacklistRepository, sellerIdentifiers } from '../../db/repositories/blacklist.repository.js';
import { TakedownRepository } from '../../db/repositories/takedown.repository.js';
import type { Listing } from '../../domain/listing.js';
import { sellerKey } from '../../db/repositories/seller.repository.js';

export interface WatchlistHit {
  force: true;
  source: 'blacklisted_seller' | 'relisted';
}

/**
 * Cases that open regardless of classifier scores: a listing taken down after
 * a notice that is back online (its case reopens), and any listing of a
 * blacklisted seller, recognised by seller id, shop name, phone, business or
 * tax registration number, or image hash (so a re-registered shop or the same
 * shop on another platform is caught too).
 */
export async function watchlistHit(db: Db, listing: Listing): Promise<WatchlistHit | undefined> {
  if (await new TakedownRepository(db).reopenRelisted(listing.id)) return { force: true, source: 'relisted' };
  const s = listing.seller;
  const ids = sellerIdentifiers(
    { sellerId: s ? sellerKey(listing.platform, s) : undefined, name: s?.name, phone: s?.phone, registrationNumber: s?.registrationNumber, taxId: s?.taxId },
    listing.images.map((i) => i.sha256).filter((h): h is string => !!h),
  );
  const hit = await new BlacklistRepository(db).match(ids);
  return hit ? { force: true, source: 'blacklisted_seller' } : undefined;
}
