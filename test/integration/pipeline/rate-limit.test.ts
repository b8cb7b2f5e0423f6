import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { DomainRateLimiter } from '../../../pipeline/rate-limit.js';
import { TEST_REDIS_URL, uniquePrefix } from './queue-helpers.js';

describe('when two workers crawl the same domain', () => {
  // Two connections and two limiters: what two worker processes on two machines have.
  let a: Redis;
  let b: Redis;
  const prefix = uniquePrefix('rate');

  beforeAll(() => {
    a = new Redis(TEST_REDIS_URL);
    b = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    const keys = await a.keys(`${prefix}:*`);
    if (keys.length) await a.del(...keys);
    a.disconnect();
    b.disconnect();
  });

  it('holds the per-domain rate for the fleet, not per process', async () => {
    const perSecond = 10;
    const one = new DomainRateLimiter(a, { perSecond, prefix });
    const two = new DomainRateLimiter(b, { perSecond, prefix });
    const grants: number[] = [];
    const t0 = Date.now();
    // 21 requests at once, split over both workers: at 10/s with no burst they need ≥ 2 s in total.
    await Promise.all(
      Array.from({ length: 21 }, (_, i) => (i % 2 ? one : two).acquire(`https://shop.example/p/${i}`).then(() => grants.push(Date.now() - t0))),
    );
    grants.sort((x, y) => x - y);
    expect(grants[grants.length - 1]).toBeGreaterThanOrEqual(1900);
    // Any window of 1 s saw at most perSecond + 1 grants (one at each edge).
    for (let i = 0; i < grants.length; i++) expect(grants.filter((g) => g >= grants[i] && g < grants[i] + 1000).length).toBeLessThanOrEqual(perSecond + 1);
  }, 30_000);

  it('keeps other domains independent and lets a target set its own rate', async () => {
    const limiter = new DomainRateLimiter(a, { perSecond: 1, prefix });
    await limiter.acquire('https://slow.example/a');
    // The slow domain's bucket is empty for a second; another domain is not held back by it.
    expect(await limiter.tryTake('slow.example')).toBeGreaterThan(500);
    const t0 = Date.now();
    await limiter.acquire('https://other.example/a');
    expect(Date.now() - t0).toBeLessThan(200);
    // A target's own limit (50/s) refills its domain's bucket 50 times faster.
    await limiter.acquire('https://fast.example/a', undefined, 50);
    const t1 = Date.now();
    await limiter.acquire('https://fast.example/b', undefined, 50);
    expect(Date.now() - t1).toBeLessThan(200);
  });

  it('rejects a rate that cannot work, naming the setting', () => {
    expect(() => new DomainRateLimiter(a, { perSecond: 0 })).toThrow(/crawl rate must be > 0/);
  });
});
