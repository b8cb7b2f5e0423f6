import { index, integer, jsonb, pgTable, primaryKey, text, unique } from 'drizzle-orm/pg-core';
import type { OcrWord } from '../../domain/ocr.js';
import { timestamps, tstz } from './columns.js';
import { listings } from './listings.js';

/** Each image slot of a listing and where its bytes are; bytes are stored once by sha256. */
export const images = pgTable(
  'images',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    listingId: text('listing_id')
      .notNull()
      .references(() => listings.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    url: text('url'),
    path: text('path'),
    sha256: text('sha256'),
    contentType: text('content_type'),
    bytes: integer('bytes'),
    /** `pending`, `ok` or `rejected` */
    status: text('status').notNull().default('pending'),
    errorCode: text('error_code'),
    errorReason: text('error_reason'),
    ...timestamps,
  },
  (t) => [unique('images_listing_position_uq').on(t.listingId, t.position), index('images_sha_idx').on(t.sha256)],
);

/** OCR output keyed by image content and language set: an image seen before is not read again. */
export const ocrResults = pgTable(
  'ocr_results',
  {
    sha256: text('sha256').notNull(),
    language: text('language').notNull(),
    text: text('text').notNull(),
    words: jsonb('words').$type<OcrWord[]>().notNull(),
    engine: text('engine').notNull(),
    engineVersion: text('engine_version').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sha256, t.language] })],
);

export type ImageRow = typeof images.$inferSelect;
export type OcrResultRow = typeof ocrResults.$inferSelect;
