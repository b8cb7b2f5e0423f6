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

export function fold(text: string): string {
  const nfc = text.normalize('NFC');
  // ASCII folds to its lowercase, which keeps length.
  if (ASCII_ONLY.test(nfc)) return nfc.toLowerCase();
  const codes = new Uint16Array(nfc.length);
  for (let i = 0; i < nfc.length; i++) {
    const code = nfc.charCodeAt(i);
    let f = table[code];
    if (f === 0) {
      const ch = foldChar(nfc[i]);
      f = ch.length === 1 ? ch.charCodeAt(0) : code;
      table[code] = f;
    }
    codes[i] = f;
  }
  let out = '';
  // String.fromCharCode takes arguments: chunks keep the call within the engine's argument limit.
  for (let i = 0; i < codes.length; i += 8192) out += String.fromCharCode.apply(null, codes.subarray(i, i + 8192) as unknown as number[]);
  return out;
}

/** NFC is applied by fold(); callers that need original offsets must use the same NFC text. */
export function nfc(text: string): string {
  return text.normalize('NFC');
}
