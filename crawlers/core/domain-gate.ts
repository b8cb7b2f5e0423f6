/**
 * Per-domain politeness: at most `concurrency` requests in flight to one host,
 * request starts spaced by `minIntervalMs` (rate limit or robots crawl-delay,
 * whichever is slower), and a pause when a server answers 429/503 with
 * Retry-After, which holds every request to that host, not just the retried one.
 */
export interface DomainLimits {
  /** Parallel requests to one host. Default 2. */
  concurrency: number;
  /** Minimum milliseconds between request starts on one host. Default 0. */
  minIntervalMs: number;
}

interface HostState {
  active: number;
  waiting: Array<() => void>;
  nextStartAt: number;
  pausedUntil: number;
  minIntervalMs: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class DomainGate {
  private readonly hosts = new Map<string, HostState>();

  constructor(private readonly limits: DomainLimits) {}

  private state(host: string): HostState {
    let s = this.hosts.get(host);
    if (!s) {
      s = { active: 0, waiting: [], nextStartAt: 0, pausedUntil: 0, minIntervalMs: this.limits.minIntervalMs };
      this.hosts.set(host, s);
    }
    return s;
  }

  /** Raises the spacing for one host (robots.txt Crawl-delay); never lowers the configured rate. */
  setMinInterval(host: string, ms: number): void {
    const s = this.state(host);
    s.minIntervalMs = Math.max(this.limits.minIntervalMs, ms);
  }

  /** Holds all requests to the host for `ms` (Retry-After). */
  pause(host: string, ms: number): void {
    const s = this.state(host);
    s.pausedUntil = Math.max(s.pausedUntil, Date.now() + ms);
  }

  /** Waits for a slot and the host's next start time; returns the release function (idempotent). */
  async acquire(host: string): Promise<() => void> {
    const s = this.state(host);
    if (s.active >= this.limits.concurrency) await new Promise<void>((resolve) => s.waiting.push(resolve));
    s.active++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      s.active--;
      s.waiting.shift()?.();
    };
    try {
      // Reserve the next start slot before sleeping so concurrent callers queue behind each other.
      for (;;) {
        const now = Date.now();
        const at = Math.max(now, s.nextStartAt, s.pausedUntil);
        if (at <= now) {
          s.nextStartAt = now + s.minIntervalMs;
          break;
        }
        await sleep(at - now);
      }
    } catch (e) {
      release();
      throw e;
    }
    return release;
  }
}
