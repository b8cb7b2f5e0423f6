/**
 * URL normalisation and scope rules shared by every adapter, so that one page
 * reached through two links (tracking parameters, another query order, a
 * fragment) is fetched once, and nothing outside a target's domains is followed.
 */

/** Query parameters that only track the visitor; they never select different content. */
const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'msclkid', 'yclid', 'igshid', 'mc_cid', 'mc_eid', '_ga', '_gl', 'ref', 'ref_src',
  'spm', 'scm', 'srsltid', 'si', 'trk', 'campaign', 'affiliate', 'aff_id', 'variant_tracking',
]);
const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_', 'hsa_', 'oly_'];

export function isTrackingParam(name: string): boolean {
  const n = name.toLowerCase();
  return TRACKING_PARAMS.has(n) || TRACKING_PREFIXES.some((p) => n.startsWith(p));
}

/**
 * Canonical form of a URL: lower-case scheme and host, default port dropped,
 * fragment dropped, tracking parameters removed, remaining parameters sorted.
 * Returns undefined for anything that is not http(s).
 */
export function normalizeUrl(input: string, base?: string): string | undefined {
  let u: URL;
  try {
    u = new URL(input.trim(), base);
  } catch {
    // Unparseable hrefs in seller HTML are simply not links.
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  u.hash = '';
  u.username = '';
  u.password = '';
  const kept = [...u.searchParams.entries()].filter(([k]) => !isTrackingParam(k));
  kept.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  u.search = '';
  for (const [k, v] of kept) u.searchParams.append(k, v);
  if (u.pathname === '') u.pathname = '/';
  return u.toString();
}

/** Host name without a leading `www.`, lower-case. */
export function bareHost(host: string): string {
  return host.toLowerCase().replace(/^www\./, '');
}

/**
 * True when the URL's host is one of `allowedDomains` or a subdomain of one.
 * An empty list allows nothing (targets always name their domains).
 */
export function isAllowedDomain(url: string, allowedDomains: readonly string[]): boolean {
  let host: string;
  try {
    host = bareHost(new URL(url).hostname);
  } catch {
    return false;
  }
  return allowedDomains.some((d) => {
    const dom = bareHost(d.replace(/^\*\./, ''));
    return host === dom || host.endsWith(`.${dom}`);
  });
}

/**
 * The "shape" of a URL for pagination-trap limits: numbers, dates and long
 * ids become placeholders and query values are dropped, so /calendar/2024/01,
 * /calendar/2024/02, ... all count against one pattern.
 */
export function urlPattern(url: string): string {
  const u = new URL(url);
  const path = u.pathname
    .split('/')
    .map((seg) => (/\d/.test(seg) && /^[\w.-]*\d[\w.-]*$/.test(seg) && !/^[a-z-]+$/i.test(seg) ? (/^\d+$/.test(seg) ? '{n}' : '{id}') : seg))
    .join('/');
  const keys = [...new Set([...u.searchParams.keys()])].sort();
  return `${u.host}${path}${keys.length ? '?' + keys.map((k) => `${k}=`).join('&') : ''}`;
}
