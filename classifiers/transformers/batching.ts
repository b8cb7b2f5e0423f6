/**
 * Order in which to batch inputs: ascending token count (stable, so equal counts keep input
 * order). A batch is padded to its longest member, so neighbours of similar length waste little
 * compute on padding; callers scatter results back to input order.
 */
export function byTokenCount(counts: readonly number[]): number[] {
  return counts.map((_, i) => i).sort((a, b) => counts[a]! - counts[b]! || a - b);
}
