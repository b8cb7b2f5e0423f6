/**
 * One regex that matches a text iff at least one of `sources` matches it somewhere: a
 * quick rejection before running each pattern on its own (one scan instead of one per
 * pattern, and no per-pattern matchAll when, as for most texts, none of them can match).
 *
 * Undefined when the union would not be faithful: a numbered or named backreference
 * would point at another pattern's groups once the patterns are joined, and duplicate
 * group names do not compile.
 */
export function regexUnion(sources: readonly string[], flags = 'u'): RegExp | undefined {
  if (!sources.length || sources.some((s) => /\\[1-9]|\\k</.test(s))) return undefined;
  try {
    return new RegExp(sources.map((s) => `(?:${s})`).join('|'), flags.replace(/[gy]/g, ''));
  } catch {
    return undefined;
  }
}
