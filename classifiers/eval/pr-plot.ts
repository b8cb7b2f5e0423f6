/**
 * Precision-recall curves as a small hand-written SVG: axes with ticks, one
 * polyline per label, a legend, and a dot at each label's operating point
 * (its active flag threshold).
 */

export interface PrPoint {
  threshold: number;
  precision: number;
  recall: number;
}

export interface PrSeries {
  label: string;
  points: PrPoint[];
  /** The active flag threshold: marked on the curve. */
  threshold?: number;
}

const COLORS = ['#d62728', '#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The curve point for a threshold: the lowest curve threshold still >= it (what flagging at that threshold gives). */
export function operatingPoint(points: PrPoint[], threshold: number): PrPoint | undefined {
  let best: PrPoint | undefined;
  for (const p of points) if (p.threshold >= threshold && (!best || p.threshold < best.threshold)) best = p;
  return best;
}

export function prCurveSvg(series: PrSeries[], opts: { title?: string; width?: number; height?: number } = {}): string {
  const W = opts.width ?? 640;
  const H = opts.height ?? 480;
  const m = { left: 60, right: 200, top: 40, bottom: 50 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const x = (r: number) => (m.left + r * pw).toFixed(1);
  const y = (p: number) => (m.top + (1 - p) * ph).toFixed(1);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="${m.left + pw / 2}" y="22" text-anchor="middle" font-size="14">${esc(opts.title ?? 'Precision-recall per label')}</text>`);
  for (let i = 0; i <= 10; i++) {
    const t = i / 10;
    out.push(`<line x1="${x(t)}" y1="${y(0)}" x2="${x(t)}" y2="${y(1)}" stroke="#eeeeee"/>`);
    out.push(`<line x1="${x(0)}" y1="${y(t)}" x2="${x(1)}" y2="${y(t)}" stroke="#eeeeee"/>`);
    if (i % 2 === 0) {
      out.push(`<text x="${x(t)}" y="${m.top + ph + 18}" text-anchor="middle">${t.toFixed(1)}</text>`);
      out.push(`<text x="${m.left - 8}" y="${(Number(y(t)) + 4).toFixed(1)}" text-anchor="end">${t.toFixed(1)}</text>`);
    }
  }
  out.push(`<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(0)}" stroke="#000000"/>`);
  out.push(`<line x1="${x(0)}" y1="${y(0)}" x2="${x(0)}" y2="${y(1)}" stroke="#000000"/>`);
  out.push(`<text x="${m.left + pw / 2}" y="${H - 12}" text-anchor="middle">recall</text>`);
  out.push(`<text x="16" y="${m.top + ph / 2}" text-anchor="middle" transform="rotate(-90 16 ${m.top + ph / 2})">precision</text>`);
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    // Points come in decreasing threshold order, i.e. increasing recall; start at recall 0.
    const pts = [...s.points].sort((a, b) => a.recall - b.recall || b.precision - a.precision);
    const coords = pts.map((p) => `${x(p.recall)},${y(p.precision)}`);
    if (pts.length) coords.unshift(`${x(0)},${y(pts[0].precision)}`);
    out.push(`<polyline class="curve" data-label="${esc(s.label)}" fill="none" stroke="${color}" stroke-width="2" points="${coords.join(' ')}"/>`);
    const op = s.threshold !== undefined ? operatingPoint(s.points, s.threshold) : undefined;
    if (op) {
      out.push(`<circle class="operating-point" data-label="${esc(s.label)}" cx="${x(op.recall)}" cy="${y(op.precision)}" r="5" fill="${color}" stroke="#000000"><title>${esc(s.label)} at threshold ${s.threshold}: P=${op.precision.toFixed(3)} R=${op.recall.toFixed(3)}</title></circle>`);
    }
    const ly = m.top + 10 + i * 36;
    const lx = m.left + pw + 16;
    out.push(`<line x1="${lx}" y1="${ly}" x2="${lx + 20}" y2="${ly}" stroke="${color}" stroke-width="2"/>`);
    out.push(`<text x="${lx + 26}" y="${ly + 4}">${esc(s.label)}</text>`);
    if (op) out.push(`<text x="${lx + 26}" y="${ly + 18}" fill="#555555" font-size="10">● t=${s.threshold} P=${op.precision.toFixed(2)} R=${op.recall.toFixed(2)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
