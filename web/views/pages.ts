import type { AnalyticsRepository } from '../../db/repositories/analytics.repository.js';
import type { BlacklistRepository } from '../../db/repositories/blacklist.repository.js';
import type { TakedownRepository } from '../../db/repositories/takedown.repository.js';
import type { PublicUser } from '../../db/repositories/user.repository.js';
import { ROLES } from '../../db/schema/users.js';
import { LABELS } from '../../domain/labels.js';
import { TAKEDOWN_TRANSITIONS, type TakedownStatus } from '../../domain/takedown-status.js';
import type { Notice } from '../../pipeline/takedown/notice.js';
import { externalLink, fmtDate, html, jsonBlock, qs } from '../html.js';
import { manualNextStatuses } from '../operations.js';
import { can } from '../permissions.js';
import { csrfField, layout, type PageContext } from './layout.js';
import { labelChips, riskBadge } from './queue.js';

type SellerPage = NonNullable<Awaited<ReturnType<BlacklistRepository['sellerPage']>>>;

export function sellerPage(ctx: PageContext, p: SellerPage): string {
  const s = p.seller;
  const mayBlock = can(ctx.user!.role, 'sellers.block');
  return layout(
    ctx,
    `Seller ${s.name ?? s.id}`,
    html`<h1>Seller ${s.name ?? s.id} ${s.blacklisted ? html`<span class="chip blk">blacklisted</span>` : ''}</h1>
<p class="meta">${s.id} on ${s.platformId} ${s.url ? html`· ${externalLink(s.url)}` : ''} ${s.phone ? html`· ☎ ${s.phone}` : ''} ${s.registrationNumber ? html`· reg ${s.registrationNumber}` : ''} ${s.taxId ? html`· tax ${s.taxId}` : ''}</p>
${s.blacklisted ? html`<p>Reason: ${s.blacklistReason ?? ''}</p>` : ''}
${
  mayBlock
    ? s.blacklisted
      ? html`<form method="post" action="/sellers/${encodeURIComponent(s.id)}/unblock">${csrfField(ctx)}<button type="submit">Unblock</button></form>`
      : html`<form method="post" action="/sellers/${encodeURIComponent(s.id)}/block" class="inline-form">${csrfField(ctx)}<input name="reason" placeholder="reason for blocking" required size="40"> <button type="submit" id="block-seller">Block seller</button></form>`
    : ''
}
<h2>Same seller elsewhere (${p.linked.length})</h2>
<ul>${p.linked.length ? p.linked.map((x) => html`<li><a href="/sellers/${encodeURIComponent(x.id)}">${x.name ?? x.id}</a> on ${x.platformId} — matched by ${x.via.join(', ')} ${x.blacklisted ? html`<span class="chip blk">blacklisted</span>` : ''}</li>`) : html`<li>no other accounts matched</li>`}</ul>
<h2>Cases (${p.cases.length})</h2>
<table><thead><tr><th>case</th><th>status</th><th>risk</th><th>listing</th><th>platform</th><th>labels</th><th>opened</th></tr></thead><tbody>
${p.cases.map((c) => html`<tr><td><a href="/cases/${c.id}">#${c.id}</a></td><td>${c.status}</td><td>${riskBadge(c.risk)}</td><td>${c.title}</td><td>${c.platformId}</td><td>${labelChips(c.labels)}</td><td>${fmtDate(c.openedAt)}</td></tr>`)}
</tbody></table>
<h2>Listings (${p.listings.length})</h2>
<table><thead><tr><th>listing</th><th>platform</th><th>status</th><th>last seen</th></tr></thead><tbody>
${p.listings.map((l) => html`<tr><td>${externalLink(l.url, l.title)}</td><td>${l.platformId}</td><td>${l.status}</td><td>${fmtDate(l.lastSeenAt)}</td></tr>`)}
</tbody></table>
${p.entries.length ? html`<h2>Blacklist entries</h2><ul>${p.entries.map((e) => html`<li>${e.kind}: <code>${e.value}</code> ${e.active ? '' : '(inactive)'} — ${e.reason} (${e.createdBy}, ${fmtDate(e.createdAt)})</li>`)}</ul>` : ''}`,
  );
}

export function blacklistPage(ctx: PageContext, entries: Awaited<ReturnType<BlacklistRepository['entries']>>): string {
  return layout(
    ctx,
    'Blacklist',
    html`<h1>Blacklist</h1><p>Identifiers of blocked sellers. A new listing whose seller matches any of them opens a case at once.</p>
<table><thead><tr><th>kind</th><th>value</th><th>seller</th><th>reason</th><th>by</th><th>since</th></tr></thead><tbody>
${entries.map((e) => html`<tr><td>${e.kind}</td><td><code>${e.value.length > 24 ? e.value.slice(0, 24) + '…' : e.value}</code></td><td><a href="/sellers/${encodeURIComponent(e.sellerId)}">${e.sellerId}</a></td><td>${e.reason}</td><td>${e.createdBy}</td><td>${fmtDate(e.createdAt)}</td></tr>`)}
</tbody></table>`,
  );
}

type TakedownList = Awaited<ReturnType<TakedownRepository['list']>>;

export function takedownsPage(ctx: PageContext, rows: TakedownList, platforms: string[], status?: string): string {
  const mayWrite = can(ctx.user!.role, 'takedowns.write');
  return layout(
    ctx,
    'Takedown requests',
    html`<h1>Takedown requests</h1>
<form method="get" class="filters"><label>Status <select name="status"><option value="">any</option>${(Object.keys(TAKEDOWN_TRANSITIONS) as TakedownStatus[]).map((s) => html`<option value="${s}"${s === status ? html` selected` : ''}>${s}</option>`)}</select></label> <button>Filter</button></form>
${
  mayWrite
    ? html`<div class="row"><form method="post" action="/takedowns/verify" class="inline">${csrfField(ctx)}<button type="submit">Check re-crawls now</button></form>
${platforms.map((p) => html` <a class="button" href="/takedowns/batch/${encodeURIComponent(p)}">Batch notice for ${p}</a>`)}</div>`
    : ''
}
<table><thead><tr><th>#</th><th>case</th><th>platform</th><th>listing</th><th>status</th><th>sent</th><th>removed</th><th>verified</th></tr></thead><tbody>
${rows.map((r) => html`<tr><td><a href="/takedowns/${r.id}">#${r.id}</a></td><td><a href="/cases/${r.caseId}">#${r.caseId}</a></td><td>${r.platformId}</td><td>${r.title}</td><td><span class="status">${r.status}</span></td><td>${fmtDate(r.sentAt)}</td><td>${fmtDate(r.removedAt)}</td><td>${fmtDate(r.verifiedAt)}</td></tr>`)}
</tbody></table>`,
  );
}

export const FORMATS: Array<[string, string]> = [
  ['json', 'JSON'],
  ['email', 'Email (text)'],
  ['csv', 'CSV'],
  ['html', 'Printable HTML'],
  ['pdf', 'PDF'],
  ['sor', 'DSA statement of reasons (JSON)'],
];

export function takedownPage(ctx: PageContext, t: NonNullable<Awaited<ReturnType<TakedownRepository['get']>>>, notice: Notice): string {
  const td = t.takedown;
  const next = manualNextStatuses(td.status);
  const mayWrite = can(ctx.user!.role, 'takedowns.write');
  const it = notice.items[0];
  return layout(
    ctx,
    `Takedown #${td.id}`,
    html`<h1>Takedown request #${td.id} <span class="status" id="takedown-status">${td.status}</span></h1>
<p class="meta">Case <a href="/cases/${td.caseId}">#${td.caseId}</a> · ${td.platformId} · listing ${t.listing.status} · created ${fmtDate(td.createdAt)} ${td.sentAt ? html`· sent ${fmtDate(td.sentAt)}` : ''} ${td.removedAt ? html`· removed ${fmtDate(td.removedAt)}` : ''} ${td.verifiedAt ? html`· verified ${fmtDate(td.verifiedAt)}` : ''}</p>
<p class="exports">Export: ${FORMATS.map(([f, label]) => html`<a class="button" href="/takedowns/${td.id}/export${qs({ format: f })}" data-format="${f}" download>${label}</a> `)}</p>
${mayWrite && next.length ? html`<form method="post" action="/takedowns/${td.id}/status" class="inline-form">${csrfField(ctx)}<label>Move to <select name="status">${next.map((s) => html`<option value="${s}">${s}</option>`)}</select></label> <input name="note" placeholder="note (e.g. platform ticket)"> <button type="submit" id="set-status">Update status</button></form>` : ''}
<article class="notice panel">
<h2>${notice.legalFramework}</h2>
<p>Reference <b>${notice.reference}</b> · to ${notice.platform.name} · jurisdiction ${notice.jurisdiction.name} (${notice.jurisdiction.id} v${notice.jurisdiction.version})</p>
<dl>
<dt>Exact URL</dt><dd><code>${it.url}</code></dd>
<dt>Listing</dt><dd>${it.title}</dd>
<dt>Why the content is illegal</dt><dd class="explanation">${it.explanation}</dd>
<dt>Legal basis</dt><dd><ul>${it.legalBasis.map((b) => html`<li><b>${b.instrument}, ${b.article}</b>: ${b.summary}</li>`)}</ul></dd>
<dt>Notifier</dt><dd>${notice.notifier.name} &lt;${notice.notifier.email}&gt;</dd>
<dt>Statement</dt><dd><i>${notice.goodFaithStatement}</i></dd>
</dl></article>`,
  );
}

