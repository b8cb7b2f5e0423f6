import type { Evidence, Label } from '../../domain/labels.js';
import { LABELS } from '../../domain/labels.js';
import type { JurisdictionProfile, LegalBasis } from './jurisdictions.js';

/** What a notice needs to know about one confirmed case; built by the caller from the database rows. */
export interface NoticeCase {
  caseId: number;
  listingId: string;
  url: string;
  title: string;
  platformId: string;
  platformName: string;
  sellerId?: string | null;
  sellerName?: string | null;
  labels: string[];
  scores: Record<string, number>;
  evidence: Evidence[];
  /** `classifier`, `blacklisted_seller`, `relisted` */
  source: string;
  reviewer: string;
  reasonCode?: string | null;
  notes?: string | null;
  decidedAt?: Date | string | null;
  /** When the listing was first seen (content date in the statement of reasons). */
  firstSeenAt?: Date | string | null;
}

export interface Notifier {
  name: string;
  email: string;
  organisation?: string;
}

export interface NoticeItem {
  caseId: number;
  listingId: string;
  /** The exact electronic location (DSA Art. 16(2)(b)). */
  url: string;
  title: string;
  seller: string | null;
  labels: Label[];
  /** The substantiated explanation why the content is illegal (DSA Art. 16(2)(a)). */
  explanation: string;
  evidence: Array<{ label: Label; field: string; quote: string }>;
  legalBasis: Array<LegalBasis & { label: Label }>;
  reviewedBy: string;
  decidedAt: string | null;
}

export interface Notice {
  /** Stable reference quoted in correspondence: one case, or a platform batch. */
  reference: string;
  kind: 'single' | 'batch';
  createdAt: string;
  platform: { id: string; name: string };
  jurisdiction: { id: string; version: number; name: string; dsa: boolean };
  notifier: Notifier;
  items: NoticeItem[];
  /** DSA Art. 16(2)(d): bona fide belief statement. */
  goodFaithStatement: string;
  legalFramework: string;
}

export const GOOD_FAITH_STATEMENT =
  'I confirm my bona fide belief that the information and allegations contained in this notice are accurate and complete (Regulation (EU) 2022/2065, Art. 16(2)(d)).';

const LABEL_REASON: Record<Label, string> = {
  false_health_claim: 'makes health claims that attribute to a food the property of preventing, treating or curing disease, or other unauthorised health claims',
  missing_certificate: 'offers a food or food supplement without the registration, licence or certificate the law requires, or without showing it',
  mislabeled_food: 'gives food information that is missing mandatory particulars or contradicts itself (ingredients, allergens, quantity, dates)',
};

export const LABEL_TITLE: Record<Label, string> = {
  false_health_claim: 'False or unauthorised health claim',
  missing_certificate: 'Missing certificate or registration',
  mislabeled_food: 'Mislabeled food',
};

function isLabel(x: string): x is Label {
  return (LABELS as readonly string[]).includes(x);
}

function iso(d: Date | string | null | undefined): string | null {
  if (!d) return null;
  return (d instanceof Date ? d : new Date(d)).toISOString();
}

/** Quotes kept short so a notice stays readable; 200 characters is enough to locate the text. */
function quote(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 200 ? t.slice(0, 199) + '…' : t;
}

