import { describe, expect, it } from 'vitest';
import { isAllowedDomain, normalizeUrl, urlPattern } from '../../../crawlers/core/url.js';

describe('when normalising URLs', () => {
  it('drops fragments and tracking parameters and sorts the query', () => {
    expect(normalizeUrl('HTTP://Shop.Example:80/p/1?utm_source=x&b=2&fbclid=y&a=1#reviews')).toBe('http://shop.example/p/1?a=1&b=2');
    expect(normalizeUrl('/p/2?gclid=1', 'https://shop.example/c/tea')).toBe('https://shop.example/p/2');
  });
  it('refuses what is not http(s)', () => {
    expect(normalizeUrl('javascript:alert(1)')).toBeUndefined();
    expect(normalizeUrl('mailto:a@b.c')).toBeUndefined();
    expect(normalizeUrl('http://[broken')).toBeUndefined();
  });
});

describe('when checking allowed domains', () => {
  it('allows the domain and its subdomains, nothing else', () => {
    expect(isAllowedDomain('https://www.shop.example/x', ['shop.example'])).toBe(true);
    expect(isAllowedDomain('https://cdn.shop.example/x', ['shop.example'])).toBe(true);
    expect(isAllowedDomain('https://evilshop.example/x', ['shop.example'])).toBe(false);
    expect(isAllowedDomain('https://shop.example.evil.test/x', ['shop.example'])).toBe(false);
  });
});

describe('when grouping URLs by pattern', () => {
  it('puts every month of a calendar under one pattern', () => {
    expect(urlPattern('https://s.example/calendar/2026/01')).toBe(urlPattern('https://s.example/calendar/2031/12'));
    expect(urlPattern('https://s.example/c?page=2')).toBe(urlPattern('https://s.example/c?page=99'));
    expect(urlPattern('https://s.example/a/tea')).not.toBe(urlPattern('https://s.example/a/coffee'));
  });
});