export function batchPage(ctx: PageContext, platform: string, notice: Notice | undefined, caseIds: number[], draftCaseIds: number[] = []): string {
  const mayWrite = can(ctx.user!.role, 'takedowns.write');
  const exportLinks = (of: string) =>
    ['json', 'email', 'csv', 'html', 'pdf', 'sor'].map((f) => html`<a class="button" href="/takedowns/batch/${encodeURIComponent(platform)}/export${qs({ of, format: f })}" data-batch="${of}" data-format="${f}" download>${f}</a> `);
  return layout(
    ctx,
    `Batch notice ${platform}`,
    html`<h1>Batch notice for ${platform}</h1>
<section class="panel" id="batch-pending"><h2>Confirmed, no request yet</h2>
${
  notice
    ? html`<p>${notice.items.length} confirmed listing(s) without a request yet: ${caseIds.map((id) => html`<a href="/cases/${id}">#${id}</a> `)}</p>
${mayWrite ? html`<form method="post" action="/takedowns/batch/${encodeURIComponent(platform)}">${csrfField(ctx)}<button type="submit" id="create-batch">Create draft requests for all</button></form>` : ''}
<p class="exports">Export batch: ${exportLinks('pending')}</p>
<pre class="email">${notice.items.map((i) => `${i.url}\n  ${i.explanation}\n`).join('\n')}</pre>`
    : html`<p>No confirmed cases without a takedown request on this platform.</p>`
}</section>
<section class="panel" id="batch-drafts"><h2>Draft requests, to send as one notice</h2>
${
  draftCaseIds.length
    ? html`<p>${draftCaseIds.length} draft request(s): cases ${draftCaseIds.map((id) => html`<a href="/cases/${id}">#${id}</a> `)}</p>
<p class="exports">Export batch: ${exportLinks('draft')}</p>
${mayWrite ? html`<form method="post" action="/takedowns/batch/${encodeURIComponent(platform)}/sent" class="inline-form">${csrfField(ctx)}<input name="note" placeholder="note (e.g. sent to legal@platform)"> <button type="submit" id="send-batch">Mark all ${draftCaseIds.length} as sent</button></form>` : ''}`
    : html`<p>No draft requests on this platform.</p>`
}</section>`,
  );
}

