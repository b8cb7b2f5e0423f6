/** What OCR read from one image of a listing; produced by classifiers/ocr, consumed by classifiers. */
export interface OcrWord {
  text: string;
  /** 0..100, as tesseract reports it. */
  confidence: number;
  /** Pixel box in the original image: x0, y0, x1, y1. */
  bbox: [number, number, number, number];
}

export interface ImageText {
  /** Index into listing.images. */
  imageIndex: number;
  text: string;
  words: OcrWord[];
  /** Tesseract language string used, e.g. `vie+eng`. */
  language: string;
  engine: string;
  engineVersion: string;
  /** sha256 of the image bytes: an image seen before is not OCR'd again. */
  sha256: string;
}

/** An image OCR could not read, with a reason a person can act on; the listing is still classified from its text. */
export interface ImageRejection {
  imageIndex: number;
  code: string;
  reason: string;
}
