import sharp from 'sharp';

/**
 * Renders a listing's label text into a product-label PNG. The PNGs are
 * committed, but the renderer lives here so tests can check escaping and so
 * the images can be regenerated after a catalogue edit
 * (`npx tsx demo/scripts/render-images.ts`).
 */

/** px; wide enough for ~50 Latin characters per line at the body size. */
export const LABEL_WIDTH = 800;
const PADDING = 36;
const TITLE_SIZE = 32;
const BODY_SIZE = 27;
/** Line pitch as a multiple of font size: roomy enough that OCR does not merge lines. */
const LINE_PITCH = 1.5;

/**
 * Explicit families: librsvg otherwise picks whatever fontconfig prefers, and
 * a Latin-only default would render Chinese/Korean as boxes. Noto Sans CJK
 * comes from Debian's fonts-noto-cjk; the SC/KR variants choose the regional
 * glyph forms.
 */
export function fontFamilyFor(language: string): string {
  if (language === 'zh') return "'Noto Sans CJK SC', 'Noto Sans CJK', sans-serif";
  if (language === 'ko') return "'Noto Sans CJK KR', 'Noto Sans CJK', sans-serif";
  return "'DejaVu Sans', sans-serif";
}

export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const WIDE = /[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/;

/** Rough advance width in px; overestimating only wraps a little early, which is harmless. */
function textWidth(s: string, size: number): number {
  let w = 0;
  for (const ch of s) {
    if (WIDE.test(ch)) w += size;
    else if (/[A-Z0-9ĐƯƠÂÊÔĂ]/.test(ch)) w += size * 0.72;
    else if (ch === ' ') w += size * 0.32;
    else w += size * 0.62;
  }
  return w;
}

/** Greedy wrap on spaces; runs without spaces (Chinese) are split per character. */
export function wrapLine(line: string, size: number, maxWidth: number): string[] {
  const tokens = line.split(/(\s+)/).flatMap((t) => (textWidth(t, size) > maxWidth ? [...t] : [t]));
  const out: string[] = [];
  let cur = '';
  for (const t of tokens) {
    const next = cur + t;
    if (cur && textWidth(next.trimEnd(), size) > maxWidth) {
      out.push(cur.trim());
      cur = t.trimStart();
    } else {
      cur = next;
    }
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

export function labelSvg(lines: readonly string[], language: string): string {
  const inner = LABEL_WIDTH - PADDING * 2;
  const family = escapeXml(fontFamilyFor(language));
  const [title = '', ...body] = lines;
  const titleLines = wrapLine(title, TITLE_SIZE, inner);
  const bodyLines = body.flatMap((l) => wrapLine(l, BODY_SIZE, inner));

  const headerHeight = Math.round(PADDING * 0.8 + titleLines.length * TITLE_SIZE * LINE_PITCH);
  const bodyTop = headerHeight + Math.round(PADDING * 0.6);
  const height = bodyTop + Math.round(bodyLines.length * BODY_SIZE * LINE_PITCH) + PADDING;

  const text: string[] = [];
  titleLines.forEach((l, i) => {
    const y = Math.round(PADDING * 0.4 + (i + 1) * TITLE_SIZE * LINE_PITCH - TITLE_SIZE * 0.35);
    text.push(`<text x="${PADDING}" y="${y}" font-size="${TITLE_SIZE}" font-weight="bold">${escapeXml(l)}</text>`);
  });
  bodyLines.forEach((l, i) => {
    const y = Math.round(bodyTop + (i + 1) * BODY_SIZE * LINE_PITCH - BODY_SIZE * 0.35);
    text.push(`<text x="${PADDING}" y="${y}" font-size="${BODY_SIZE}">${escapeXml(l)}</text>`);
  });

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${LABEL_WIDTH}" height="${height}" viewBox="0 0 ${LABEL_WIDTH} ${height}">`,
    `<rect x="0" y="0" width="${LABEL_WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<rect x="0" y="0" width="${LABEL_WIDTH}" height="${headerHeight}" fill="#eeeeee"/>`,
    `<line x1="0" y1="${headerHeight}" x2="${LABEL_WIDTH}" y2="${headerHeight}" stroke="#222222" stroke-width="2"/>`,
    `<rect x="3" y="3" width="${LABEL_WIDTH - 6}" height="${height - 6}" fill="none" stroke="#222222" stroke-width="6"/>`,
    `<g font-family="${family}" fill="#111111">`,
    ...text,
    `</g>`,
    `</svg>`,
  ].join('\n');
}

/** Palette PNG at maximum compression: text on white needs few colours, and the files are committed. */
export async function renderLabelPng(lines: readonly string[], language: string): Promise<Buffer> {
  return sharp(Buffer.from(labelSvg(lines, language)))
    .png({ palette: true, colours: 16, compressionLevel: 9, effort: 10 })
    .toBuffer();
}
