import type { Db } from '../client.js';
import { AuditRepository } from './audit.repository.js';
import { CaseRepository } from './case.repository.js';
import { CrawlRunRepository } from './crawl-run.repository.js';
import { ImageRepository } from './image.repository.js';
import { OcrResultRepository } from './ocr-result.repository.js';
import { ListingRepository } from './listing.repository.js';
import { PlatformRepository } from './platform.repository.js';
import { PredictionRepository } from './prediction.repository.js';
import { SellerRepository } from './seller.repository.js';
import { TakedownVerificationRepository } from './takedown-verification.repository.js';
import { ThresholdRepository } from './threshold.repository.js';

export * from './audit.repository.js';
export * from './case.repository.js';
export * from './crawl-run.repository.js';
export * from './image.repository.js';
export * from './ocr-result.repository.js';
export * from './listing.repository.js';
export * from './platform.repository.js';
export * from './prediction.repository.js';
export * from './seller.repository.js';
export * from './takedown-verification.repository.js';
export * from './threshold.repository.js';

export function repositories(db: Db) {
  return {
    platforms: new PlatformRepository(db),
    crawlRuns: new CrawlRunRepository(db),
    sellers: new SellerRepository(db),
    listings: new ListingRepository(db),
    images: new ImageRepository(db),
    ocrResults: new OcrResultRepository(db),
    predictions: new PredictionRepository(db),
    cases: new CaseRepository(db),
    thresholds: new ThresholdRepository(db),
    audit: new AuditRepository(db),
    takedownVerification: new TakedownVerificationRepository(db),
  };
}
export type Repositories = ReturnType<typeof repositories>;
export * from './user.repository.js';
export * from './review.repository.js';
export * from './blacklist.repository.js';
export * from './takedown.repository.js';
export * from './analytics.repository.js';
