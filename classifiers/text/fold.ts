/**
 * Case- and diacritic-folding that keeps string length, so a match found in
 * the folded text points at the same offsets in the original. Sellers write
 * Vietnamese without tone marks ("chua khoi tieu duong") to dodge filters;
 * folding both the text and the lexicon catches both spellings.
 */
const cache = new Map<string, string>();

function foldChar(ch: string): string {
  let f = cache.get(ch);
  if (f !== undefined) return f;
  const lower = ch.toLowerCase();
  if (lower === 'đ') f = 'd';
  else {
    const base = lower.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    // Only 1:1 replacements keep offsets aligned; anything else stays as is.
    f = base.length === 1 ? base : lower.length === 1 ? lower : ch;
  }
  // Full-width ASCII (Ｆ，１) as used in Chinese listings folds to ASCII.
  const code = f.charCodeAt(0);
  if (f.length === 1 && code >= 0xff01 && code <= 0xff5e) f = String.fromCharCode(code - 0xfee0).toLowerCase();
  cache.set(ch, f);
  return f;
}

// Folded code unit per UTF-16 code unit (0 = not computed yet): a table lookup instead of a Map per char.
const table = new Uint16Array(65536);
const ASCII_ONLY = /^[\x00-\x7f]*$/;
// Scratch for the folded code units (fold is synchronous and not re-entrant).
let scratch = new Uint16Array(1024);
// Buffer's utf16le decoder turns code units into a string several times faster than
// String.fromCharCode.apply, keeping lone surrogates; it reads little-endian bytes.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function fromCodes(codes: Uint16Array, n: number): string {
  if (LITTLE_ENDIAN) return Buffer.from(codes.buffer, codes.byteOffset, n * 2).toString('utf16le');
  let out = '';
  // String.fromCharCode takes arguments: chunks keep the call within the engine's argument limit.
  for (let i = 0; i < n; i += 8192) out += String.fromCharCode.apply(null, codes.subarray(i, Math.min(n, i + 8192)) as unknown as number[]);
  return out;
}

export function fold(text: string): string {
  // ASCII is NFC already and folds to its lowercase, which keeps length.
  if (ASCII_ONLY.test(text)) return text.toLowerCase();
  const nfc = text.normalize('NFC');
  if (ASCII_ONLY.test(nfc)) return nfc.toLowerCase();
  const n = nfc.length;
  if (scratch.length < n) scratch = new Uint16Array(Math.max(n, scratch.length * 2));
  const codes = scratch;
  let changed = false;
  for (let i = 0; i < n; i++) {
    const code = nfc.charCodeAt(i);
    let f = table[code];
    if (f === 0) {
      const ch = foldChar(nfc[i]);
      f = ch.length === 1 ? ch.charCodeAt(0) : code;
      table[code] = f;
    }
    if (f !== code) changed = true;
    codes[i] = f;
  }
  // Text that folds to itself (most CJK) needs no new string.
  return changed ? fromCodes(codes, n) : nfc;
}

/** NFC is applied by fold(); callers that need original offsets must use the same NFC text. */
export function nfc(text: string): string {
  return text.normalize('NFC');
}
