import { eq, sql } from 'drizzle-orm';
import type { Seller } from '../../domain/listing.js';
import type { Db } from '../client.js';
import { sellers } from '../schema/index.js';

export function sellerKey(platformId: string, seller: Seller): string | undefined {
  const ext = seller.id ?? seller.url ?? seller.name;
  return ext ? `${platformId}:${ext}` : undefined;
}

export class SellerRepository {
  constructor(private readonly db: Db) {}

  /** Upserts the seller as last seen; returns its id, or undefined when the listing names no seller. */
  async upsert(platformId: string, seller: Seller | undefined): Promise<string | undefined> {
    if (!seller) return undefined;
    const id = sellerKey(platformId, seller);
    if (!id) return undefined;
    const values = {
      name: seller.name ?? null,
      url: seller.url ?? null,
      registrationNumber: seller.registrationNumber ?? null,
      taxId: seller.taxId ?? null,
      phone: seller.phone ?? null,
    };
    await this.db
      .insert(sellers)
      .values({ id, platformId, externalId: id.slice(platformId.length + 1), ...values })
      .onConflictDoUpdate({ target: sellers.id, set: { ...values, updatedAt: sql`now()` } });
    return id;
  }

  async get(id: string) {
    const [row] = await this.db.select().from(sellers).where(eq(sellers.id, id));
    return row;
  }
}
