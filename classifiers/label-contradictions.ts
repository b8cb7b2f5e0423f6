import { z } from 'zod';
import type { Evidence } from '../domain/labels.js';
import type { ClassifyInput } from './classifier.js';
import { findCertificates, foodStatus } from './certificates.js';
import type { DetectorResult } from './health-claims.js';
import { loadRulesFile } from './rules/lexicon-loader.js';
import { sellerTextSources, spanEvidence, type TextSource } from './rules/text-sources.js';
import { fold } from './text/fold.js';
import { TermMatcher, type TermMatch } from './text/term-matcher.js';

/** Detector for mislabeled_food: claims that contradict the ingredients, allergens, certificates or origin. */
export const DETECTOR = 'label-contradictions';

const check = z.object({
  claims: z.array(z.string()),
  conflicts: z.array(z.string()),
  except: z.array(z.string()).default([]),
  /** Terms the title or category must hold for the check to apply ("pure" only speaks to honey on a honey product). */
  requires: z.array(z.string()).optional(),
  /** Ingredient terms that settle the claim (a lactase enzyme in lactose-free milk): a list holding one does not conflict. */
  unless: z.array(z.string()).optional(),
});
const fileSchema = z.object({
  version: z.string(),
  scores: z.object({ contradiction: z.number(), origin_conflict: z.number(), organic_uncertified: z.number(), none: z.number() }),
  ingredient_headers: z.array(z.string()),
  /** Words that head an ingredient list on a line of their own ("원재료", "[Ingredients]"): the list is the lines below, up to a blank line. */
  ingredient_header_lines: z.array(z.string()).default([]),
  /** Attribute names (regex on the folded name, whole name) whose value is an ingredient list ("원재료 및 함량", "Primary grain"). */
  ingredient_attribute_keys: z.array(z.string()).default([]),
  /** A line of the description that is itself a list (at least `min_items` comma-separated short items) counts as the ingredients when no list is headed. */
  bare_list: z.object({ min_items: z.number().int().positive(), max_item_chars: z.number().int().positive() }).optional(),
  checks: z.array(
    z.union([
      check.extend({ id: z.string() }),
      z.object({ id: z.string(), pairs: z.record(check) }),
    ]),
  ),
  organic: z.object({ claims: z.array(z.string()), except: z.array(z.string()) }),
  /** An allergens field that declares none ("None", "无", "없음") while the ingredients hold a major allergen. */
  allergen_none: z.object({ none_values: z.array(z.string()), allergens: z.array(z.string()), except: z.array(z.string()).default([]) }).optional(),
  origin: z.object({
    attribute_keys: z.array(z.string()),
    statements: z.array(z.string()),
    /** Words after which the country comes first ("중국 산둥성 농가에서 수입한"): the text before them, up to `anchor_window` characters, is the statement. */
    statement_anchors: z.array(z.string()).default([]),
    anchor_window: z.number().int().positive().default(24),
    countries: z.record(z.array(z.string())),
  }),
});

interface CompiledCheck {
  id: string;
  claims: TermMatcher;
  conflicts: TermMatcher;
  except: TermMatcher;
  requires?: TermMatcher;
  unless?: TermMatcher;
}
interface Compiled {
  version: string;
  scores: z.infer<typeof fileSchema>['scores'];
  headers: TermMatcher;
  headerLines?: RegExp;
  ingredientKeys?: RegExp;
  bareList?: { minItems: number; maxItemChars: number };
  checks: CompiledCheck[];
  organic: TermMatcher;
  organicExcept: TermMatcher;
  allergenNone?: { values: Set<string>; allergens: TermMatcher; except: TermMatcher };
  /** Folded attribute names that declare the origin ("Country of origin", "产地", "원산지"). */
  originKeys: Set<string>;
  originStatements: TermMatcher;
  originAnchors: TermMatcher;
  anchorWindow: number;
  countries: Array<{ id: string; matcher: TermMatcher }>;
}
const cache = new Map<string, Compiled>();

