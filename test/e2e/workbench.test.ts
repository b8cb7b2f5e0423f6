import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListingRepository } from '../../db/repositories/listing.repository.js';
import { ReviewRepository } from '../../db/repositories/review.repository.js';
import { parseListing } from '../../domain/listing.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../web/pdf.js';
import { DEMO_PASSWORD, startWorkbench, type RunningWorkbench } from '../../web/server.js';
import { freshDatabase } from '../helpers/databases.js';
import { ROOT } from '../helpers/cli.js';
import { seedWorkbench, XSS_TITLE_IMG, XSS_TITLE_SCRIPT, type SeededWorkbench } from '../helpers/workbench-seed.js';

const OUT = path.join(ROOT, 'test-output');

let db: Awaited<ReturnType<typeof freshDatabase>>;
let seeded: SeededWorkbench;
let server: RunningWorkbench;
let browser: Browser;
const dialogs: string[] = [];

async function login(role: 'reviewer' | 'analyst' | 'admin'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`${server.url}/login`);
  await page.fill('input[name=username]', role);
  await page.fill('input[name=password]', DEMO_PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type=submit]')]);
  return { context, page };
}

async function caseIdOf(page: Page, query: string): Promise<number> {
  const r = await page.request.get(`${server.url}/api/cases?${query}`);
  expect(r.status()).toBe(200);
  const body = (await r.json()) as { cases: Array<{ id: number }> };
  expect(body.cases.length).toBeGreaterThan(0);
  return body.cases[0].id;
}

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  db = await freshDatabase('pglite');
  seeded = await seedWorkbench(db);
  // Some reviewed history so the analyst charts have confirmed and dismissed scores.
  const review = new ReviewRepository(db.db);
  const { rows } = await review.queue({ platform: 'demo', limit: 40 });
  for (const [i, r] of rows.slice(5).entries()) {
    await review.decide(r.id, 'seed-reviewer', i % 3 === 0 ? 'dismiss' : 'confirm', i % 3 === 0 ? 'no_claim' : 'cure_claim', null);
  }
  server = await startWorkbench({ database: db, config: seeded.config, port: 0, imageRoots: [seeded.dataDir], verifyEveryMs: 0 });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db?.dispose();
});

