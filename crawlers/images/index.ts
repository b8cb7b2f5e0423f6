export { downloadImage, sniffImageType, ImageRejectedError, DEFAULT_IMAGE_TYPES, DEFAULT_IMAGE_MAX_BYTES, type ImageFetchOptions } from './download.js';
export { LocalImageStore, extensionFor, sha256Hex, type ImageStore, type StoredImage } from './image-store.js';
