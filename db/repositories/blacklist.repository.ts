import { and, desc, eq, inArray, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import type { Seller } from '../../domain/listing.js';
import type { Db } from '../client.js';
import { auditLog, cases, images, listings, sellerBlacklist, sellers, type BlacklistKind } from '../schema/index.js';

/** Shop names compared without case, accents, spaces, punctuation and common shop words. */
export function normalizeShopName(name: string | null | undefined): string | undefined {
  if (!name) return undefined;
  const n = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/đ/g, 'd')
    .replace(/\b(official|store|shop|mall|flagship|co|ltd|llc|inc|company|cong ty|tnhh)\b/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');
  return n.length >= 3 ? n : undefined;
}

/** Phone numbers compared on their last 9 digits, so +84 90… and 090… match. */
export function normalizePhone(phone: string | null | undefined): string | undefined {
  const d = (phone ?? '').replace(/\D+/g, '');
  return d.length >= 8 ? d.slice(-9) : undefined;
}

export function normalizeRegistration(v: string | null | undefined): string | undefined {
  const n = (v ?? '').toUpperCase().replace(/[^A-Z0-9]+/g, '');
  return n.length >= 5 ? n : undefined;
}

export interface Identifier {
  kind: BlacklistKind;
  value: string;
}

/** The identifiers a seller is recognised by, normalized. */
export function sellerIdentifiers(s: Partial<Seller> & { sellerId?: string | null }, imageHashes: string[] = []): Identifier[] {
  const out: Identifier[] = [];
  const push = (kind: BlacklistKind, value: string | undefined) => value && out.push({ kind, value });
  push('seller', s.sellerId ?? undefined);
  push('shop_name', normalizeShopName(s.name));
  push('phone', normalizePhone(s.phone));
  push('registration', normalizeRegistration(s.registrationNumber));
  push('tax_id', normalizeRegistration(s.taxId));
  for (const h of imageHashes) push('image', h);
  return out;
}

/** Blocked sellers and matching the same seller across platforms and re-registrations. */
export class BlacklistRepository {
  constructor(private readonly db: Db) {}

  private async imageHashesOf(sellerId: string): Promise<string[]> {
    const rows = await this.db
      .selectDistinct({ sha: images.sha256 })
      .from(images)
      .innerJoin(listings, eq(listings.id, images.listingId))
      .where(and(eq(listings.sellerId, sellerId), isNotNull(images.sha256)))
      .limit(500);
    return rows.map((r) => r.sha!).filter(Boolean);
  }

  async block(sellerId: string, reason: string, actor: string): Promise<number> {
    const [seller] = await this.db.select().from(sellers).where(eq(sellers.id, sellerId));
    if (!seller) throw new RangeError(`no seller ${sellerId}`);
    const ids = sellerIdentifiers(
      { sellerId, name: seller.name ?? undefined, phone: seller.phone ?? undefined, registrationNumber: seller.registrationNumber ?? undefined, taxId: seller.taxId ?? undefined },
      await this.imageHashesOf(sellerId),
    );
    return this.db.transaction(async (tx) => {
      for (const id of ids) {
        await tx
          .insert(sellerBlacklist)
          .values({ ...id, sellerId, reason, createdBy: actor })
          .onConflictDoUpdate({ target: [sellerBlacklist.kind, sellerBlacklist.value], set: { active: true, reason, updatedAt: sql`now()` } });
      }
      await tx.update(sellers).set({ blacklisted: true, blacklistReason: reason, updatedAt: sql`now()` }).where(eq(sellers.id, sellerId));
      await tx.insert(auditLog).values({ actor, action: 'seller.block', entity: 'seller', entityId: sellerId, after: { reason, identifiers: ids.length } });
      return ids.length;
    });
  }

  async unblock(sellerId: string, actor: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.update(sellerBlacklist).set({ active: false, updatedAt: sql`now()` }).where(eq(sellerBlacklist.sellerId, sellerId));
      await tx.update(sellers).set({ blacklisted: false, updatedAt: sql`now()` }).where(eq(sellers.id, sellerId));
      await tx.insert(auditLog).values({ actor, action: 'seller.unblock', entity: 'seller', entityId: sellerId });
    });
  }

  /** The first active blacklist entry any of these identifiers hits. */
  async match(ids: Identifier[]) {
    if (!ids.length) return undefined;
    const conds = ids.map((i) => and(eq(sellerBlacklist.kind, i.kind), eq(sellerBlacklist.value, i.value)) as SQL);
    const [row] = await this.db
      .select()
      .from(sellerBlacklist)
      .where(and(eq(sellerBlacklist.active, true), or(...conds)))
      .limit(1);
    return row;
  }

  entries(sellerId?: string) {
    const q = this.db.select().from(sellerBlacklist);
    return (sellerId ? q.where(eq(sellerBlacklist.sellerId, sellerId)) : q.where(eq(sellerBlacklist.active, true))).orderBy(desc(sellerBlacklist.id)).limit(500);
  }

  /**
   * Sellers that are probably the same business as `sellerId`: same phone,
   * registration or tax number or shop name, or selling with the same image bytes.
   */
  async linkedSellers(sellerId: string): Promise<Array<{ id: string; platformId: string; name: string | null; blacklisted: boolean; via: string[] }>> {
    const [me] = await this.db.select().from(sellers).where(eq(sellers.id, sellerId));
    if (!me) return [];
    const mine = sellerIdentifiers({ name: me.name ?? undefined, phone: me.phone ?? undefined, registrationNumber: me.registrationNumber ?? undefined, taxId: me.taxId ?? undefined });
    const want = new Map(mine.map((i) => [i.kind, i.value]));
    const found = new Map<string, { id: string; platformId: string; name: string | null; blacklisted: boolean; via: Set<string> }>();
    // Seller tables are small next to listings (one row per shop), so identity matching is done here in code.
    const all = await this.db
      .select({ id: sellers.id, platformId: sellers.platformId, name: sellers.name, phone: sellers.phone, reg: sellers.registrationNumber, tax: sellers.taxId, blacklisted: sellers.blacklisted })
      .from(sellers);
    for (const s of all) {
      if (s.id === sellerId) continue;
      const theirs = sellerIdentifiers({ name: s.name ?? undefined, phone: s.phone ?? undefined, registrationNumber: s.reg ?? undefined, taxId: s.tax ?? undefined });
      const via = theirs.filter((i) => want.get(i.kind) === i.value).map((i) => i.kind);
      if (via.length) found.set(s.id, { id: s.id, platformId: s.platformId, name: s.name, blacklisted: s.blacklisted, via: new Set(via) });
    }
    const hashes = await this.imageHashesOf(sellerId);
    if (hashes.length) {
      const rows = await this.db
        .selectDistinct({ id: sellers.id, platformId: sellers.platformId, name: sellers.name, blacklisted: sellers.blacklisted })
        .from(images)
        .innerJoin(listings, eq(listings.id, images.listingId))
        .innerJoin(sellers, eq(sellers.id, listings.sellerId))
        .where(and(inArray(images.sha256, hashes), sql`${sellers.id} <> ${sellerId}`));
      for (const r of rows) {
        const f = found.get(r.id) ?? { ...r, via: new Set<string>() };
        f.via.add('image');
        found.set(r.id, f);
      }
    }
    return [...found.values()].map((f) => ({ ...f, via: [...f.via] }));
  }

  /** A seller with its listings and cases, and the listings of linked sellers. */
  async sellerPage(sellerId: string) {
    const [seller] = await this.db.select().from(sellers).where(eq(sellers.id, sellerId));
    if (!seller) return undefined;
    const linked = await this.linkedSellers(sellerId);
    const ids = [sellerId, ...linked.map((l) => l.id)];
    const [ls, cs, entries] = await Promise.all([
      this.db
        .select({ id: listings.id, title: listings.title, url: listings.url, platformId: listings.platformId, sellerId: listings.sellerId, status: listings.status, lastSeenAt: listings.lastSeenAt })
        .from(listings)
        .where(inArray(listings.sellerId, ids))
        .orderBy(listings.platformId, listings.id)
        .limit(1000),
      this.db
        .select({ id: cases.id, listingId: cases.listingId, title: listings.title, platformId: listings.platformId, sellerId: listings.sellerId, status: cases.status, risk: cases.risk, labels: cases.labels, openedAt: cases.openedAt, source: cases.source })
        .from(cases)
        .innerJoin(listings, eq(listings.id, cases.listingId))
        .where(inArray(listings.sellerId, ids))
        .orderBy(desc(cases.id))
        .limit(1000),
      this.entries(sellerId),
    ]);
    return { seller, linked, listings: ls, cases: cs, entries };
  }
}
