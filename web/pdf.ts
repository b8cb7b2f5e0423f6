import { existsSync } from 'node:fs';

/** Chromium flags that keep a headless browser off the network (see shared ENVIRONMENT.md). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export class PdfUnavailableError extends Error {
  readonly code = 'PDF_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PdfUnavailableError';
  }
}

/**
 * Renders a self-contained HTML document to PDF with headless Chromium.
 * JavaScript is disabled in the page: notices contain seller-written text.
 */
export async function htmlToPdf(htmlDoc: string): Promise<Buffer> {
  if (!existsSync(CHROMIUM_PATH)) throw new PdfUnavailableError(`no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }).catch((cause) => {
    throw new PdfUnavailableError(`Chromium did not start: ${(cause as Error).message}`, { cause });
  });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.setContent(htmlDoc, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' }, printBackground: true });
  } finally {
    await browser.close();
  }
}
