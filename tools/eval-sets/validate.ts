/**
 * Checks a labeled JSON Lines evaluation file before it is used: every line a
 * valid Listing with an `expected` object, ids unique, and label counts per
 * language printed so a too-small cell is visible before anyone trusts an F1 on it.
 *
 *   npx tsx tools/eval-sets/validate.ts models/eval-sets/fresh-test.v1.jsonl [...more files]
 */
import { createReadStream } from 'node:fs';
import { readListings, type LineError } from '../../domain/jsonl.js';
import { LABELS } from '../../domain/labels.js';

async function main(files: string[]): Promise<number> {
  if (!files.length) {
    console.error('usage: tsx tools/eval-sets/validate.ts <file.jsonl> [...]');
    return 2;
  }
  let bad = 0;
  const ids = new Map<string, string>();
  const counts = new Map<string, { rows: number; pos: Record<string, number> }>();
  for (const file of files) {
    const errors: LineError[] = [];
    for await (const { line, listing, expected } of readListings(createReadStream(file), { labeled: true, onError: (e) => errors.push(e) })) {
      const where = `${file}:${line}`;
      const seen = ids.get(listing.id);
      if (seen) errors.push({ line, message: `duplicate id ${listing.id} (first at ${seen})` });
      ids.set(listing.id, where);
      const c = counts.get(listing.language) ?? { rows: 0, pos: Object.fromEntries(LABELS.map((l) => [l, 0])) };
      c.rows++;
      for (const l of LABELS) if (expected?.[l]) c.pos[l]++;
      counts.set(listing.language, c);
    }
    for (const e of errors) console.error(`${file}:${e.line}: ${e.message}`);
    bad += errors.length;
  }
  console.log(['lang', 'rows', ...LABELS].join('\t'));
  for (const [lang, c] of [...counts].sort()) console.log([lang, c.rows, ...LABELS.map((l) => c.pos[l])].join('\t'));
  console.log(bad ? `${bad} problem(s)` : 'ok');
  return bad ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
