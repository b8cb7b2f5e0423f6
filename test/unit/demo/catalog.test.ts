import { describe, expect, it } from 'vitest';
import { LABELS } from '../../../domain/labels.js';
import {
  DEMO_LANGUAGES,
  FOOD_CATEGORIES,
  NON_FOOD_CATEGORIES,
  catalogEntryToListing,
  isFoodCategory,
  loadCatalog,
  loadSellers,
  type CatalogEntry,
} from '../../../demo/catalog.js';
import { NO_DATA_SLUG } from '../../../demo/html.js';

const entries = loadCatalog();
const byLanguage = (lang: string) => entries.filter((e) => e.language === lang);

/**
 * Shapes of the certificate/declaration identifiers used in the catalogue.
 * Used to check the labels: a missing_certificate listing must show none of
 * them anywhere, and every other food listing must show at least one.
 */
const CERT_ID_PATTERNS: RegExp[] = [
  /\d+\/\d{4}\/[A-ZĐ0-9-]+-TCB/, // Vietnamese self-declaration
  /\d+\/\d{4}\/ATTP-CNĐK/, // Vietnamese food-safety certificate
  /\d+\/\d{4}\/ĐKSP/, // Vietnamese registration
  /SC\d{14}/, // Chinese production licence
  /国食健注G\d+|食健备G\d+|国食注字YP\d+/, // Chinese health-food / formula registration
  /제\d{4}-\d{7}호/, // Korean health functional food
  /HACCP[^\n]{0,20}?\d{4}-\d-\d{4}|HACCP-[A-Z]{2}-\d{4}-\d{4}/,
  /ISO 22000[^\n]*Cert No\.|FS \d{6}/,
  /GMP[^\n]{0,12}?[A-Z]*-?GMP-\d+|GMP-[A-Z]{2}-\d+/,
  /FDA Food Facility Reg\. \d{11}|FFR \d{11}/,
  /FSAI[- ]/,
  /품목제조보고번호 \d{14}/,
];

function showsCertificateId(e: CatalogEntry): boolean {
  if (e.certificates.length > 0) return true;
  const text = [e.title, e.description, ...Object.values(e.attributes), ...e.image].join('\n');
  return CERT_ID_PATTERNS.some((re) => re.test(text));
}