export function buildNoticeItem(c: NoticeCase, profile: JurisdictionProfile): NoticeItem {
  const labels = c.labels.filter(isLabel);
  const seen = new Set<string>();
  const evidence: NoticeItem['evidence'] = [];
  for (const e of c.evidence) {
    if (e.label === 'info' || !labels.includes(e.label) || !e.span) continue;
    const key = `${e.label}|${e.field}|${e.span}`;
    if (seen.has(key)) continue;
    seen.add(key);
    evidence.push({ label: e.label, field: e.field, quote: quote(e.span) });
  }
  const legalBasis = labels.flatMap((l) => profile.legal_basis[l].map((b) => ({ ...b, label: l })));
  const parts = labels.map((l) => {
    const quotes = evidence.filter((e) => e.label === l).slice(0, 5);
    const cited = profile.legal_basis[l].map((b) => `${b.instrument}, ${b.article}`).join('; ');
    const q = quotes.length ? ` It states: ${quotes.map((e) => `"${e.quote}" (${e.field})`).join(', ')}.` : '';
    return `${LABEL_TITLE[l]}: the listing ${LABEL_REASON[l]}.${q} This contravenes ${cited}.`;
  });
  if (c.source === 'blacklisted_seller') parts.push('The seller was previously found to offer illegal products and is on our blocklist.');
  if (c.source === 'relisted') parts.push('The listing was removed after an earlier notice and has been put online again.');
  parts.push(`The listing was reviewed by a person (${c.reviewer}) before this notice was sent.`);
  return {
    caseId: c.caseId,
    listingId: c.listingId,
    url: c.url,
    title: c.title,
    seller: c.sellerName ?? c.sellerId ?? null,
    labels,
    explanation: parts.join(' '),
    evidence,
    legalBasis,
    reviewedBy: c.reviewer,
    decidedAt: iso(c.decidedAt),
  };
}

function frameworkOf(profile: JurisdictionProfile): string {
  return profile.dsa
    ? 'Notice of illegal content under Article 16 of Regulation (EU) 2022/2065 (Digital Services Act)'
    : `Notice of illegal content under the law of ${profile.name}`;
}

/** One notice for one confirmed case. */
export function buildNotice(c: NoticeCase, profile: JurisdictionProfile, notifier: Notifier, now: Date = new Date()): Notice {
  return {
    reference: `SW-${c.platformId}-${c.caseId}`,
    kind: 'single',
    createdAt: now.toISOString(),
    platform: { id: c.platformId, name: c.platformName },
    jurisdiction: { id: profile.id, version: profile.version, name: profile.name, dsa: profile.dsa },
    notifier,
    items: [buildNoticeItem(c, profile)],
    goodFaithStatement: GOOD_FAITH_STATEMENT,
    legalFramework: frameworkOf(profile),
  };
}

/** One notice per platform listing several confirmed cases; throws when cases of several platforms are mixed. */
export function buildBatchNotice(cases: NoticeCase[], profile: JurisdictionProfile, notifier: Notifier, now: Date = new Date()): Notice {
  if (!cases.length) throw new RangeError('a batch notice needs at least one case');
  const platforms = new Set(cases.map((c) => c.platformId));
  if (platforms.size > 1) throw new RangeError(`a batch notice is per platform; got ${[...platforms].join(', ')}`);
  const sorted = [...cases].sort((a, b) => a.caseId - b.caseId);
  return {
    reference: `SW-${sorted[0].platformId}-B${sorted[0].caseId}-${sorted.length}`,
    kind: 'batch',
    createdAt: now.toISOString(),
    platform: { id: sorted[0].platformId, name: sorted[0].platformName },
    jurisdiction: { id: profile.id, version: profile.version, name: profile.name, dsa: profile.dsa },
    notifier,
    items: sorted.map((c) => buildNoticeItem(c, profile)),
    goodFaithStatement: GOOD_FAITH_STATEMENT,
    legalFramework: frameworkOf(profile),
  };
}

/** The DSA Art. 16(2) elements a notice must carry; returns what is missing (empty = complete). */
export function missingNoticeElements(n: Notice): string[] {
  const missing: string[] = [];
  if (!n.items.length) missing.push('items');
  for (const it of n.items) {
    if (!/^https?:\/\//.test(it.url)) missing.push(`items[${it.caseId}].url`);
    if (it.explanation.trim().length < 40) missing.push(`items[${it.caseId}].explanation`);
  }
  if (!n.notifier.name.trim()) missing.push('notifier.name');
  if (!/^[^@\s]+@[^@\s]+$/.test(n.notifier.email)) missing.push('notifier.email');
  if (!n.goodFaithStatement) missing.push('goodFaithStatement');
  return missing;
}
