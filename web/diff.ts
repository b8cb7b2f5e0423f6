import type { Listing } from '../domain/listing.js';

export type DiffOp = { op: '=' | '-' | '+'; text: string };

/** Word-level diff (LCS); long texts fall back to whole-value replace to stay O(n·m) bounded. */
export function wordDiff(a: string, b: string): DiffOp[] {
  if (a === b) return [{ op: '=', text: a }];
  const x = a.split(/(\s+)/);
  const y = b.split(/(\s+)/);
  // 1500 tokens each: 2.25 M cells, a few ms; above that show old and new whole.
  if (x.length > 1500 || y.length > 1500) return [{ op: '-', text: a }, { op: '+', text: b }];
  const n = x.length;
  const m = y.length;
  const dp = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) dp[i][j] = x[i] === y[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const out: DiffOp[] = [];
  const push = (op: DiffOp['op'], text: string) => {
    const last = out[out.length - 1];
    if (last && last.op === op) last.text += text;
    else out.push({ op, text });
  };
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      push('=', x[i]);
      i++;
      j++;
    } else if (dp[i + 1][j] >= dp[i][j + 1]) push('-', x[i++]);
    else push('+', y[j++]);
  }
  while (i < n) push('-', x[i++]);
  while (j < m) push('+', y[j++]);
  return out;
}

function show(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('\n');
  return JSON.stringify(v);
}

const FIELDS: Array<[string, (l: Listing) => unknown]> = [
  ['title', (l) => l.title],
  ['description', (l) => l.description],
  ['price', (l) => (l.price === undefined ? undefined : `${l.price} ${l.currency ?? ''}`.trim())],
  ['category', (l) => l.category],
  ['seller', (l) => l.seller],
  ['certificates', (l) => l.certificates],
  ['labelClaims', (l) => l.labelClaims],
  ['ingredients', (l) => l.ingredients],
  ['allergens', (l) => l.allergens],
  ['attributes', (l) => l.attributes],
  ['images', (l) => l.images.map((i) => i.url ?? i.path)],
  ['reviews', (l) => l.reviews.map((r) => r.text)],
];

/** What changed between two content versions of a listing, field by field. */
export function diffListings(before: Listing, after: Listing): Array<{ field: string; ops: DiffOp[] }> {
  const out: Array<{ field: string; ops: DiffOp[] }> = [];
  for (const [field, get] of FIELDS) {
    const a = show(get(before));
    const b = show(get(after));
    if (a !== b) out.push({ field, ops: wordDiff(a, b) });
  }
  return out;
}
