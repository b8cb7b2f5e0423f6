import type { Evidence } from '../domain/labels.js';
import type { Listing } from '../domain/listing.js';
import { html, type SafeHtml } from './html.js';

/** The text of an evidence field as the classifiers saw it (see listingTextFields). */
export function fieldText(listing: Listing, field: string): string | undefined {
  if (field === 'title') return listing.title;
  if (field === 'description') return listing.description;
  if (field === 'ingredients') return listing.ingredients.join(', ');
  let m = /^labelClaims\[(\d+)\]$/.exec(field);
  if (m) return listing.labelClaims[Number(m[1])];
  m = /^reviews\[(\d+)\]$/.exec(field);
  if (m) return listing.reviews[Number(m[1])]?.text;
  m = /^attributes\.(.+)$/.exec(field);
  if (m) return listing.attributes[m[1]];
  return undefined;
}

interface Range {
  start: number;
  end: number;
  label: string;
  note?: string;
}

/** Where each evidence span sits in the text: its offsets when they match, else the first occurrence of the span. */
export function rangesFor(text: string, evidence: Evidence[]): Range[] {
  const out: Range[] = [];
  for (const e of evidence) {
    if (!e.span) continue;
    let start = e.start;
    let end = e.end;
    if (start === undefined || end === undefined || text.slice(start, end) !== e.span) {
      const i = text.indexOf(e.span);
      if (i < 0) {
        const j = text.toLowerCase().indexOf(e.span.toLowerCase());
        if (j < 0) continue;
        start = j;
      } else start = i;
      end = start + e.span.length;
    }
    if (end > start) out.push({ start, end, label: e.label, note: e.rule ?? e.note });
  }
  return out;
}

/**
 * Text with flagged spans wrapped in `<mark>`; overlapping spans are split at
 * every boundary so each piece lists all labels covering it. All text escaped.
 */
export function highlight(text: string, evidence: Evidence[]): SafeHtml {
  const ranges = rangesFor(text, evidence);
  if (!ranges.length) return html`${text}`;
  const cuts = [...new Set([0, text.length, ...ranges.flatMap((r) => [r.start, r.end])])].sort((a, b) => a - b);
  const parts: SafeHtml[] = [];
  for (let i = 0; i < cuts.length - 1; i++) {
    const [a, b] = [cuts[i], cuts[i + 1]];
    const piece = text.slice(a, b);
    const over = ranges.filter((r) => r.start <= a && r.end >= b);
    if (!over.length) parts.push(html`${piece}`);
    else {
      const labels = [...new Set(over.map((r) => r.label))];
      const title = over.map((r) => `${r.label}${r.note ? ` (${r.note})` : ''}`).join('; ');
      parts.push(html`<mark class="ev ev-${labels[0]}" data-labels="${labels.join(' ')}" title="${title}">${piece}</mark>`);
    }
  }
  return html`${parts}`;
}

type Box = [number, number, number, number];

export function intersects(a: Box, b: Box): boolean {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}
