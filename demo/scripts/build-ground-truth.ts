/**
 * Regenerates demo/ground-truth.jsonl from the catalogue:
 *
 *   npx tsx demo/scripts/build-ground-truth.ts
 *
 * A unit test fails when the committed file and the catalogue disagree.
 */
import { writeFileSync } from 'node:fs';
import { loadCatalog } from '../catalog.js';
import { GROUND_TRUTH_FILE, groundTruthJsonl } from '../ground-truth.js';

const entries = loadCatalog();
writeFileSync(GROUND_TRUTH_FILE, groundTruthJsonl(entries));
console.log(`wrote ${entries.length} listings to ${GROUND_TRUTH_FILE}`);
