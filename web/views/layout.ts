import type { PublicUser } from '../../db/repositories/user.repository.js';
import { html, type SafeHtml } from '../html.js';
import { can, type Permission } from '../permissions.js';

export interface PageContext {
  user?: PublicUser;
  csrf?: string;
  /** Fixed message key from the query string (`?ok=decided`); never echoes input. */
  flash?: string;
}

const FLASH: Record<string, string> = {
  decided: 'Decision saved.',
  claimed: 'Case claimed for you.',
  released: 'Claim released.',
  claim_taken: 'Someone else holds this case.',
  already_decided: 'This case was already decided.',
  bulk: 'Bulk decision applied.',
  blocked: 'Seller blocked; matching listings will open cases at once.',
  unblocked: 'Seller unblocked.',
  takedown: 'Takedown request created.',
  status: 'Takedown status updated.',
  bad_transition: 'That status change is not allowed.',
  verified: 'Re-crawl check done.',
  saved: 'Threshold saved as a new version.',
  user_added: 'User added.',
  user_removed: 'User removed.',
  role_set: 'Role changed.',
  error: 'That did not work; check the form.',
};

const NAV: Array<[string, string, Permission]> = [
  ['/queue', 'Queue', 'cases.decide'],
  ['/takedowns', 'Takedowns', 'takedowns.read'],
  ['/blacklist', 'Blacklist', 'sellers.read'],
  ['/analyst', 'Thresholds', 'thresholds.read'],
  ['/dashboard', 'Dashboard', 'dashboard.read'],
  ['/audit', 'Audit', 'audit.read'],
  ['/admin/users', 'Users', 'users.manage'],
];

export function csrfField(ctx: PageContext): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${ctx.csrf ?? ''}">`;
}

export function layout(ctx: PageContext, title: string, body: SafeHtml, opts: { scripts?: string[]; page?: string } = {}): string {
  const u = ctx.user;
  const flash = ctx.flash && FLASH[ctx.flash];
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${ctx.csrf ?? ''}">
<title>${title} · Shelfwatch</title><link rel="stylesheet" href="/static/app.css"></head>
<body data-page="${opts.page ?? ''}">
<header class="top"><a class="brand" href="/">Shelfwatch</a>
${u ? html`<nav>${NAV.filter(([, , p]) => can(u.role, p)).map(([href, label]) => html`<a href="${href}">${label}</a>`)}</nav>
<form method="post" action="/logout" class="logout">${csrfField(ctx)}<span class="who">${u.username} · ${u.role}</span> <button type="submit">Log out</button></form>` : ''}
</header>
${flash ? html`<p class="flash" role="status">${flash}</p>` : ''}
<main>${body}</main>
<script src="/static/app.js"></script>
${(opts.scripts ?? []).map((s) => html`<script src="${s}"></script>`)}
</body></html>`.value;
}

export function loginPage(opts: { csrf: string; next?: string; error?: boolean }): string {
  return layout(
    {},
    'Sign in',
    html`<section class="narrow"><h1>Sign in</h1>
${opts.error ? html`<p class="error" role="alert">Wrong username or password.</p>` : ''}
<form method="post" action="/login" class="stack">
<input type="hidden" name="_csrf" value="${opts.csrf}">
<input type="hidden" name="next" value="${opts.next ?? ''}">
<label>Username <input name="username" autocomplete="username" required autofocus></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form></section>`,
  );
}
