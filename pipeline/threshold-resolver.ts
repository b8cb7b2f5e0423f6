import type { PlatformRepository } from '../db/repositories/platform.repository.js';
import type { ThresholdRepository, ThresholdSet } from '../db/repositories/threshold.repository.js';
import { activeThresholds } from './thresholds.js';

interface Cached<T> {
  value: Promise<T>;
  at: number;
}

/**
 * The thresholds a listing is judged by: those of its platform's jurisdiction
 * profile, at the version in force. Analysts save new versions while workers
 * run, so answers are kept only for `ttlMs`; a platform without a profile of its
 * own (`default`) is judged by the configured profile.
 */
export class ThresholdResolver {
  private readonly profiles = new Map<string, Cached<string>>();
  private readonly sets = new Map<string, Cached<ThresholdSet>>();

  constructor(
    private readonly platforms: PlatformRepository | undefined,
    private readonly thresholds: ThresholdRepository | undefined,
    private readonly modelsDir: string,
    private readonly fallbackProfile: string,
    private readonly ttlMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  async forPlatform(platformId: string): Promise<ThresholdSet> {
    return this.forProfile(await this.profileOf(platformId));
  }

  forProfile(profile: string): Promise<ThresholdSet> {
    return this.cached(this.sets, profile, () => activeThresholds(this.thresholds, this.modelsDir, profile));
  }

  private profileOf(platformId: string): Promise<string> {
    return this.cached(this.profiles, platformId, async () => {
      const own = await this.platforms?.profileOf(platformId);
      return own && own !== 'default' ? own : this.fallbackProfile;
    });
  }

  private cached<T>(map: Map<string, Cached<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const hit = map.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value;
    const value = load();
    map.set(key, { value, at: this.now() });
    // A failed lookup (database briefly gone) must not be served from the cache afterwards.
    value.catch(() => map.delete(key));
    return value;
  }
}