function compile(modelsDir: string): Compiled {
  const hit = cache.get(modelsDir);
  if (hit) return hit;
  const f = loadRulesFile(modelsDir, 'label-contradictions.v1.yaml', fileSchema);
  const checks: CompiledCheck[] = [];
  for (const c of f.checks) {
    const entries = 'pairs' in c ? Object.entries(c.pairs).map(([k, v]) => [`${c.id}/${k}`, v] as const) : [[c.id, c] as const];
    for (const [id, v] of entries) {
      checks.push({
        id,
        claims: new TermMatcher(v.claims),
        conflicts: new TermMatcher(v.conflicts),
        except: new TermMatcher(v.except),
        ...(v.requires ? { requires: new TermMatcher(v.requires) } : {}),
        ...(v.unless ? { unless: new TermMatcher(v.unless) } : {}),
      });
    }
  }
  const c: Compiled = {
    version: f.version,
    scores: f.scores,
    headers: new TermMatcher(f.ingredient_headers),
    ...(f.ingredient_header_lines.length
      ? { headerLines: new RegExp(`(?:^|\\n)[^\\S\\n]*[\\p{P}\\p{S}]{0,3}[^\\S\\n]*(?:${f.ingredient_header_lines.map((w) => fold(w).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})[^\\S\\n]*[\\p{P}\\p{S}]{0,3}[^\\S\\n]*(?=\\n)`, 'gu') }
      : {}),
    ...(f.ingredient_attribute_keys.length ? { ingredientKeys: new RegExp(`^(?:${f.ingredient_attribute_keys.join('|')})$`, 'u') } : {}),
    ...(f.bare_list ? { bareList: { minItems: f.bare_list.min_items, maxItemChars: f.bare_list.max_item_chars } } : {}),
    checks,
    organic: new TermMatcher(f.organic.claims),
    organicExcept: new TermMatcher(f.organic.except),
    ...(f.allergen_none
      ? {
          allergenNone: {
            values: new Set(f.allergen_none.none_values.map(noneValue)),
            allergens: new TermMatcher(f.allergen_none.allergens),
            except: new TermMatcher(f.allergen_none.except),
          },
        }
      : {}),
    originKeys: new Set(f.origin.attribute_keys.map(attributeKey)),
    originStatements: new TermMatcher(f.origin.statements),
    originAnchors: new TermMatcher(f.origin.statement_anchors),
    anchorWindow: f.origin.anchor_window,
    countries: Object.entries(f.origin.countries).map(([id, names]) => ({ id, matcher: new TermMatcher(names) })),
  };
  cache.set(modelsDir, c);
  return c;
}

/** An allergens entry reduced for comparison: folded, trimmed of punctuation and spaces at the ends. */
function noneValue(s: string): string {
  return fold(s).replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '').replace(/\s+/g, ' ');
}

export function labelContradictionsVersion(modelsDir: string): string {
  return compile(modelsDir).version;
}

interface IngredientText {
  field: string;
  text: string;
  folded: string;
  offset: number;
  src?: TextSource;
}

/** Ingredient lists: the structured field, else the part after an "Ingredients:" header in text or OCR. */
function ingredientTexts(input: ClassifyInput, sources: TextSource[], lex: Compiled): IngredientText[] {
  const out: IngredientText[] = [];
  if (input.listing.ingredients.length) {
    const text = input.listing.ingredients.join(', ').normalize('NFC');
    out.push({ field: 'ingredients', text, folded: fold(text), offset: 0 });
  }
  const headed = (src: TextSource, from: number) => {
    // The list runs to the end of its line (or a full stop followed by a space); a header that ends
    // its line ("[원재료]", "Ingredients:" then a line break) heads the lines below, up to a blank line.
    const lead = /^[^\S\n]*\n/.exec(src.folded.slice(from, from + 200));
    let start = from;
    let end: number;
    if (lead) {
      start = from + lead[0].length;
      const rest = src.folded.slice(start);
      const stop = rest.search(/\n[^\S\n]*\n/);
      end = start + Math.min(stop === -1 ? rest.length : stop, 600);
    } else {
      const rest = src.folded.slice(from);
      // "made with oat drink powder instead of milk": what is replaced is not in it.
      const stop = rest.search(/\n|\.\s|。|(?<=\S)\s{2,}|(?<![a-z])(instead of|rather than|in place of)(?![a-z])|대신|代替|而非|thay (cho|vi)(?![a-z])/);
      end = from + (stop === -1 ? Math.min(rest.length, 400) : stop);
    }
    out.push({ field: src.field, text: src.text.slice(start, end), folded: src.folded.slice(start, end), offset: start, src });
  };
  for (const src of sources) {
    if (src.field === 'ingredients') continue;
    if (src.field.startsWith('attributes.')) {
      // {"원재료 및 함량": "아카시아꿀 70%, 물엿 30%"}: the value is the list.
      if (lex.ingredientKeys?.test(attributeKey(src.field.slice('attributes.'.length)))) out.push({ field: src.field, text: src.text, folded: src.folded, offset: 0, src });
      continue;
    }
    for (const h of lex.headers.find(src.folded)) headed(src, h.end);
    if (lex.headerLines) {
      lex.headerLines.lastIndex = 0;
      for (const m of src.folded.matchAll(lex.headerLines)) headed(src, (m.index ?? 0) + m[0].length);
    }
  }
  // No list is headed: a line that is itself a list ("배추(국산), 무(국산), 고춧가루, 마늘, 어간장") is the list.
  if (!out.length && lex.bareList) {
    for (const src of sources) {
      if (src.field !== 'description' && !src.ocr) continue;
      let offset = 0;
      for (const line of src.folded.split('\n')) {
        const items = line.split(/[,，、]/).map((x) => x.trim());
        if (items.length >= lex.bareList.minItems && items.every((x) => x.length > 0 && x.length <= lex.bareList!.maxItemChars)) {
          out.push({ field: src.field, text: src.text.slice(offset, offset + line.length), folded: line, offset, src });
        }
        offset += line.length + 1;
      }
    }
  }
  return out;
}

