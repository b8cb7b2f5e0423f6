/** Plain text tables and progress for the terminal; data output goes through --json instead. */
export function table(rows: Array<Record<string, unknown>>, columns?: string[]): string {
  if (!rows.length) return '(none)';
  const cols = columns ?? Object.keys(rows[0]);
  const cell = (v: unknown) => (v === undefined || v === null ? '' : String(v).replace(/[\u0000-\u001f\u007f]/g, ' '));
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => visibleWidth(cell(r[c])))));
  const line = (vals: string[]) => vals.map((v, i) => v + ' '.repeat(Math.max(0, widths[i] - visibleWidth(v)))).join('  ');
  return [line(cols), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(cols.map((c) => cell(r[c]))))].join('\n');
}

/** CJK characters take two terminal columns. */
function visibleWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

export function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

/** A one-line progress indicator on stderr, only when stderr is a terminal (CI logs stay clean). */
export class Progress {
  private last = 0;
  constructor(
    private readonly label: string,
    private readonly enabled = process.stderr.isTTY === true,
  ) {}
  update(text: string): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    process.stderr.write(`\r${this.label}: ${text}\u001b[K`);
  }
  done(text?: string): void {
    if (!this.enabled) return;
    process.stderr.write(`\r${this.label}: ${text ?? 'done'}\u001b[K\n`);
  }
}
