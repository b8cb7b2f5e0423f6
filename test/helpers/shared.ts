import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The read-only reference files every developer and CI have beside the checkout (`../shared`: random-weight
 * test models, the EU claims register). SHELFWATCH_SHARED_DIR points elsewhere when the checkout is not there.
 */
export const SHARED_DIR = path.resolve(
  process.env.SHELFWATCH_SHARED_DIR ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared'),
);
export const sharedModels = path.join(SHARED_DIR, 'models');
export const sharedRegister = path.join(SHARED_DIR, 'data', 'eu-health-claims-register.jsonl');
