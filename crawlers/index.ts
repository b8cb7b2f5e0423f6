export * from './errors.js';
export { crawlJsonLd, type JsonLdCrawlOptions, type JsonLdCrawlResult } from './json-ld/crawl.js';
export { extractJsonLdListings, extractStructuredListings, productToListing, jsonLdBlocks, findProducts } from './json-ld/extract.js';
export { crawlTarget, type CrawlTargetRunOptions } from './crawl-target.js';
export { crawlWithAdapter } from './core/base-crawler.js';
export type { CrawlAdapter, CrawlErrorInfo, CrawlRequestSpec, CrawlTargetOptions, CrawlTargetResult, PageContext, AdapterTools } from './core/types.js';
export { normalizeUrl, isAllowedDomain } from './core/url.js';
export { adapterFor, ADAPTER_REGISTRY } from './registry.js';
export { ADAPTERS, adHocTarget, findTarget, loadTargets, parseTargets, targetSchema, TargetsError, type Target, type TargetInput } from './targets.js';
