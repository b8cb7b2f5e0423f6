import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJsonLdShop, type JsonLdShop } from '../../fixtures/json-ld-shop/server.js';
import { startShopifyShop } from '../../fixtures/shopify-shop/server.js';
import { runCli } from '../../helpers/cli.js';

describe('when validating targets files on the command line', () => {
  it('accepts the example file and lists its targets', async () => {
    const r = await runCli(['targets', 'validate', 'targets.example.yaml']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('6 targets valid');
    expect(r.stdout).toMatch(/tonic-store\s+shopify/);
  });

  it('names file, line and field of every problem and exits 1', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sw-targets-'));
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, 'targets:\n  - name: x\n    adapter: magento\n    startUrls: [https://x.example/]\n    schedule: "every day"\n');
    try {
      const r = await runCli(['targets', 'validate', file]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${file}:3:14: targets[0].adapter:`);
      expect(r.stderr).toContain(`${file}:5:15: targets[0].schedule: not a valid cron expression`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('when crawling a target by name', () => {
  let shop: JsonLdShop;
  let dir: string;
  beforeAll(async () => {
    shop = await startJsonLdShop();
    dir = mkdtempSync(path.join(os.tmpdir(), 'sw-crawl-target-'));
    writeFileSync(
      path.join(dir, 'targets.yaml'),
      `targets:\n  - name: leaf\n    adapter: json-ld\n    startUrls: ["${shop.url}/category/tea"]\n    languages: [en]\n`,
    );
  });
  afterAll(async () => {
    await shop.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the named target with its adapter and files listings under its platform', async () => {
    const r = await runCli(['crawl', 'leaf', '--targets', path.join(dir, 'targets.yaml'), '--json'], { env: { SHELFWATCH_DATA_DIR: path.join(dir, 'data'), SHELFWATCH_OCR: 'false' } });
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(summary.listings).toBe(7);
    expect(summary.stats.listingsNew).toBe(7);
  }, 120_000);

  it('runs a target of another adapter (Shopify) the same way', async () => {
    const shopify = await startShopifyShop({ products: 3 });
    try {
      const file = path.join(dir, 'shopify.yaml');
      writeFileSync(file, `targets:\n  - name: tonic\n    adapter: shopify\n    apiBase: "${shopify.url}"\n`);
      const r = await runCli(['crawl', 'tonic', '--targets', file, '--json'], { env: { SHELFWATCH_DATA_DIR: path.join(dir, 'data'), SHELFWATCH_OCR: 'false' } });
      expect(r.code).toBe(0);
      const summary = JSON.parse(r.stdout.trim().split('\n').pop()!);
      expect(summary.listings).toBe(3);
      expect(shopify.hits('/products.json')).toBe(1);
    } finally {
      await shopify.close();
    }
  }, 120_000);

  it('takes the target name as --target too, and refuses a URL there or nothing at all', async () => {
    const env = { SHELFWATCH_DATA_DIR: path.join(dir, 'data-flag'), SHELFWATCH_OCR: 'false' };
    const r = await runCli(['crawl', '--target', 'leaf', '--targets', path.join(dir, 'targets.yaml'), '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!).listings).toBe(7);
    const url = await runCli(['crawl', '--target', `${shop.url}/category/tea`], { env });
    expect(url.code).toBe(1);
    expect(url.stderr).toContain('--target takes a target name');
    const none = await runCli(['crawl'], { env });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('nothing to crawl');
  }, 120_000);

  it('says which targets exist when the name is unknown', async () => {
    const r = await runCli(['crawl', 'nope', '--targets', path.join(dir, 'targets.yaml')], { env: { SHELFWATCH_DATA_DIR: path.join(dir, 'data') } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no target "nope"');
    expect(r.stderr).toContain('leaf');
  });
});
