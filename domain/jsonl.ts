import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { expectedSchema, type Expected } from './labels.js';
import { safeParseListing, type Listing } from './listing.js';

export interface LineError {
  line: number;
  message: string;
}

export class InputFileError extends Error {
  readonly code = 'INPUT_UNREADABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InputFileError';
  }
}

export function openInput(pathOrDash: string): Readable {
  if (pathOrDash === '-') return process.stdin;
  const s = createReadStream(pathOrDash);
  return s;
}

export function openOutput(pathOrDash: string | undefined): Writable {
  if (!pathOrDash || pathOrDash === '-') return process.stdout;
  return createWriteStream(pathOrDash);
}

export interface ReadListingsOptions {
  /** Accept and return an `expected` object per line (labeled datasets). */
  labeled?: boolean;
  onError?(e: LineError): void;
}

export interface ListingLine {
  line: number;
  listing: Listing;
  expected?: Expected;
}

/**
 * Streams Listings from JSON Lines. A bad line is reported with its number and
 * skipped; the rest is still processed. Blank lines are ignored.
 */
export async function* readListings(input: Readable, opts: ReadListingsOptions = {}): AsyncGenerator<ListingLine> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  const fail = (message: string) => opts.onError?.({ line, message });
  try {
    for await (const raw of rl) {
      line++;
      const text = raw.trim();
      if (!text) continue;
      let obj: unknown;
      try {
        obj = JSON.parse(text);
      } catch (e) {
        fail(`not valid JSON (${(e as Error).message})`);
        continue;
      }
      if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
        fail('expected a JSON object');
        continue;
      }
      const { expected, notes: _notes, ...rest } = obj as Record<string, unknown>;
      let exp: Expected | undefined;
      if (opts.labeled) {
        const e = expectedSchema.safeParse(expected);
        if (!e.success) {
          fail(`"expected" must be {"false_health_claim":bool,"missing_certificate":bool,"mislabeled_food":bool}`);
          continue;
        }
        exp = e.data;
      }
      const parsed = safeParseListing(rest);
      if (!parsed.ok) {
        fail(parsed.error.message);
        continue;
      }
      yield { line, listing: parsed.listing, expected: exp };
    }
  } catch (cause) {
    throw new InputFileError(`cannot read input: ${(cause as Error).message}`, { cause });
  }
}

export async function readListingFile(path: string, opts: ReadListingsOptions = {}): Promise<ListingLine[]> {
  const out: ListingLine[] = [];
  const stream = openInput(path);
  const opened = new Promise<void>((resolve, reject) => {
    if (path === '-') return resolve();
    stream.once('open', () => resolve());
    stream.once('error', (e) => reject(new InputFileError(`cannot open ${path}: ${(e as Error).message}`, { cause: e })));
  });
  await opened;
  for await (const l of readListings(stream, opts)) out.push(l);
  return out;
}
