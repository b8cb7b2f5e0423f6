/** OCR of listing images with tesseract.js, fully offline. */
export { IMAGE_REJECTION_CODES, ImageRejectedError, OcrEngineError, OcrSettingsError } from './errors.js';
export type { ImageRejectionCode, OcrEngineErrorCode } from './errors.js';
export type { OcrEngine, OcrOutput, OcrRecognizeOptions } from './ocr-engine.js';
export { MemoryOcrCache } from './ocr-cache.js';
export type { CachedOcr, OcrCache } from './ocr-cache.js';
export { OcrService, createOcrService, tesseractPoolOptions } from './ocr-service.js';
export type { CreateOcrServiceOptions, OcrServiceOptions, ReadImageOptions, ReadImageResult } from './ocr-service.js';
export { preprocessImage, toOriginalBox } from './preprocess.js';
export type { PreparedImage } from './preprocess.js';
export { DEFAULT_OCR_SETTINGS_PATH, loadOcrSettings, tesseractLanguageFor } from './settings.js';
export type { ImageLimits, OcrSettings } from './settings.js';
export { DEBIAN_TESSDATA, assembleNpmTessdata } from './tessdata.js';
export type { TessdataSource } from './tessdata.js';
export { OCR_ENGINE_VERSION, TesseractPool } from './tesseract-pool.js';
export type { PoolSnapshot, TesseractPoolOptions } from './tesseract-pool.js';
