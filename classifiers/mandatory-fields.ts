import { z } from 'zod';
import type { Evidence } from '../domain/labels.js';
import type { ClassifyInput } from './classifier.js';
import { foodStatus } from './certificates.js';
import { loadRulesFile } from './rules/lexicon-loader.js';
import { sellerTextSources } from './rules/text-sources.js';
import { TermMatcher } from './text/term-matcher.js';

/** Mandatory label fields a food listing should show. Reported as evidence only: omission is not mislabeling. */
export const DETECTOR = 'mandatory-fields';

const fileSchema = z.object({
  version: z.string(),
  fields: z.record(z.object({ attribute_keys: z.array(z.string()), text: z.array(z.string()) })),
});

const cache = new Map<string, { version: string; fields: Array<{ name: string; keys: string[]; text: TermMatcher }> }>();

function compile(modelsDir: string) {
  const hit = cache.get(modelsDir);
  if (hit) return hit;
  const f = loadRulesFile(modelsDir, 'mandatory-fields.v1.yaml', fileSchema);
  const c = { version: f.version, fields: Object.entries(f.fields).map(([name, v]) => ({ name, keys: v.attribute_keys, text: new TermMatcher(v.text) })) };
  cache.set(modelsDir, c);
  return c;
}

export function missingMandatoryFields(input: ClassifyInput, modelsDir: string): { missing: string[]; evidence: Evidence[] } {
  const lex = compile(modelsDir);
  const status = foodStatus(input, modelsDir);
  if (status === 'not_food' || status === 'unknown') return { missing: [], evidence: [] };
  const sources = sellerTextSources(input);
  const missing = lex.fields
    .filter((f) => {
      if (f.name === 'ingredients' && input.listing.ingredients.length) return false;
      // Own keys only (Object.hasOwn): a keyed miss on the many attribute-object shapes is slow.
      if (f.keys.some((k) => Object.hasOwn(input.listing.attributes, k) && input.listing.attributes[k].trim())) return false;
      return !sources.some((s) => f.text.test(s.folded));
    })
    .map((f) => f.name);
  const evidence: Evidence[] = missing.length
    ? [{ label: 'info', field: 'listing', span: '', classifier: 'rules', version: lex.version, rule: `${DETECTOR}/missing`, score: 1, note: `mandatory label information not shown: ${missing.join(', ')}` }]
    : [];
  return { missing, evidence };
}
