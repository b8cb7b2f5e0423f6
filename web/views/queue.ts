import { LABELS } from '../../domain/labels.js';
import type { ReviewRepository, QueueFilters } from '../../db/repositories/review.repository.js';
import { fmtDate, html, qs } from '../html.js';
import { layout, type PageContext } from './layout.js';
import { reasonSelect } from './reason-codes.js';

type QueueResult = Awaited<ReturnType<ReviewRepository['queue']>>;
type Facets = Awaited<ReturnType<ReviewRepository['facets']>>;

export function labelChips(labels: string[], scores?: Record<string, number>) {
  return labels.map((l) => html`<span class="chip lab-${l}">${l}${scores?.[l] !== undefined ? html` <b>${scores[l].toFixed(2)}</b>` : ''}</span>`);
}

export function riskBadge(risk: string) {
  return html`<span class="risk risk-${risk}">${risk}</span>`;
}

export function queuePage(ctx: PageContext, f: QueueFilters & { page: number }, q: QueueResult, facets: Facets, now = new Date()): string {
  const sel = (name: string, value: string | undefined, options: Array<[string, string]>) =>
    html`<select name="${name}"><option value="">any</option>${options.map(([v, t]) => html`<option value="${v}"${v === value ? html` selected` : ''}>${t}</option>`)}</select>`;
  const filterParams = {
    status: f.status === 'open' ? undefined : f.status,
    platform: f.platform,
    label: f.label,
    language: f.language,
    seller: f.seller,
    risk: f.risk,
    from: f.from?.toISOString().slice(0, 10),
    to: f.to?.toISOString().slice(0, 10),
  };
  const pages = Math.max(1, Math.ceil(q.total / 50));
  const rows = q.rows.map((r) => {
    const claimed = r.assignee && r.claimedUntil && r.claimedUntil > now;
    return html`<tr data-case-id="${r.id}" data-href="/cases/${r.id}">
<td><a href="/cases/${r.id}">#${r.id}</a></td>
<td>${riskBadge(r.risk)}</td>
<td class="title"><a href="/cases/${r.id}">${r.title}</a>${r.source !== 'classifier' ? html` <span class="chip src">${r.source}</span>` : ''}</td>
<td>${labelChips(r.labels, r.scores)}</td>
<td>${r.platformId}</td><td>${r.language}</td>
<td>${r.sellerId ? html`<a href="/sellers/${encodeURIComponent(r.sellerId)}">${r.sellerName ?? r.sellerId}</a>` : ''}</td>
<td>${fmtDate(r.openedAt)}</td>
<td>${claimed ? html`<span class="claimed">🔒 ${r.assignee}</span>` : ''}</td>
<td><input type="checkbox" class="pick" name="ids" value="${r.id}" form="bulk" aria-label="select case ${r.id}"></td>
</tr>`;
  });
  return layout(
    ctx,
    'Review queue',
    html`<h1>Review queue <small>${q.total} ${f.status ?? 'open'} case${q.total === 1 ? '' : 's'}</small></h1>
<form method="get" action="/queue" class="filters">
<label>Status ${sel('status', f.status === 'open' ? '' : f.status, [['escalated', 'escalated'], ['confirmed', 'confirmed'], ['dismissed', 'dismissed']])}</label>
<label>Platform ${sel('platform', f.platform, facets.platforms.map((p) => [p.id, p.name]))}</label>
<label>Label ${sel('label', f.label, LABELS.map((l) => [l, l]))}</label>
<label>Language ${sel('language', f.language, facets.languages.map((l) => [l, l]))}</label>
<label>Risk ${sel('risk', f.risk, [['high', 'high'], ['medium', 'medium'], ['low', 'low']])}</label>
<label>Seller <input name="seller" value="${f.seller ?? ''}" size="14" placeholder="platform:id"></label>
<label>From <input type="date" name="from" value="${filterParams.from ?? ''}"></label>
<label>To <input type="date" name="to" value="${filterParams.to ?? ''}"></label>
<button type="submit">Filter</button> <a href="/queue">reset</a>
</form>
<p class="hint">Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>o</kbd> or <kbd>Enter</kbd> open, <kbd>x</kbd> select, <kbd>n</kbd> next unclaimed case, <kbd>?</kbd> help.</p>
<table class="queue"><thead><tr><th>case</th><th>risk</th><th>listing</th><th>labels</th><th>platform</th><th>lang</th><th>seller</th><th>opened</th><th>claim</th><th></th></tr></thead>
<tbody>${rows.length ? rows : html`<tr><td colspan="10">No cases match.</td></tr>`}</tbody></table>
<nav class="pager">${f.page > 1 ? html`<a href="/queue${qs({ ...filterParams, page: f.page - 1 })}">← previous</a>` : ''} page ${f.page} of ${pages} ${f.page < pages ? html`<a href="/queue${qs({ ...filterParams, page: f.page + 1 })}" rel="next">next →</a>` : ''}</nav>
<form id="bulk" method="post" action="/cases/bulk-decision" class="bulk">
<input type="hidden" name="_csrf" value="${ctx.csrf ?? ''}">
<fieldset><legend>Bulk decision on the selected cases</legend>
<select name="decision"><option value="confirm">confirm</option><option value="dismiss">dismiss</option><option value="escalate">escalate</option></select>
${reasonSelect()} <input name="notes" placeholder="note" size="30">
<button type="submit">Apply to selected</button></fieldset></form>`,
    { page: 'queue' },
  );
}
