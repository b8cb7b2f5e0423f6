export * from './errors.js';
export { crawlJsonLd, type JsonLdCrawlOptions, type JsonLdCrawlResult } from './json-ld/crawl.js';
export { extractJsonLdListings, productToListing, jsonLdBlocks, findProducts } from './json-ld/extract.js';
