/**
 * Prints a seeded random sample of corpus rows in a compact, readable form,
 * for eyeballing labels against text.
 *
 *   npx tsx tools/corpus/sample-rows.ts [--n 40] [--seed 1] [--lang vi] [--file models/corpus/listings.v1.jsonl]
 */
import { readFileSync } from 'node:fs';
import { createRng } from './prng.js';

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const file = arg('--file') ?? 'models/corpus/listings.v1.jsonl';
const n = Number(arg('--n') ?? 40);
const lang = arg('--lang');
const rng = createRng(Number(arg('--seed') ?? 1));
type Row = Record<string, any>;
let rows: Row[] = readFileSync(file, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l));
if (lang) rows = rows.filter((r) => r.language === lang);
for (const r of rng.sample(rows, n)) {
  const e = r.expected;
  const flags = `fhc=${+e.false_health_claim} mc=${+e.missing_certificate} ml=${+e.mislabeled_food}`;
  console.log(`=== ${r.id} [${flags}] ${r.category}`);
  console.log(`TITLE: ${r.title}`);
  console.log(`DESC: ${r.description.replace(/\n/g, ' ⏎ ')}`);
  if (r.labelClaims.length) console.log(`CLAIMS: ${r.labelClaims.join(' | ')}`);
  if (r.ingredients.length) console.log(`INGR: ${r.ingredients.join(', ')}`);
  if (r.allergens.length) console.log(`ALLERGENS: ${r.allergens.join(', ')}`);
  if (r.certificates.length) console.log(`CERTS: ${r.certificates.map((c: Row) => `${c.type}:${c.identifier}`).join(', ')}`);
  console.log(`ATTRS: ${Object.entries(r.attributes).map(([k, v]) => `${k}=${v}`).join(' | ')}`);
  if (r.reviews.length) console.log(`REVIEWS: ${r.reviews.map((x: Row) => x.text).join(' | ')}`);
  if (r.seller?.registrationNumber) console.log(`SELLER REG: ${r.seller.registrationNumber}`);
  console.log(`NOTES: ${r.notes}`);
}
