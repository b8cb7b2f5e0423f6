import { describe, expect, it } from 'vitest';
import { parseTargets, TargetsError } from '../../../crawlers/targets.js';

describe('when a targets file is valid', () => {
  it('fills defaults and derives allowed domains and the platform', () => {
    const [t] = parseTargets('targets:\n  - name: shop-a\n    adapter: shopify\n    apiBase: https://shop-a.example\n    schedule: "0 3 * * *"\n');
    expect(t).toMatchObject({ name: 'shop-a', platform: 'shop-a', allowedDomains: ['shop-a.example'], maxDepth: 10, jurisdiction: 'default' });
    expect(t.options).toMatchObject({ needsBrowser: false, respectRobots: true, timeoutSecs: 15 });
  });
  it('reads JSON too', () => {
    expect(parseTargets(JSON.stringify({ targets: [{ name: 'j', adapter: 'json-ld', startUrls: ['https://j.example/'] }] }), 't.json')).toHaveLength(1);
  });
});

describe('when a targets file is invalid', () => {
  const errorsOf = (text: string) => {
    try {
      parseTargets(text, 'targets.yaml');
    } catch (e) {
      if (e instanceof TargetsError) return e.issues;
      throw e;
    }
    throw new Error('expected a TargetsError');
  };
  it('names file, line and field of each problem', () => {
    const issues = errorsOf(
      ['targets:', '  - name: ok', '    adapter: json-ld', '    startUrls: [https://ok.example/]', '  - name: bad', '    adapter: magento', '    schedule: "61 * * * *"', '    startUrls: [ftp://x]'].join('\n'),
    );
    expect(issues.map((i) => [i.line, i.field])).toEqual([
      [6, 'targets[1].adapter'],
      [8, 'targets[1].startUrls[0]'],
      [7, 'targets[1].schedule'],
    ]);
    expect(issues.every((i) => i.file === 'targets.yaml')).toBe(true);
  });
  it('requires selectors for the selector adapter and unique names', () => {
    const issues = errorsOf('targets:\n  - { name: a, adapter: selector, startUrls: ["https://a.example/"] }\n  - { name: a, adapter: json-ld, startUrls: ["https://a.example/"] }\n');
    expect(issues.map((i) => i.field)).toEqual(['targets[0].options.selectors', 'targets[1].name']);
    expect(issues[1].message).toContain('duplicate');
  });
  it('checks CSS selectors when the file is validated, not when a crawl reads every page', () => {
    const issues = errorsOf(
      'targets:\n  - name: s\n    adapter: selector\n    startUrls: [https://a.example/]\n    options:\n      selectors: { title: "h1[", images: "img.main@src", price: "div@@x" }\n      waitForSelector: "div(("\n',
    );
    expect(issues.map((i) => [i.line, i.field])).toEqual([
      [6, 'targets[0].options.selectors.title'],
      [6, 'targets[0].options.selectors.price'],
      [7, 'targets[0].options.waitForSelector'],
    ]);
    expect(issues[0].message).toMatch(/^not a valid CSS selector \(/);
    expect(issues[1].message).toContain('selector@attr');
  });
  it('reports YAML syntax errors with their line', () => {
    const [issue] = errorsOf('targets:\n  - name: a\n    adapter: [json-ld\n');
    expect(issue.line).toBeGreaterThanOrEqual(3);
  });
});
