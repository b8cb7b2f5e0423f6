import {
  imageFileNames,
  imageUrl,
  productUrl,
  sellerUrl,
  type CatalogEntry,
  type DemoCertificate,
  type DemoLanguage,
} from './catalog.js';

/**
 * The schema.org Product the demo shop embeds in every product page. This is
 * the contract the crawler's JSON-LD extractor reads; keep the two in step.
 *
 * List fields travel as one string: ingredients and allergens joined by ", ",
 * label claims by "; ". The catalogue guarantees no item contains a separator,
 * so splitting recovers the arrays exactly.
 */

export const LIST_SEPARATOR = ', ';
export const CLAIMS_SEPARATOR = '; ';

const CERTIFICATE_NAMES: Record<DemoCertificate['type'], string> = {
  food_safety: 'Food safety certificate',
  self_declaration: 'Product self-declaration',
  registration: 'Product registration',
  sc_licence: 'Food production licence (SC)',
  haccp: 'HACCP certificate',
  iso22000: 'ISO 22000 certificate',
  gmp: 'GMP certificate',
  hff_kr: 'Health functional food registration',
  organic: 'Organic certificate',
};

/** Localised property names shown to shoppers; propertyID is the stable key. */
const PROPERTY_NAMES: Record<DemoLanguage, Record<string, string>> = {
  en: { ingredients: 'Ingredients', allergens: 'Allergens', claims: 'Claims', net_quantity: 'Net quantity', expiry: 'Best before', origin: 'Origin', manufacturer: 'Manufacturer' },
  vi: { ingredients: 'Thành phần', allergens: 'Chất gây dị ứng', claims: 'Công bố trên nhãn', net_quantity: 'Khối lượng tịnh', expiry: 'Hạn sử dụng', origin: 'Xuất xứ', manufacturer: 'Nhà sản xuất' },
  zh: { ingredients: '配料', allergens: '致敏物质', claims: '标签声称', net_quantity: '净含量', expiry: '保质期至', origin: '产地', manufacturer: '生产商' },
  ko: { ingredients: '원재료명', allergens: '알레르기 유발물질', claims: '표시 문구', net_quantity: '내용량', expiry: '소비기한', origin: '원산지', manufacturer: '제조원' },
};

export function propertyName(language: DemoLanguage, propertyId: string): string {
  return PROPERTY_NAMES[language][propertyId] ?? propertyId;
}

export function certificateDisplayName(c: DemoCertificate): string {
  return c.name ?? CERTIFICATE_NAMES[c.type];
}

/** Rounded to one decimal, as shops display it. */
export function averageRating(entry: Pick<CatalogEntry, 'reviews'>): number {
  const sum = entry.reviews.reduce((s, r) => s + r.rating, 0);
  return Math.round((sum / entry.reviews.length) * 10) / 10;
}

/** [propertyID, value] pairs in page order, only for values the seller filled in. */
export function productProperties(entry: CatalogEntry): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (entry.ingredients.length) out.push(['ingredients', entry.ingredients.join(LIST_SEPARATOR)]);
  if (entry.allergens.length) out.push(['allergens', entry.allergens.join(LIST_SEPARATOR)]);
  if (entry.labelClaims.length) out.push(['claims', entry.labelClaims.join(CLAIMS_SEPARATOR)]);
  for (const key of ['net_quantity', 'expiry', 'origin', 'manufacturer'] as const) {
    const v = entry.attributes[key];
    if (v !== undefined) out.push([key, v]);
  }
  return out;
}

export function productJsonLd(entry: CatalogEntry, baseUrl: string): Record<string, unknown> {
  const s = entry.seller;
  const seller: Record<string, unknown> = {
    '@type': 'Organization',
    identifier: s.id,
    name: s.name,
    url: sellerUrl(baseUrl, s.id),
  };
  if (s.taxId) seller.taxID = s.taxId;
  // Not a schema.org property: business registration numbers have no standard slot, and the
  // classifier wants them apart from tax ids (they differ in IE, CN and KR).
  if (s.registrationNumber) seller.registrationNumber = s.registrationNumber;
  if (s.phone) seller.telephone = s.phone;

  const ld: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    sku: entry.sku,
    productID: entry.sku,
    name: entry.title,
    description: entry.description,
    category: entry.category,
    inLanguage: entry.language,
    image: imageFileNames(entry).map((f) => imageUrl(baseUrl, f)),
  };
  if (entry.brand) ld.brand = { '@type': 'Brand', name: entry.brand };
  if (entry.attributes.origin) ld.countryOfOrigin = entry.attributes.origin;
  ld.offers = {
    '@type': 'Offer',
    price: String(entry.price),
    priceCurrency: entry.currency,
    availability: 'https://schema.org/InStock',
    url: productUrl(baseUrl, entry),
    seller,
  };
  ld.hasCertification = entry.certificates.map((c) => {
    const cert: Record<string, unknown> = {
      '@type': 'Certification',
      additionalType: c.type,
      name: certificateDisplayName(c),
      certificationIdentification: c.identifier,
    };
    if (c.issuer) cert.issuedBy = { '@type': 'Organization', name: c.issuer };
    return cert;
  });
  ld.additionalProperty = productProperties(entry).map(([id, value]) => ({
    '@type': 'PropertyValue',
    propertyID: id,
    name: propertyName(entry.language, id),
    value,
  }));
  ld.aggregateRating = { '@type': 'AggregateRating', ratingValue: averageRating(entry), reviewCount: entry.reviews.length };
  ld.review = entry.reviews.map((r) => ({
    '@type': 'Review',
    author: { '@type': 'Person', name: r.author },
    reviewRating: { '@type': 'Rating', ratingValue: r.rating },
    reviewBody: r.text,
    datePublished: r.date,
  }));
  return ld;
}

/**
 * JSON for inside <script type="application/ld+json">. `<` is escaped so text
 * such as `</script>` in a title cannot end the element early; `>` and `&`
 * likewise so no HTML parser state is touched; U+2028/2029 for old JS parsers.
 * JSON.parse restores all of them unchanged.
 */
export function serializeJsonLd(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
