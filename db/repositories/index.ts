import type { Db } from '../client.js';
import { AuditRepository } from './audit.repository.js';
import { CaseRepository } from './case.repository.js';
import { CrawlRunRepository } from './crawl-run.repository.js';
import { ListingRepository } from './listing.repository.js';
import { PlatformRepository } from './platform.repository.js';
import { PredictionRepository } from './prediction.repository.js';
import { SellerRepository } from './seller.repository.js';
import { ThresholdRepository } from './threshold.repository.js';

export * from './audit.repository.js';
export * from './case.repository.js';
export * from './crawl-run.repository.js';
export * from './listing.repository.js';
export * from './platform.repository.js';
export * from './prediction.repository.js';
export * from './seller.repository.js';
export * from './threshold.repository.js';

export function repositories(db: Db) {
  return {
    platforms: new PlatformRepository(db),
    crawlRuns: new CrawlRunRepository(db),
    sellers: new SellerRepository(db),
    listings: new ListingRepository(db),
    predictions: new PredictionRepository(db),
    cases: new CaseRepository(db),
    thresholds: new ThresholdRepository(db),
    audit: new AuditRepository(db),
  };
}
export type Repositories = ReturnType<typeof repositories>;