/** Attribute names compared folded, with spaces, underscores and hyphens alike. */
function attributeKey(key: string): string {
  return fold(key).replace(/[\s_\-]+/g, ' ').replace(/[:：]/g, '').trim();
}

/** Removes the parts of `folded` covered by exception phrases (coconut milk) before looking for conflicts. */
function maskExcept(folded: string, except: TermMatcher): string {
  let masked = folded;
  for (const m of except.find(folded)) masked = masked.slice(0, m.start) + ' '.repeat(m.end - m.start) + masked.slice(m.end);
  return masked;
}

export function detectLabelContradictions(input: ClassifyInput, modelsDir: string): DetectorResult {
  const lex = compile(modelsDir);
  const evidence: Evidence[] = [];
  const status = foodStatus(input, modelsDir);
  if (status === 'not_food') return { score: lex.scores.none, evidence };
  const sources = sellerTextSources(input);
  const ingredients = ingredientTexts(input, sources, lex);
  // A product the food vocabulary does not know ("Salsa Verde", "곡물가공품") is still judged when it
  // carries an ingredient list: non-food listings rarely have one, and cosmetics are known as non-food.
  if (status === 'unknown' && !ingredients.length) return { score: lex.scores.none, evidence };
  const ev = (field: string, text: string, m: TermMatch, offset: number, rule: string, score: number, note: string, src?: TextSource): Evidence =>
    spanEvidence({ field, ocr: src?.ocr }, text.slice(m.start, m.end), offset + m.start, offset + m.end, { label: 'mislabeled_food', version: lex.version, rule: `${DETECTOR}/${rule}`, score, note });

  // Claims are looked for outside the ingredient lists, so "sugar" in "no sugar" is not an ingredient.
  const subject = fold(`${input.listing.title} ${input.listing.category ?? ''}`);
  for (const chk of lex.checks) {
    if (chk.requires && !chk.requires.test(subject)) continue;
    let claim: { src: TextSource; m: TermMatch } | undefined;
    for (const src of sources) {
      if (src.field === 'ingredients') continue;
      const m = chk.claims.find(src.folded)[0];
      if (m) {
        claim = { src, m };
        break;
      }
    }
    if (!claim) continue;
    for (const ing of ingredients) {
      if (chk.unless?.test(ing.folded)) continue;
      const masked = maskExcept(maskExcept(ing.folded, chk.except), chk.claims);
      const conflict = chk.conflicts.find(masked)[0];
      if (!conflict) continue;
      const note = `claim "${claim.src.text.slice(claim.m.start, claim.m.end)}" but ingredients contain "${ing.text.slice(conflict.start, conflict.end)}"`;
      evidence.push(ev(claim.src.field, claim.src.text, claim.m, 0, chk.id, lex.scores.contradiction, note, claim.src));
      evidence.push(ev(ing.field, ing.text, conflict, ing.offset, chk.id, lex.scores.contradiction, note, ing.src));
      break;
    }
  }

  // An allergens field that says "none" while an ingredient is a major allergen.
  const declared = input.listing.allergens;
  if (lex.allergenNone && declared.length && declared.every((a) => lex.allergenNone!.values.has(noneValue(a)))) {
    for (const ing of ingredients) {
      const hit = lex.allergenNone.allergens.find(maskExcept(ing.folded, lex.allergenNone.except))[0];
      if (!hit) continue;
      const note = `allergens declared as "${declared.join(', ')}" but ingredients contain "${ing.text.slice(hit.start, hit.end)}"`;
      evidence.push(ev(ing.field, ing.text, hit, ing.offset, 'allergen-declared-none', lex.scores.contradiction, note, ing.src));
      break;
    }
  }

  // "Organic" needs an organic certificate to back it.
  const organicClaim = sources
    .filter((s) => s.field !== 'ingredients')
    .map((src) => ({ src, m: lex.organic.find(maskExcept(src.folded, lex.organicExcept))[0] }))
    .find((x) => x.m);
  if (organicClaim?.m) {
    const certs = findCertificates(input, modelsDir).found;
    if (!certs.some((c) => c.type === 'organic')) {
      evidence.push(
        ev(organicClaim.src.field, organicClaim.src.text, organicClaim.m, 0, 'organic-uncertified', lex.scores.organic_uncertified, 'claims organic but shows no organic certification', organicClaim.src),
      );
    }
  }

  // Two different countries of origin: the origin attribute against "made in ..." statements.
  // An attribute may declare several ("뉴질랜드(녹용), 대한민국(제조)": raw material and
  // manufacture); a statement naming any declaredOrigins country agrees with it.
  const countriesIn = (folded: string) => lex.countries.filter((c) => c.matcher.test(folded)).map((c) => c.id);
  const declaredOrigins = new Map<string, { field: string; span: string }>();
  for (const [key, v] of Object.entries(input.listing.attributes)) {
    if (v && lex.originKeys.has(attributeKey(key))) for (const c of countriesIn(fold(v))) if (!declaredOrigins.has(c)) declaredOrigins.set(c, { field: `attributes.${key}`, span: v });
  }
  const stated = new Map<string, { field: string; span: string }>();
  // The lines each country is stated on: "이집트산 캐모마일 + 프랑스산 라벤더" names a blend's sources on one line.
  const statedLines = new Map<string, Set<string>>();
  // Korean and Chinese labels give each ingredient's origin ("아몬드(미국산)"): in a list of several
  // ingredients that is sourcing, not the product's origin. A single-ingredient list still counts.
  const sourcing = ingredients.filter((i) => i.text.split(/[,，、;；]/).filter((x) => x.trim()).length > 1);
  for (const src of sources) {
    if (src.field.startsWith('attributes.')) continue;
    if (src.field === 'ingredients' && sourcing.some((i) => i.field === 'ingredients')) continue;
    const lists = sourcing.filter((i) => i.src === src);
    const spans = lex.originStatements.find(src.folded).map((m) => ({ start: m.start, end: m.end }));
    // A leading "any text" pattern would be tried at every position; finding the anchor first and
    // looking back costs one literal scan.
    for (const a of lex.originAnchors.find(src.folded)) {
      const before = src.folded.slice(Math.max(0, a.start - lex.anchorWindow), a.start);
      const cut = Math.max(before.lastIndexOf('.'), before.lastIndexOf('\n'), before.lastIndexOf('。'), before.lastIndexOf('!'), before.lastIndexOf('?'));
      spans.push({ start: a.start - before.length + cut + 1, end: a.end });
    }
    for (const m of spans) {
      if (lists.some((i) => m.start >= i.offset && m.start < i.offset + i.text.length)) continue;
      const stmt = src.folded.slice(m.start, m.end);
      const line = `${src.field}:${src.folded.slice(0, m.start).split('\n').length}`;
      for (const c of countriesIn(stmt)) {
        if (!stated.has(c)) stated.set(c, { field: src.field, span: src.text.slice(m.start, m.end) });
        if (!statedLines.has(c)) statedLines.set(c, new Set());
        statedLines.get(c)!.add(line);
      }
    }
  }
  let list: Array<[string, { field: string; span: string }]> = [];
  if (declaredOrigins.size) {
    const outside = [...stated].filter(([c]) => !declaredOrigins.has(c));
    if (outside.length) list = [...declaredOrigins, ...outside];
  } else if (stated.size > 1) {
    // Without a declaredOrigins origin, statements that disagree with each other are the conflict,
    // unless every pair of them shares one line (the sources of a blend, listed together).
    const lines = [...statedLines.values()];
    const apart = lines.some((a, i) => lines.some((b, j) => j > i && [...a].some((x) => [...b].some((y) => x !== y))));
    if (apart) list = [...stated];
  }
  if (list.length) {
    for (const [country, o] of list) {
      evidence.push({
        label: 'mislabeled_food',
        field: o.field,
        span: o.span,
        classifier: 'rules',
        version: lex.version,
        rule: `${DETECTOR}/origin-conflict`,
        score: lex.scores.origin_conflict,
        note: `origin ${country} conflicts with ${list.filter(([c]) => c !== country).map(([c]) => c).join(', ')}`,
      });
    }
  }
  const score = evidence.length ? Math.max(...evidence.map((e) => e.score)) : lex.scores.none;
  return { score, evidence };
}
