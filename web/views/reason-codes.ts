import { REASON_CODES } from '../../db/repositories/review.repository.js';
import { html, type SafeHtml } from '../html.js';

/** The reason codes as option groups, one per decision (the server checks that the code fits the decision). */
export function reasonOptions(): SafeHtml[] {
  return (Object.entries(REASON_CODES) as Array<[string, string[]]>).map(
    ([dec, codes]) => html`<optgroup label="${dec}" data-decision="${dec}">${codes.map((code) => html`<option value="${code}">${code.replace(/_/g, ' ')}</option>`)}</optgroup>`,
  );
}

/** A required reason-code select for the bulk forms. */
export function reasonSelect(): SafeHtml {
  return html`<select name="reasonCode" required aria-label="reason code"><option value="">reason…</option>${reasonOptions()}</select>`;
}
