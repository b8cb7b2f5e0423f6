import type { ReviewRepository } from '../../db/repositories/review.repository.js';
import type { Evidence } from '../../domain/labels.js';
import type { Listing } from '../../domain/listing.js';
import type { OcrWord } from '../../domain/ocr.js';
import { diffListings } from '../diff.js';
import { fieldText, highlight, intersects } from '../highlight.js';
import { externalLink, fmtDate, html, type SafeHtml } from '../html.js';
import { can } from '../permissions.js';
import { csrfField, layout, type PageContext } from './layout.js';
import { labelChips, riskBadge } from './queue.js';
import { reasonOptions, reasonSelect } from './reason-codes.js';

export type CaseDetail = NonNullable<Awaited<ReturnType<ReviewRepository['detail']>>>;
export type ImageSizes = Map<number, { width: number; height: number }>;

function evidenceFor(ev: Evidence[], field: string): Evidence[] {
  return ev.filter((e) => e.field === field && e.label !== 'info');
}

function field(listing: Listing, ev: Evidence[], name: string, label: string, cls = ''): SafeHtml {
  const text = fieldText(listing, name);
  if (text === undefined || text === '') return html``;
  return html`<div class="field ${cls}" data-field="${name}"><div class="fname">${label}</div><div class="fval">${highlight(text, evidenceFor(ev, name))}</div></div>`;
}

function ocrFigure(d: CaseDetail, row: CaseDetail['images'][number], sizes: ImageSizes, ev: Evidence[]): SafeHtml {
  const img = row.image;
  const words: OcrWord[] = row.ocr?.words ?? [];
  const field = `images[${img.position}].ocr`;
  const imgEv = ev.filter((e) => e.field === field || e.field.startsWith(`images[${img.position}]`));
  const evBoxes = imgEv.filter((e) => e.bbox).map((e) => ({ box: e.bbox!, label: e.label }));
  const spans = imgEv.map((e) => e.span.toLowerCase()).filter(Boolean);
  const size = sizes.get(img.id) ?? {
    width: Math.max(1, ...words.map((w) => w.bbox[2]), ...evBoxes.map((b) => b.box[2])),
    height: Math.max(1, ...words.map((w) => w.bbox[3]), ...evBoxes.map((b) => b.box[3])),
  };
  const flaggedWord = (w: OcrWord) =>
    evBoxes.some((b) => intersects(w.bbox, b.box)) || (w.text.trim().length > 2 && spans.some((s) => s.includes(w.text.toLowerCase())));
  const rects = words.map((w) => {
    const f = flaggedWord(w);
    return html`<rect class="ocr-word${f ? ' flagged' : ''}" x="${w.bbox[0]}" y="${w.bbox[1]}" width="${w.bbox[2] - w.bbox[0]}" height="${w.bbox[3] - w.bbox[1]}"><title>${w.text} (${Math.round(w.confidence)}%)</title></rect>`;
  });
  const evRects = evBoxes.map(
    (b) => html`<rect class="ocr-evidence ev-${b.label}" x="${b.box[0]}" y="${b.box[1]}" width="${b.box[2] - b.box[0]}" height="${b.box[3] - b.box[1]}"></rect>`,
  );
  const available = img.path && img.status !== 'rejected';
  return html`<figure class="ocr" data-image-id="${img.id}">
<div class="imgbox">${available ? html`<img src="/media/images/${img.id}" alt="listing image ${img.position + 1}" loading="lazy">` : html`<div class="noimg">image not stored locally${img.errorReason ? html`: ${img.errorReason}` : ''}</div>`}
<svg class="boxes" viewBox="0 0 ${size.width} ${size.height}" preserveAspectRatio="none" aria-hidden="true">${rects}${evRects}</svg></div>
<figcaption>Image ${img.position + 1}${row.ocr ? html` · OCR ${row.ocr.engine} ${row.ocr.language}: ${words.length} words, ${rects.filter((_, i) => flaggedWord(words[i])).length} flagged` : html` · no OCR yet`}
${row.ocr?.text ? html`<details><summary>OCR text</summary><pre class="ocrtext">${highlight(row.ocr.text, imgEv)}</pre></details>` : ''}</figcaption>
</figure>`;
}

