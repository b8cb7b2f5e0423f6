import robotsParserModule from 'robots-parser';

interface Robot {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
  getSitemaps(): string[];
}
// robots-parser is CommonJS (module.exports = fn); its typings describe an ES default export.
const robotsParser = ((robotsParserModule as unknown as { default?: unknown }).default ?? robotsParserModule) as (url: string, text: string) => Robot;

export interface RobotsPolicy {
  /** Set when robots.txt could not be fetched (network failure, 5xx): nothing may be crawled. */
  unavailable?: string;
  isAllowed(url: string): boolean;
  /** Crawl-delay for our user agent in milliseconds, if the site sets one. */
  crawlDelayMs(): number | undefined;
  sitemaps(): string[];
}

const ALLOW_ALL: RobotsPolicy = { isAllowed: () => true, crawlDelayMs: () => undefined, sitemaps: () => [] };
const disallowAll = (why: string): RobotsPolicy => ({ unavailable: why, isAllowed: () => false, crawlDelayMs: () => undefined, sitemaps: () => [] });

/** robots.txt above this size is cut off (RFC 9309 asks crawlers to parse at least 500 KiB). */
const ROBOTS_MAX_BYTES = 512 * 1024;

/** The product token robots.txt groups are matched against: "ShelfwatchBot/0.1 (+url)" → "ShelfwatchBot". */
export function robotsAgentToken(userAgent: string): string {
  return userAgent.split(/[\s/]/)[0] || userAgent;
}

/**
 * Fetches and caches robots.txt once per origin, following RFC 9309: a 4xx
 * answer means no restrictions, a 5xx or an unreachable server means "do not
 * crawl" until it answers.
 */
export class RobotsCache {
  private readonly cache = new Map<string, Promise<RobotsPolicy>>();
  private readonly resolved = new Map<string, RobotsPolicy>();
  private readonly agent: string;

  constructor(
    private readonly userAgent: string,
    private readonly opts: { timeoutMs?: number; enabled?: boolean } = {},
  ) {
    this.agent = robotsAgentToken(userAgent);
  }

  /** The policy for a URL's origin, fetching robots.txt on first use. */
  policyFor(url: string): Promise<RobotsPolicy> {
    if (this.opts.enabled === false) return Promise.resolve(ALLOW_ALL);
    const origin = new URL(url).origin;
    let p = this.cache.get(origin);
    if (!p) {
      p = this.fetchPolicy(origin).then((policy) => {
        this.resolved.set(origin, policy);
        return policy;
      });
      this.cache.set(origin, p);
    }
    return p;
  }

  /** Synchronous answer when the origin's robots.txt is already known; undefined otherwise. */
  peek(url: string): RobotsPolicy | undefined {
    if (this.opts.enabled === false) return ALLOW_ALL;
    try {
      return this.resolved.get(new URL(url).origin);
    } catch {
      return undefined;
    }
  }

  private async fetchPolicy(origin: string): Promise<RobotsPolicy> {
    const robotsUrl = `${origin}/robots.txt`;
    let res: Response;
    try {
      res = await fetch(robotsUrl, {
        headers: { 'user-agent': this.userAgent, accept: 'text/plain' },
        redirect: 'follow',
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
      });
    } catch (e) {
      // Unreachable: RFC 9309 §2.3.1.4 says assume complete disallow.
      return disallowAll(`${robotsUrl} unreachable: ${(e as Error).message}`);
    }
    if (res.status >= 400 && res.status < 500) {
      await res.body?.cancel();
      return ALLOW_ALL;
    }
    if (!res.ok) {
      await res.body?.cancel();
      return disallowAll(`${robotsUrl} answered ${res.status}`);
    }
    const text = (await res.text()).slice(0, ROBOTS_MAX_BYTES);
    return this.policyFromText(robotsUrl, text);
  }

  policyFromText(robotsUrl: string, text: string): RobotsPolicy {
    const robot: Robot = robotsParser(robotsUrl, text);
    const agent = this.agent;
    return {
      // robots-parser answers undefined for URLs of another origin; those are checked against their own file.
      isAllowed: (url) => robot.isAllowed(url, agent) !== false,
      crawlDelayMs: () => {
        const d = robot.getCrawlDelay(agent);
        return d !== undefined && Number.isFinite(d) ? d * 1000 : undefined;
      },
      sitemaps: () => robot.getSitemaps(),
    };
  }
}