export function analystPage(ctx: PageContext, profiles: string[], label: string, profile: string, history: Array<{ label: string; version: number; flag: number; high: number; createdBy: string; createdAt: Date; note: string | null }>): string {
  return layout(
    ctx,
    'Thresholds',
    html`<h1>Threshold tuning</h1>
<form method="get" class="filters" id="curve-filters"><label>Label <select name="label">${LABELS.map((l) => html`<option value="${l}"${l === label ? html` selected` : ''}>${l}</option>`)}</select></label>
<label>Jurisdiction profile <select name="profile">${profiles.map((p) => html`<option value="${p}"${p === profile ? html` selected` : ''}>${p}</option>`)}</select></label> <button>Show</button></form>
<div class="charts"><figure class="panel"><figcaption>Scores of reviewed cases: confirmed vs dismissed</figcaption><canvas id="hist" width="560" height="300"></canvas></figure>
<figure class="panel"><figcaption>Precision–recall on reviewed cases</figcaption><canvas id="pr" width="560" height="300"></canvas></figure></div>
<section class="panel" id="tuner">
<h2>Move the threshold</h2>
<form method="post" action="/analyst/thresholds" id="threshold-form" class="stack">${csrfField(ctx)}
<input type="hidden" name="label" value="${label}"><input type="hidden" name="profile" value="${profile}">
<label>Flag at score ≥ <output id="flag-out"></output><input type="range" min="0" max="1" step="0.01" name="flag" id="flag"></label>
<label>High risk at score ≥ <output id="high-out"></output><input type="range" min="0" max="1" step="0.01" name="high" id="high"></label>
<p id="preview" aria-live="polite">loading…</p>
<label>Note <input name="note" placeholder="why this change" maxlength="500"></label>
<button type="submit" id="save-threshold">Save as new version</button></form>
</section>
<section class="panel"><h2>History (${profile})</h2><table><thead><tr><th>label</th><th>version</th><th>flag</th><th>high</th><th>by</th><th>at</th><th>note</th></tr></thead><tbody>
${history.map((h) => html`<tr><td>${h.label}</td><td>v${h.version}</td><td>${h.flag}</td><td>${h.high}</td><td>${h.createdBy}</td><td>${fmtDate(h.createdAt)}</td><td>${h.note ?? ''}</td></tr>`)}</tbody></table></section>
${jsonBlock('curve-params', { label, profile })}`,
    { scripts: ['/static/chart.umd.js', '/static/analyst.js'], page: 'analyst' },
  );
}

