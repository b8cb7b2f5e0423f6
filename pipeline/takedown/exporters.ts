import type { Notice } from './notice.js';
import { LABEL_TITLE } from './notice.js';
import { statementsOfReasons, type StatementOfReasons } from './statement-of-reasons.js';

export const EXPORT_FORMATS = ['json', 'email', 'csv', 'html', 'sor'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface Exported {
  body: string;
  contentType: string;
  filename: string;
}

export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Machine-readable notice with the pre-filled statements of reasons. */
export function noticeToJson(n: Notice): string {
  return JSON.stringify({ ...n, statementsOfReasons: statementsOfReasons(n) }, null, 2);
}

/** Plain-text email: subject line, then the body with every Art. 16(2) element in order. */
export function noticeToEmail(n: Notice): { subject: string; body: string } {
  const subject = `[${n.reference}] ${n.legalFramework}: ${n.items.length} listing${n.items.length === 1 ? '' : 's'} on ${n.platform.name}`;
  const lines: string[] = [
    `To: ${n.platform.name} (notice and action mechanism)`,
    `Reference: ${n.reference}`,
    `Date: ${n.createdAt}`,
    '',
    `${n.legalFramework}.`,
    `Jurisdiction profile: ${n.jurisdiction.name} (${n.jurisdiction.id} v${n.jurisdiction.version})`,
    '',
  ];
  n.items.forEach((it, i) => {
    lines.push(`${i + 1}. ${oneLine(it.title)}`);
    lines.push(`   Exact URL: ${it.url}`);
    lines.push(`   Listing id: ${it.listingId}${it.seller ? `; seller: ${oneLine(it.seller)}` : ''}`);
    lines.push(`   Why it is illegal: ${oneLine(it.explanation)}`);
    for (const b of it.legalBasis) lines.push(`   Legal basis (${it.labels.length > 1 ? LABEL_TITLE[b.label] + ': ' : ''}${b.instrument}, ${b.article}): ${b.summary}`);
    lines.push('');
  });
  lines.push(`Notifier: ${n.notifier.name}${n.notifier.organisation ? `, ${n.notifier.organisation}` : ''} <${n.notifier.email}>`);
  lines.push('');
  lines.push(n.goodFaithStatement);
  return { subject, body: lines.join('\n') + '\n' };
}

/** Listing text may contain line breaks and control characters; an email line must not. */
function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}

/** One CSV cell: quoted per RFC 4180, and formula-leading characters neutralised (CSV injection). */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: Array<Record<string, unknown>>, columns?: string[]): string {
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return [cols.map(csvCell).join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(','))].join('\r\n') + '\r\n';
}

/** One row per listing in the notice (a batch gives several rows). */
export function noticeToCsv(n: Notice): string {
  return toCsv(
    n.items.map((it) => ({
      reference: n.reference,
      platform: n.platform.id,
      jurisdiction: `${n.jurisdiction.id}@v${n.jurisdiction.version}`,
      case_id: it.caseId,
      listing_id: it.listingId,
      url: it.url,
      title: it.title,
      seller: it.seller,
      labels: it.labels.join(' '),
      explanation: it.explanation,
      legal_basis: it.legalBasis.map((b) => `${b.instrument}, ${b.article}`).join('; '),
      notifier_name: n.notifier.name,
      notifier_email: n.notifier.email,
      good_faith_statement: n.goodFaithStatement,
      created_at: n.createdAt,
    })),
  );
}

export function sorToCsv(rows: StatementOfReasons[]): string {
  return toCsv(rows.map((r) => ({ ...r })));
}

/** Printable HTML: self-contained, no script, everything escaped; a CSP meta forbids scripts even if something slipped through. */
export function noticeToHtml(n: Notice): string {
  const items = n.items
    .map(
      (it, i) => `<section class="item">
<h2>${i + 1}. ${escapeHtml(it.title)}</h2>
<dl>
<dt>Exact URL</dt><dd><code>${escapeHtml(it.url)}</code></dd>
<dt>Listing</dt><dd>${escapeHtml(it.listingId)}${it.seller ? ` — seller ${escapeHtml(it.seller)}` : ''}</dd>
<dt>Grounds</dt><dd>${it.labels.map((l) => escapeHtml(LABEL_TITLE[l])).join(', ')}</dd>
<dt>Why the content is illegal</dt><dd>${escapeHtml(it.explanation)}</dd>
<dt>Legal basis</dt><dd><ul>${it.legalBasis.map((b) => `<li><b>${escapeHtml(b.instrument)}, ${escapeHtml(b.article)}</b>: ${escapeHtml(b.summary)}</li>`).join('')}</ul></dd>
${it.evidence.length ? `<dt>Evidence</dt><dd><ul>${it.evidence.map((e) => `<li>${escapeHtml(e.field)}: “${escapeHtml(e.quote)}”</li>`).join('')}</ul></dd>` : ''}
</dl>
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(n.reference)}</title>
<style>body{font:11pt/1.45 Georgia,serif;max-width:48em;margin:2em auto;color:#111}h1{font-size:16pt}h2{font-size:13pt;border-top:1px solid #999;padding-top:.6em}dt{font-weight:bold;margin-top:.4em}dd{margin-left:1.2em;overflow-wrap:anywhere}code{font-size:9.5pt}.meta{color:#444}@media print{body{margin:0}}</style>
</head><body>
<h1>${escapeHtml(n.legalFramework)}</h1>
<p class="meta">Reference <b>${escapeHtml(n.reference)}</b> · ${escapeHtml(n.createdAt)} · to ${escapeHtml(n.platform.name)} · jurisdiction ${escapeHtml(n.jurisdiction.name)} (${escapeHtml(n.jurisdiction.id)} v${n.jurisdiction.version})</p>
${items}
<h2>Notifier</h2>
<p>${escapeHtml(n.notifier.name)}${n.notifier.organisation ? `, ${escapeHtml(n.notifier.organisation)}` : ''} &lt;${escapeHtml(n.notifier.email)}&gt;</p>
<p><i>${escapeHtml(n.goodFaithStatement)}</i></p>
</body></html>
`;
}

export function exportNotice(n: Notice, format: ExportFormat): Exported {
  const base = n.reference.replace(/[^A-Za-z0-9._-]+/g, '_');
  switch (format) {
    case 'json':
      return { body: noticeToJson(n), contentType: 'application/json; charset=utf-8', filename: `${base}.json` };
    case 'email': {
      const e = noticeToEmail(n);
      return { body: `Subject: ${e.subject}\n\n${e.body}`, contentType: 'text/plain; charset=utf-8', filename: `${base}.txt` };
    }
    case 'csv':
      return { body: noticeToCsv(n), contentType: 'text/csv; charset=utf-8', filename: `${base}.csv` };
    case 'html':
      return { body: noticeToHtml(n), contentType: 'text/html; charset=utf-8', filename: `${base}.html` };
    case 'sor':
      return { body: JSON.stringify(statementsOfReasons(n), null, 2), contentType: 'application/json; charset=utf-8', filename: `${base}.sor.json` };
  }
}