export function casePage(ctx: PageContext, d: CaseDetail, sizes: ImageSizes, now = new Date()): string {
  const c = d.case;
  const l = d.listing.data;
  const ev = c.evidence;
  const user = ctx.user!;
  const mayDecide = can(user.role, 'cases.decide');
  const claimedByOther = c.assignee && c.assignee !== user.username && c.claimedUntil && c.claimedUntil > now;
  const claimedByMe = c.assignee === user.username && c.claimedUntil && c.claimedUntil > now;
  const decidable = c.status === 'open' || c.status === 'escalated';

  const predRows = d.predictions.map(
    (p) => html`<tr><td>${p.classifier}</td><td>${p.version}</td><td>${p.label}</td><td class="num">${p.score.toFixed(3)}</td><td><meter min="0" max="1" value="${p.score}"></meter></td></tr>`,
  );
  const snapshots = d.snapshots.map((s, i) => {
    const older = d.snapshots[i + 1];
    const changes = older ? diffListings(older.data, s.data) : [];
    return html`<li><b>${fmtDate(s.fetchedAt)}</b> · ${s.event} · <code>${s.contentHash.slice(0, 10)}</code>${
      older
        ? changes.length
          ? html`<ul class="diff">${changes.map((ch) => html`<li><span class="fname">${ch.field}</span>: ${ch.ops.map((o) => (o.op === '=' ? html`<span>${o.text}</span>` : o.op === '-' ? html`<del>${o.text}</del>` : html`<ins>${o.text}</ins>`))}</li>`)}</ul>`
          : html` (content unchanged)`
        : html` (first version seen)`
    }</li>`;
  });
  const reasonOpts = reasonOptions();

  return layout(
    ctx,
    `Case #${c.id}`,
    html`<div class="casehead">
<h1>Case #${c.id} ${riskBadge(c.risk)} <span class="status st-${c.status}">${c.status}</span> ${c.source !== 'classifier' ? html`<span class="chip src">${c.source}</span>` : ''}</h1>
<p>${labelChips(c.labels, c.scores)} · opened ${fmtDate(c.openedAt)} ${c.assignee && c.claimedUntil && c.claimedUntil > now ? html`· <span class="claimed">claimed by ${c.assignee} until ${fmtDate(c.claimedUntil)}</span>` : ''}</p>
<p class="actions"><a href="/queue">← queue</a> · <a href="/queue/next" id="next-case">next case (n)</a>
${mayDecide && decidable && !claimedByMe ? html`<form method="post" action="/cases/${c.id}/claim" class="inline">${csrfField(ctx)}<button type="submit" id="claim" ${claimedByOther ? html`disabled` : ''}>Claim (a)</button></form>` : ''}
${mayDecide && claimedByMe ? html`<form method="post" action="/cases/${c.id}/release" class="inline">${csrfField(ctx)}<button type="submit">Release</button></form>` : ''}
</p></div>
<div class="grid">
<section class="listing panel" aria-label="listing as crawled">
<h2>Listing as crawled</h2>
<p class="meta">${d.platform.name} · ${l.language} · ${l.category ?? 'no category'} · ${externalLink(d.listing.url)} · listing ${d.listing.status}</p>
${field(l, ev, 'title', 'Title', 'title')}
${l.price !== undefined ? html`<div class="field"><div class="fname">Price</div><div class="fval">${l.price} ${l.currency ?? ''}</div></div>` : ''}
<div class="field"><div class="fname">Seller</div><div class="fval">${d.seller ? html`<a href="/sellers/${encodeURIComponent(d.seller.id)}">${d.seller.name ?? d.seller.id}</a>${d.seller.blacklisted ? html` <span class="chip blk">blacklisted</span>` : ''} ${d.seller.phone ? html`· ☎ ${d.seller.phone}` : ''} ${d.seller.registrationNumber ? html`· reg ${d.seller.registrationNumber}` : ''} ${d.seller.taxId ? html`· tax ${d.seller.taxId}` : ''}` : html`<i>none named</i>`}</div></div>
${field(l, ev, 'description', 'Description', 'desc')}
${l.labelClaims.map((_, i) => field(l, ev, `labelClaims[${i}]`, `Label claim ${i + 1}`))}
${field(l, ev, 'ingredients', 'Ingredients')}
${l.allergens.length ? html`<div class="field"><div class="fname">Allergens</div><div class="fval">${l.allergens.join(', ')}</div></div>` : ''}
${Object.keys(l.attributes).map((k) => field(l, ev, `attributes.${k}`, k))}
<div class="field"><div class="fname">Certificates</div><div class="fval">${l.certificates.length ? html`<ul>${l.certificates.map((ce, i) => html`<li class="${evidenceFor(ev, `certificates[${i}]`).length ? 'flagged' : ''}">${ce.type}: <code>${ce.identifier}</code>${ce.issuer ? html` (${ce.issuer})` : ''}</li>`)}</ul>` : html`<i>none shown</i>`}</div></div>
${l.reviews.length ? html`<div class="field"><div class="fname">Reviews (${l.reviews.length})</div><div class="fval"><ul class="reviews">${l.reviews.map((r, i) => html`<li>${r.rating !== undefined ? html`<b>${r.rating}★</b> ` : ''}${r.author ?? ''} ${r.date ?? ''}: ${highlight(r.text, evidenceFor(ev, `reviews[${i}]`))}</li>`)}</ul></div></div>` : ''}
</section>
<section class="panel side">
<h2>Decision</h2>
${
  mayDecide && decidable
    ? claimedByOther
      ? html`<p class="claimed">Claimed by ${c.assignee} until ${fmtDate(c.claimedUntil)}; you can decide once the claim expires.</p>`
      : html`<form method="post" action="/cases/${c.id}/decision" id="decide" class="stack">${csrfField(ctx)}
<div class="choices" role="radiogroup">
<label><input type="radio" name="decision" value="confirm" required> Confirm <kbd>c</kbd></label>
<label><input type="radio" name="decision" value="dismiss"> Dismiss <kbd>d</kbd></label>
<label><input type="radio" name="decision" value="escalate"> Escalate <kbd>e</kbd></label></div>
<label>Reason <select name="reasonCode" id="reasonCode" required><option value="">choose…</option>${reasonOpts}</select></label>
<label>Note <textarea name="notes" rows="3" maxlength="4000"></textarea></label>
<button type="submit" id="submit-decision">Save decision <kbd>Ctrl+Enter</kbd></button></form>`
    : html`<p>Status <b>${c.status}</b>${c.decision ? html` (${c.decision}, ${c.reasonCode ?? ''})` : ''}${c.notes ? html`: ${c.notes}` : ''}</p>`
}
${
  c.status === 'confirmed'
    ? d.takedown
      ? html`<p>Takedown request <a href="/takedowns/${d.takedown.id}" id="takedown-link">#${d.takedown.id}</a>: <span class="status">${d.takedown.status}</span></p>`
      : can(user.role, 'takedowns.write')
        ? html`<form method="post" action="/cases/${c.id}/takedown">${csrfField(ctx)}<button type="submit" id="make-takedown">Generate takedown notice (t)</button></form>`
        : ''
    : ''
}
${
  mayDecide && d.seller
    ? html`<details class="bulkseller"><summary>Bulk: all open cases of this seller</summary>
<form method="post" action="/sellers/${encodeURIComponent(d.seller.id)}/bulk-decision" class="stack">${csrfField(ctx)}
<select name="decision"><option value="confirm">confirm</option><option value="dismiss">dismiss</option><option value="escalate">escalate</option></select>
${reasonSelect()}<input name="notes" placeholder="note"><button type="submit">Apply to seller's open cases</button></form></details>`
    : ''
}
<h2>Scores per classifier</h2>
<table class="scores"><thead><tr><th>classifier</th><th>version</th><th>label</th><th>score</th><th></th></tr></thead><tbody>${predRows.length ? predRows : html`<tr><td colspan="5">no predictions stored for this version</td></tr>`}</tbody></table>
<h2>Evidence</h2>
<ul class="evidence">${ev.filter((e) => e.label !== 'info').map((e) => html`<li><span class="chip lab-${e.label}">${e.label}</span> <code>${e.field}</code> “${e.span}” <small>${e.classifier}${e.rule ? html` · ${e.rule}` : ''} · ${e.score.toFixed(2)}</small></li>`)}
${ev.filter((e) => e.label === 'info').map((e) => html`<li class="info"><span class="chip">info</span> <code>${e.field}</code> ${e.span} ${e.note ?? ''}</li>`)}</ul>
<h2>Decisions</h2>
<ul>${d.decisions.length ? d.decisions.map((x) => html`<li>${fmtDate(x.createdAt)} <b>${x.actor}</b> ${x.decision} (${x.reasonCode})${x.notes ? html`: ${x.notes}` : ''}</li>`) : html`<li>none yet</li>`}</ul>
${d.history.length > 1 ? html`<h2>Cases of this listing</h2><ul>${d.history.map((h) => html`<li><a href="/cases/${h.id}">#${h.id}</a> ${h.status} ${h.source} ${fmtDate(h.openedAt)}</li>`)}</ul>` : ''}
</section>
</div>
<section class="panel"><h2>Images and OCR</h2>${d.images.length ? html`<div class="figures">${d.images.map((r) => ocrFigure(d, r, sizes, ev))}</div>` : html`<p>No images.</p>`}</section>
<section class="panel"><h2>Snapshot history</h2><ol class="snapshots">${snapshots}</ol></section>`,
    { page: 'case' },
  );
}
