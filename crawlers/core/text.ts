import * as cheerio from 'cheerio';

/** Visible text of an HTML fragment (product descriptions from APIs come as HTML). */
export function htmlToText(htmlFragment: string | undefined | null): string {
  if (!htmlFragment) return '';
  if (!/[<&]/.test(htmlFragment)) return htmlFragment.trim();
  const $ = cheerio.load(`<div>${htmlFragment.replace(/<(br|\/p|\/li|\/div|\/h\d)\b[^>]*>/gi, (m) => `${m}\n`)}</div>`);
  return $('div')
    .first()
    .text()
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

/**
 * A price from shop text: "1.250.000 ₫", "€ 1.234,50", "$1,234.50", "19.99".
 * The last separator followed by exactly two digits (or one/three digits not
 * repeated) is the decimal point; others group thousands.
 */
export function parsePrice(text: string | undefined | null): number | undefined {
  if (!text) return undefined;
  const m = /\d[\d.,\s\u00a0']*/.exec(text);
  if (!m) return undefined;
  const raw = m[0].replace(/[\s\u00a0']/g, '').replace(/[.,]$/, '');
  const seps = raw.match(/[.,]/g) ?? [];
  let normalized: string;
  if (!seps.length) normalized = raw;
  else {
    const last = Math.max(raw.lastIndexOf('.'), raw.lastIndexOf(','));
    const decimals = raw.length - last - 1;
    const lastSep = raw[last];
    const sameSepCount = seps.filter((s) => s === lastSep).length;
    const isDecimal = seps.length === 1 ? decimals !== 3 : sameSepCount === 1 && decimals !== 3;
    normalized = isDecimal ? raw.slice(0, last).replace(/[.,]/g, '') + '.' + raw.slice(last + 1) : raw.replace(/[.,]/g, '');
  }
  const n = Number(normalized);
  return Number.isFinite(n) ? n : undefined;
}

const CURRENCY_SYMBOLS: Record<string, string> = { '₫': 'VND', đ: 'VND', '€': 'EUR', '£': 'GBP', '¥': 'CNY', '₩': 'KRW', '$': 'USD', '฿': 'THB', 'RM': 'MYR', 'Rp': 'IDR', '₱': 'PHP' };

/** ISO code from "VND", "₫", "$"...; undefined when none is recognisable. */
export function parseCurrency(text: string | undefined | null): string | undefined {
  if (!text) return undefined;
  const code = /\b([A-Z]{3})\b/.exec(text)?.[1];
  if (code) return code;
  for (const [sym, iso] of Object.entries(CURRENCY_SYMBOLS)) if (text.includes(sym)) return iso;
  return undefined;
}

export function splitList(v: string | undefined): string[] {
  if (!v) return [];
  return v
    .split(/[;,，、；\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
