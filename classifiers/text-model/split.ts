import { createHash } from 'node:crypto';

/** Which part of a labeled corpus a listing belongs to; decided by its id alone, so every run agrees. */
export type Split = 'train' | 'calibration' | 'test';
export const SPLITS: readonly Split[] = ['train', 'calibration', 'test'];

/** Fractions: 70 % train, 15 % calibration, 15 % test (never seen by training or calibration). */
export const SPLIT_FRACTIONS = { train: 0.7, calibration: 0.15, test: 0.15 } as const;

/** Deterministic split by the first 32 bits of sha256(id). */
export function splitOf(id: string): Split {
  const u = createHash('sha256').update(id, 'utf8').digest().readUInt32BE(0) / 2 ** 32;
  if (u < SPLIT_FRACTIONS.train) return 'train';
  if (u < SPLIT_FRACTIONS.train + SPLIT_FRACTIONS.calibration) return 'calibration';
  return 'test';
}

export function partition<T>(items: T[], idOf: (t: T) => string): Record<Split, T[]> {
  const out: Record<Split, T[]> = { train: [], calibration: [], test: [] };
  for (const it of items) out[splitOf(idOf(it))].push(it);
  return out;
}
