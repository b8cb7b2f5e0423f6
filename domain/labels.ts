import { z } from 'zod';

/** The three labels every classifier, fixture and evaluation speaks of (issue 2 defines them). */
export const LABELS = ['false_health_claim', 'missing_certificate', 'mislabeled_food'] as const;
export type Label = (typeof LABELS)[number];

export const expectedSchema = z
  .object({
    false_health_claim: z.boolean(),
    missing_certificate: z.boolean(),
    mislabeled_food: z.boolean(),
  })
  .strict();
export type Expected = z.infer<typeof expectedSchema>;

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Where a piece of evidence was found. OCR evidence carries the image index and box. */
export interface Evidence {
  label: Label | 'info';
  /** e.g. `title`, `description`, `labelClaims[0]`, `reviews[2]`, `images[0].ocr` */
  field: string;
  /** The matched text, as it appears in the field. */
  span: string;
  start?: number;
  end?: number;
  classifier: string;
  version: string;
  /** Rule id or model id that produced it. */
  rule?: string;
  score: number;
  /** Pixel box in the image for OCR evidence: x0,y0,x1,y1. */
  bbox?: [number, number, number, number];
  note?: string;
}

export interface LabelScore {
  score: number;
  flagged: boolean;
}

/** What one classifier says about one listing. */
export interface Prediction {
  classifier: string;
  version: string;
  scores: Record<Label, number>;
  evidence: Evidence[];
}

/** The combined verdict the pipeline stores and the CLI prints. */
export interface Verdict {
  id: string;
  labels: Record<Label, LabelScore>;
  risk: RiskLevel;
  evidence: Evidence[];
  classifiers: Array<{ name: string; version: string }>;
}