describe('when a reviewer works the queue', () => {
  it('opens the top case, sees highlighted evidence, confirms it, generates and exports its takedown notice', async () => {
    const { context, page } = await login('reviewer');
    expect(new URL(page.url()).pathname).toBe('/queue');
    const first = page.locator('table.queue tbody tr[data-case-id]').first();
    const topId = Number(await first.getAttribute('data-case-id'));
    await page.keyboard.press('o');
    await page.waitForURL(`**/cases/${topId}`);
    await expect.poll(() => page.locator('mark.ev').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(OUT, 'review-page.png'), fullPage: true });

    await page.keyboard.press('a');
    await page.waitForURL(/ok=claimed/);
    await expect.poll(() => page.locator('.claimed').first().textContent()).toContain('reviewer');
    await page.keyboard.press('c');
    expect(await page.locator('#decide input[value=confirm]').isChecked()).toBe(true);
    await page.selectOption('#reasonCode', 'cure_claim');
    await page.fill('#decide textarea[name=notes]', 'Cure claim in title; e2e test');
    await Promise.all([page.waitForURL(/ok=decided/), page.keyboard.press('Control+Enter')]);
    await expect.poll(() => page.locator('.casehead .status').textContent()).toBe('confirmed');

    await Promise.all([page.waitForURL(/\/takedowns\/\d+/), page.click('#make-takedown')]);
    await expect.poll(() => page.locator('#takedown-status').textContent()).toBe('draft');
    await expect.poll(() => page.locator('.notice dd.explanation').textContent()).toContain('reviewed by a person (reviewer)');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[data-format=json]')]);
    const notice = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(notice.items[0].caseId).toBe(topId);
    expect(notice.items[0].url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/products\//);
    expect(notice.notifier).toMatchObject({ name: 'Demo reviewer', email: 'reviewer@demo.shelfwatch.test' });
    expect(notice.goodFaithStatement).toMatch(/bona fide/);
    expect(notice.statementsOfReasons[0]).toMatchObject({ content_type: ['CONTENT_TYPE_PRODUCT'], decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT' });
    const takedownUrl = server.url + new URL(page.url()).pathname;
    const csv = await page.request.get(`${takedownUrl}/export?format=csv`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toContain(`${topId}`);
    const email = await (await page.request.get(`${takedownUrl}/export?format=email`)).text();
    expect(email).toMatch(/^Subject: \[SW-demo-\d+\]/);
    expect(email).toContain('Exact URL: http://127.0.0.1');
    const printable = await page.request.get(`${takedownUrl}/export?format=html`);
    expect(await printable.text()).toContain('<h1>Notice of illegal content under Article 16');
    const pdf = await page.request.get(`${takedownUrl}/export?format=pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    await page.selectOption('select[name=status]', 'sent');
    await Promise.all([page.waitForURL(/ok=status/), page.click('#set-status')]);
    await expect.poll(() => page.locator('#takedown-status').textContent()).toBe('sent');
    await context.close();
  });

  it('draws OCR word boxes over the proxied image, with the flagged words highlighted', async () => {
    const { context, page } = await login('reviewer');
    const id = await caseIdOf(page, 'platform=ocrshop');
    await page.goto(`${server.url}/cases/${id}`);
    const img = page.locator('figure.ocr img').first();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(600);
    expect(await img.getAttribute('src')).toMatch(/^\/media\/images\/\d+$/);
    expect(await page.locator('rect.ocr-word').count()).toBe(5);
    expect(await page.locator('rect.ocr-word.flagged').count()).toBeGreaterThanOrEqual(2);
    await page.locator('figure.ocr').first().screenshot({ path: path.join(OUT, 'ocr-boxes.png') });
    await context.close();
  });

  it('renders hostile listings as text: no script runs and no dialog opens', async () => {
    const { context, page } = await login('reviewer');
    for (const title of [XSS_TITLE_SCRIPT, XSS_TITLE_IMG]) {
      const r = await page.request.get(`${server.url}/api/cases?platform=evilshop&limit=10`);
      const body = (await r.json()) as { cases: Array<{ id: number; title: string }> };
      const c = body.cases.find((x) => x.title === title);
      expect(c, title).toBeDefined();
      await page.goto(`${server.url}/cases/${c!.id}`);
      await expect.poll(() => page.locator('.field.title .fval').textContent()).toBe(title);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
      expect(await page.locator('main img[src=x]').count()).toBe(0);
      expect(await page.locator('main script').count()).toBe(0);
    }
    await page.goto(`${server.url}/queue?platform=evilshop`);
    await expect.poll(() => page.locator('table.queue').textContent()).toContain('<script>');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    await context.close();
  });

  it('moves, selects and bulk-decides queue rows with the keyboard', async () => {
    const { context, page } = await login('reviewer');
    await page.goto(`${server.url}/queue?platform=demo`);
    const rows = page.locator('table.queue tbody tr[data-case-id]');
    expect(await rows.count()).toBeGreaterThan(3);
    await expect.poll(() => rows.nth(0).getAttribute('class')).toContain('sel');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await expect.poll(() => rows.nth(2).getAttribute('class')).toContain('sel');
    expect(await rows.nth(0).getAttribute('class')).not.toContain('sel');
    await page.keyboard.press('x');
    await page.keyboard.press('k');
    await page.keyboard.press('x');
    const picked = [Number(await rows.nth(1).getAttribute('data-case-id')), Number(await rows.nth(2).getAttribute('data-case-id'))];
    expect(await rows.nth(1).locator('input.pick').isChecked()).toBe(true);
    expect(await rows.nth(2).locator('input.pick').isChecked()).toBe(true);
    expect(await rows.nth(0).locator('input.pick').isChecked()).toBe(false);
    await page.keyboard.press('?');
    await expect.poll(() => page.locator('dialog#help').isVisible()).toBe(true);
    expect(await page.locator('dialog#help').textContent()).toContain('c / d / e: confirm / dismiss / escalate');
    await page.keyboard.press('Escape');
    await page.selectOption('#bulk select[name=decision]', 'dismiss');
    await page.selectOption('#bulk select[name=reasonCode]', 'classifier_error');
    await Promise.all([page.waitForURL(/ok=bulk/), page.click('#bulk button[type=submit]')]);
    for (const id of picked) {
      const c = (await (await page.request.get(`${server.url}/api/cases/${id}`)).json()) as { case: { status: string; reasonCode: string } };
      expect(c.case, `case ${id}`).toMatchObject({ status: 'dismissed', reasonCode: 'classifier_error' });
    }
    await context.close();
  });

  it('shows a changed listing\'s snapshot history as a word diff', async () => {
    const { context, page } = await login('reviewer');
    const r = await page.request.get(`${server.url}/api/cases?platform=demo&language=en&limit=20`);
    const target = ((await r.json()) as { cases: Array<{ id: number; listingId: string }> }).cases.at(-1)!;
    const listings = new ListingRepository(db.db);
    const current = (await listings.get(target.listingId))!;
    const changed = parseListing({ ...(current.data as object), description: `${(current.data as { description: string }).description} Now also reverses kidney failure.`, fetchedAt: new Date().toISOString(), contentHash: undefined });
    expect(await listings.store(changed, { sellerId: current.sellerId ?? undefined })).toBe('changed');
    await page.goto(`${server.url}/cases/${target.id}`);
    const diff = page.locator('ol.snapshots ul.diff').first();
    await expect.poll(() => diff.locator('ins').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('kidney')]));
    expect(await diff.locator('.fname').first().textContent()).toBe('description');
    await page.locator('ol.snapshots').screenshot({ path: path.join(OUT, 'snapshot-diff.png') });
    await context.close();
  });

  it('cannot reach the analyst page or its API', async () => {
    const { context, page } = await login('reviewer');
    const res = await page.goto(`${server.url}/analyst`);
    expect(res!.status()).toBe(403);
    expect((await page.request.get(`${server.url}/api/thresholds/curve?label=false_health_claim`)).status()).toBe(403);
    expect(await page.locator('header nav a[href="/analyst"]').count()).toBe(0);
    await context.close();
  });
});

describe('when an analyst tunes a threshold', () => {
  it('sees the charts, previews a moved threshold and saves a new version', async () => {
    const { context, page } = await login('analyst');
    expect(new URL(page.url()).pathname).toBe('/analyst');
    await page.waitForSelector('body[data-charts=ready]');
    const before = await page.locator('#preview').textContent();
    expect(before).toMatch(/flags \d+ of \d+ open cases/);
    await page.locator('#flag').fill('0.9');
    await expect.poll(() => page.locator('#flag-out').textContent()).toBe('0.90');
    const after = await page.locator('#preview').textContent();
    expect(after).toMatch(/^At 0\.90: flags \d+ of \d+ open cases and \d+ of \d+ reviewed cases; precision/);
    expect(after).not.toBe(before);
    await page.screenshot({ path: path.join(OUT, 'analyst-charts.png'), fullPage: true });
    await page.fill('input[name=note]', 'e2e: stricter');
    await Promise.all([page.waitForURL(/ok=saved/), page.click('#save-threshold')]);
    await expect.poll(() => page.locator('.flash').textContent()).toContain('new version');
    await expect.poll(() => page.locator('table').last().textContent()).toContain('e2e: stricter');
    const api = await page.request.get(`${server.url}/api/thresholds?profile=default`);
    const t = (await api.json()) as { active: { labels: Record<string, { flag: number }> } };
    expect(t.active.labels.false_health_claim.flag).toBe(0.9);
    const audit = await page.request.get(`${server.url}/api/audit?action=threshold.save`);
    expect(((await audit.json()) as { entries: unknown[] }).entries.length).toBe(1);
    await context.close();
  });
});

describe('when an admin looks around', () => {
  it('renders the dashboard, takedowns, blacklist, seller, audit and users pages without script errors', async () => {
    const { context, page } = await login('admin');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await expect.poll(() => page.locator('canvas#weekly').evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(0);
    expect(await page.locator('section.panel h2').allTextContents()).toEqual(
      expect.arrayContaining(['Flagged listings per week, platform and label', 'Takedown turnaround', 'Repeat sellers', 'Crawl health']),
    );
    await page.screenshot({ path: path.join(OUT, 'dashboard.png'), fullPage: true });
    const sellerId = await page.evaluate(async (base) => {
      const r = await fetch(`${base}/api/cases?platform=demo&limit=1`);
      return ((await r.json()) as { cases: Array<{ sellerId: string }> }).cases[0].sellerId;
    }, server.url);
    for (const url of ['/takedowns', '/blacklist', `/sellers/${encodeURIComponent(sellerId)}`, '/audit', '/admin/users', '/queue?status=confirmed']) {
      const res = await page.goto(server.url + url);
      expect(res!.status(), url).toBe(200);
    }
    await page.goto(`${server.url}/sellers/${encodeURIComponent(sellerId)}`);
    await page.fill('input[name=reason]', 'sells cure claims');
    await Promise.all([page.waitForURL(/ok=blocked/), page.click('#block-seller')]);
    await expect.poll(() => page.locator('h1 .chip.blk').count()).toBe(1);
    await page.goto(`${server.url}/audit`);
    expect(await page.locator('table.audit').textContent()).toContain('seller.block');
    expect(errors).toEqual([]);
    await context.close();
  });
});
