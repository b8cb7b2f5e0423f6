export * from './jurisdictions.js';
export * from './notice.js';
export * from './statement-of-reasons.js';
export * from './exporters.js';
export * from '../../domain/takedown-status.js';
