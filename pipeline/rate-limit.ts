import type { Redis } from 'ioredis';

/**
 * A token bucket per domain in Redis, shared by every worker on every machine,
 * so "2 requests per second to shop.example" holds for the fleet and not per
 * process. BullMQ's own limiter is per queue (and group keys are a Pro
 * feature), so the crawl stage asks this bucket before each request instead.
 *
 * The script refills `rate` tokens per second up to `burst`, takes one if it
 * can and otherwise answers how many milliseconds to wait. Redis' clock is
 * used (TIME), so workers with skewed clocks still agree.
 */
const TAKE = `
local key = KEYS[1]
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', key, 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil then tokens = burst; at = now end
tokens = math.min(burst, tokens + (now - at) * rate / 1000)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', key, 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', key, math.ceil(burst * 1000 / rate) + 60000)
return wait
`;

export interface DomainRateLimiterOptions {
  /** Requests per second per domain, across all workers. Default 2. */
  perSecond?: number;
  /** Requests allowed at once after an idle period. Default 1 (strict spacing). */
  burst?: number;
  /** Key prefix; the queue prefix keeps test runs apart. Default `shelfwatch`. */
  prefix?: string;
}

export class DomainRateLimiter {
  private readonly perSecond: number;
  private readonly burst: number;
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    opts: DomainRateLimiterOptions = {},
  ) {
    this.perSecond = opts.perSecond ?? 2;
    this.burst = opts.burst ?? 1;
    this.prefix = opts.prefix ?? 'shelfwatch';
    if (!(this.perSecond > 0)) throw new RangeError(`crawl rate must be > 0 requests per second per domain (got ${this.perSecond})`);
    if (!(this.burst >= 1)) throw new RangeError(`crawl burst must be ≥ 1 (got ${this.burst})`);
  }

  /** Milliseconds to wait before a request to `domain` may go out (0: go now, a token was taken). */
  async tryTake(domain: string, perSecond = this.perSecond): Promise<number> {
    const wait = await this.redis.eval(TAKE, 1, `${this.prefix}:ratelimit:${domain}`, perSecond, this.burst);
    return Number(wait);
  }

  /** Waits until a token for the URL's host is available, then takes it. `perSecond` overrides the default (a target's own limit). */
  async acquire(url: string, signal?: AbortSignal, perSecond?: number): Promise<void> {
    const domain = new URL(url).hostname;
    for (;;) {
      signal?.throwIfAborted();
      const wait = await this.tryTake(domain, perSecond);
      if (wait <= 0) return;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