type Dash = {
  open: Awaited<ReturnType<AnalyticsRepository['openPerPlatform']>>;
  weekly: Awaited<ReturnType<AnalyticsRepository['flaggedPerWeek']>>;
  turnaround: Awaited<ReturnType<AnalyticsRepository['takedownTurnaround']>>;
  repeat: Awaited<ReturnType<AnalyticsRepository['repeatSellers']>>;
  crawls: Awaited<ReturnType<AnalyticsRepository['crawlHealth']>>;
};

export function dashboardPage(ctx: PageContext, d: Dash): string {
  const weeks = [...new Set(d.weekly.map((w) => w.week))];
  const keys = [...new Set(d.weekly.map((w) => `${w.platform} · ${w.label}`))];
  return layout(
    ctx,
    'Dashboard',
    html`<h1>Dashboard</h1>
<section class="panel"><h2>Open cases per platform</h2><p>${d.open.length ? d.open.map((o) => html`<span class="chip">${o.platform}: <b>${o.n}</b></span> `) : 'none'}</p></section>
<section class="panel"><h2>Flagged listings per week, platform and label</h2><canvas id="weekly" width="900" height="260"></canvas>
<table><thead><tr><th>week</th>${keys.map((k) => html`<th>${k}</th>`)}</tr></thead><tbody>${weeks.map((w) => html`<tr><td>${w}</td>${keys.map((k) => html`<td class="num">${d.weekly.find((x) => x.week === w && `${x.platform} · ${x.label}` === k)?.n ?? 0}</td>`)}</tr>`)}</tbody></table></section>
<section class="panel"><h2>Takedown turnaround</h2><table><thead><tr><th>platform</th><th>requests</th><th>removed</th><th>still online</th><th>avg hours to removal</th><th>median hours</th></tr></thead><tbody>
${d.turnaround.perPlatform.map((t) => html`<tr><td>${t.platform}</td><td class="num">${t.total}</td><td class="num">${t.removed}</td><td class="num">${t.still_online}</td><td class="num">${t.avg_hours ?? '—'}</td><td class="num">${t.median_hours ?? '—'}</td></tr>`)}</tbody></table>
<p>${d.turnaround.statuses.map((s) => html`<span class="chip">${s.status}: ${s.n}</span> `)}</p></section>
<section class="panel"><h2>Repeat sellers</h2><table><thead><tr><th>seller</th><th>platform</th><th>confirmed cases</th><th></th></tr></thead><tbody>
${d.repeat.map((r) => html`<tr><td><a href="/sellers/${encodeURIComponent(r.id)}">${r.name ?? r.id}</a></td><td>${r.platform}</td><td class="num">${r.confirmed}</td><td>${r.blacklisted ? html`<span class="chip blk">blacklisted</span>` : ''}</td></tr>`)}</tbody></table></section>
<section class="panel"><h2>Crawl health</h2><table><thead><tr><th>run</th><th>platform</th><th>status</th><th>pages</th><th>new / changed / re-listed / removed</th><th>errors</th><th>started</th><th>took</th></tr></thead><tbody>
${d.crawls.map((c) => html`<tr class="${c.status === 'failed' ? 'bad' : ''}"><td>#${c.id}</td><td>${c.platformId}</td><td>${c.status}</td><td class="num">${c.stats.pages}</td><td>${c.stats.listingsNew} / ${c.stats.listingsChanged} / ${c.stats.listingsRelisted ?? 0} / ${c.stats.listingsRemoved}</td><td>${Object.entries(c.stats.errors).map(([k, v]) => `${k}:${v}`).join(' ') || '0'}</td><td>${fmtDate(c.startedAt)}</td><td>${c.finishedAt ? `${Math.round((c.finishedAt.getTime() - c.startedAt.getTime()) / 1000)} s` : '…'}</td></tr>`)}</tbody></table></section>
${jsonBlock('weekly-data', { weeks, series: keys.map((k) => ({ key: k, data: weeks.map((w) => d.weekly.find((x) => x.week === w && `${x.platform} · ${x.label}` === k)?.n ?? 0) })) })}`,
    { scripts: ['/static/chart.umd.js', '/static/dashboard.js'], page: 'dashboard' },
  );
}

export function auditPage(ctx: PageContext, rows: Awaited<ReturnType<AnalyticsRepository['audit']>>, actions: string[], f: Record<string, string | undefined>): string {
  const last = rows[rows.length - 1];
  return layout(
    ctx,
    'Audit trail',
    html`<h1>Audit trail</h1><p>Append-only: entries cannot be edited or deleted.</p>
<form method="get" class="filters"><label>Action <select name="action"><option value="">any</option>${actions.map((a) => html`<option value="${a}"${a === f.action ? html` selected` : ''}>${a}</option>`)}</select></label>
<label>Actor <input name="actor" value="${f.actor ?? ''}" size="12"></label><label>Entity <input name="entity" value="${f.entity ?? ''}" size="10"></label> <button>Filter</button>
<a class="button" href="/audit/export${qs({ ...f, format: 'csv' })}">Export CSV</a> <a class="button" href="/audit/export${qs({ ...f, format: 'json' })}">Export JSON</a></form>
<table class="audit"><thead><tr><th>#</th><th>at</th><th>actor</th><th>action</th><th>entity</th><th>before</th><th>after</th></tr></thead><tbody>
${rows.map((r) => html`<tr><td>${r.id}</td><td>${fmtDate(r.at)}</td><td>${r.actor}</td><td>${r.action}</td><td>${r.entity} ${r.entityId ?? ''}</td><td><code>${r.before ? JSON.stringify(r.before) : ''}</code></td><td><code>${r.after ? JSON.stringify(r.after) : ''}</code></td></tr>`)}</tbody></table>
${last && rows.length >= 100 ? html`<a href="/audit${qs({ ...f, before: last.id })}">older →</a>` : ''}`,
  );
}

export function usersPage(ctx: PageContext, users: PublicUser[]): string {
  return layout(
    ctx,
    'Users',
    html`<h1>Users</h1><table><thead><tr><th>user</th><th>name</th><th>email</th><th>role</th><th></th></tr></thead><tbody>
${users.map((u) => html`<tr><td>${u.username}</td><td>${u.displayName ?? ''}</td><td>${u.email ?? ''}</td><td><form method="post" action="/admin/users/${encodeURIComponent(u.username)}/role" class="inline">${csrfField(ctx)}<select name="role">${ROLES.map((r) => html`<option value="${r}"${r === u.role ? html` selected` : ''}>${r}</option>`)}</select> <button>Set</button></form></td>
<td>${u.username !== ctx.user!.username ? html`<form method="post" action="/admin/users/${encodeURIComponent(u.username)}/remove" class="inline">${csrfField(ctx)}<button>Remove</button></form>` : ''}</td></tr>`)}</tbody></table>
<h2>Add a user</h2><form method="post" action="/admin/users" class="stack narrow">${csrfField(ctx)}
<label>Username <input name="username" required></label><label>Password <input name="password" type="password" minlength="8" required></label>
<label>Name <input name="displayName"></label><label>Email <input name="email" type="email"></label>
<label>Role <select name="role">${ROLES.map((r) => html`<option value="${r}">${r}</option>`)}</select></label><button>Add</button></form>`,
  );
}