describe('when the demo catalogue is loaded', () => {
  it('validates and holds at least 160 listings with unique skus and slugs', () => {
    expect(entries.length).toBeGreaterThanOrEqual(160);
    expect(new Set(entries.map((e) => e.sku)).size).toBe(entries.length);
    expect(new Set(entries.map((e) => e.slug)).size).toBe(entries.length);
    expect(entries.some((e) => e.slug === NO_DATA_SLUG)).toBe(false);
  });

  it('has at least 40 listings in each of en, vi, zh and ko', () => {
    for (const lang of DEMO_LANGUAGES) expect(byLanguage(lang).length, lang).toBeGreaterThanOrEqual(40);
  });

  it('covers supplements/teas, foods, cosmetics and ordinary goods in every language', () => {
    for (const lang of DEMO_LANGUAGES) {
      const cats = new Set<string>(byLanguage(lang).map((e) => e.category));
      expect(['supplement', 'herbal_tea'].some((c) => cats.has(c)), lang).toBe(true);
      expect(['food', 'drink', 'baby_food'].every((c) => cats.has(c)), lang).toBe(true);
      expect(cats.has('cosmetic'), lang).toBe(true);
      expect(['household', 'electronics', 'clothing'].every((c) => cats.has(c)), lang).toBe(true);
    }
  });

  it('has positives and negatives for every label in every language', () => {
    for (const lang of DEMO_LANGUAGES) {
      for (const label of LABELS) {
        const pos = byLanguage(lang).filter((e) => e.expected[label]).length;
        const neg = byLanguage(lang).length - pos;
        expect(pos, `${lang} ${label} positives`).toBeGreaterThanOrEqual(5);
        expect(neg, `${lang} ${label} negatives`).toBeGreaterThanOrEqual(15);
      }
    }
  });

  it('spreads the labels roughly as planned (claims ~30%, certificates ~25%, mislabeling ~15%)', () => {
    const share = (label: (typeof LABELS)[number]) => entries.filter((e) => e.expected[label]).length / entries.length;
    expect(share('false_health_claim')).toBeGreaterThan(0.2);
    expect(share('false_health_claim')).toBeLessThan(0.4);
    expect(share('missing_certificate')).toBeGreaterThan(0.18);
    expect(share('missing_certificate')).toBeLessThan(0.32);
    expect(share('mislabeled_food')).toBeGreaterThan(0.1);
    expect(share('mislabeled_food')).toBeLessThan(0.25);
  });

  it('has ~12-16 image-only cases, 3-4 per language', () => {
    const imageOnly = entries.filter((e) => e.notes.includes('image-only'));
    expect(imageOnly.length).toBeGreaterThanOrEqual(12);
    expect(imageOnly.length).toBeLessThanOrEqual(16);
    for (const lang of DEMO_LANGUAGES) {
      const n = imageOnly.filter((e) => e.language === lang).length;
      expect(n, lang).toBeGreaterThanOrEqual(3);
      expect(n, lang).toBeLessThanOrEqual(4);
    }
  });

  it('includes the two hostile listings', () => {
    expect(entries.some((e) => e.title === '<script>alert(1)</script> Trà giảm cân')).toBe(true);
    expect(entries.some((e) => e.description.includes('<img src=x onerror=alert(1)>'))).toBe(true);
  });

  it('never marks a non-food listing missing_certificate or mislabeled_food', () => {
    for (const e of entries.filter((x) => !isFoodCategory(x.category))) {
      expect(NON_FOOD_CATEGORIES).toContain(e.category);
      expect(e.expected.missing_certificate, e.sku).toBe(false);
      expect(e.expected.mislabeled_food, e.sku).toBe(false);
    }
  });

  it('marks a food listing missing_certificate exactly when no identifier shows anywhere', () => {
    for (const e of entries.filter((x) => FOOD_CATEGORIES.includes(x.category))) {
      expect(e.expected.missing_certificate, e.sku).toBe(!showsCertificateId(e));
    }
  });

  it('keeps the cure claim of image-only claim cases out of the text', () => {
    for (const e of entries.filter((x) => x.notes.includes('image-only') && x.expected.false_health_claim)) {
      const text = [e.title, e.description, ...Object.values(e.attributes)].join(' ');
      const imageOnlyLines = e.image.filter((l) => !text.includes(l));
      expect(imageOnlyLines.length, e.sku).toBeGreaterThan(0);
    }
  });

  it('shows the same certificate identifiers on image-only certificate cases only in the image', () => {
    const certOnImage = entries.filter((e) => e.notes.includes('image-only') && e.notes.includes('certificate') && !e.expected.missing_certificate);
    expect(certOnImage.length).toBeGreaterThanOrEqual(4);
    for (const e of certOnImage) {
      expect(e.certificates, e.sku).toEqual([]);
      const text = [e.title, e.description].join('\n');
      expect(CERT_ID_PATTERNS.some((re) => re.test(text)), e.sku).toBe(false);
      expect(CERT_ID_PATTERNS.some((re) => re.test(e.image.join('\n'))), e.sku).toBe(true);
    }
  });

  it('uses well-formed SC licence numbers (SC + 14 digits)', () => {
    const sc = entries.flatMap((e) => e.certificates.filter((c) => c.type === 'sc_licence'));
    expect(sc.length).toBeGreaterThan(5);
    for (const c of sc) expect(c.identifier).toMatch(/^SC\d{14}$/);
  });

  it('keeps list separators out of list items so the JSON-LD strings split back exactly', () => {
    // The same set crawlers/json-ld/extract.ts splits on, full-width forms included.
    for (const e of entries) {
      for (const item of [...e.ingredients, ...e.allergens, ...e.labelClaims]) expect(item, e.sku).not.toMatch(/[;,，、；\n]/);
    }
  });

  it('has no padding whitespace in text a crawler would trim', () => {
    for (const e of entries) {
      const values = [e.title, e.description, e.brand ?? '', ...Object.values(e.attributes), ...e.ingredients, ...e.reviews.map((r) => r.text)];
      for (const v of values) expect(v, e.sku).toBe(v.trim());
    }
  });

  it('has about a dozen sellers, some with tax ids, registration numbers and phones', () => {
    const sellers = loadSellers();
    expect(sellers.length).toBeGreaterThanOrEqual(12);
    expect(sellers.filter((s) => s.taxId).length).toBeGreaterThanOrEqual(4);
    expect(sellers.filter((s) => s.registrationNumber).length).toBeGreaterThanOrEqual(3);
    expect(sellers.filter((s) => s.phone).length).toBeGreaterThanOrEqual(6);
    expect(sellers.filter((s) => !s.taxId && !s.registrationNumber).length).toBeGreaterThanOrEqual(2);
  });
});

describe('when a catalogue entry becomes a Listing', () => {
  const entry = entries.find((e) => e.sku === 'en-042')!;

  it('uses the demo id, platform and the given base URL', () => {
    const l = catalogEntryToListing(entry, 'http://127.0.0.1:9999');
    expect(l.id).toBe('demo:en-042');
    expect(l.platform).toBe('demo');
    expect(l.url).toBe(`http://127.0.0.1:9999/products/${entry.slug}`);
    expect(l.seller?.url).toBe('http://127.0.0.1:9999/sellers/seller-01');
  });

  it('lists the label image first and extra images after it, with repository paths', () => {
    const l = catalogEntryToListing(entry, 'http://x.test');
    expect(l.images).toEqual([
      { url: 'http://x.test/images/en-042.png', path: 'demo/images/en-042.png' },
      { url: 'http://x.test/images/corrupt-label.png', path: 'demo/images/corrupt-label.png' },
    ]);
  });

  it('puts brand into attributes and leaves out attributes the seller did not fill in', () => {
    const noExpiry = entries.find((e) => e.attributes.expiry === undefined)!;
    const l = catalogEntryToListing(noExpiry, 'http://x.test');
    expect(l.attributes).not.toHaveProperty('expiry');
    expect(catalogEntryToListing(entry, 'http://x.test').attributes?.brand).toBe('GreenLeaf Pantry');
  });
});
