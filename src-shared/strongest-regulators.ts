/**
 * The genes worth plotting first: the Trajectories view starts with them, and the HTML report and exported figures
 * use them when no genes were chosen (the first genes of the run are often alphabetical, e.g. ABCB6, ABCC4).
 */

/** The `count` genes with the largest total outgoing edge weight (ties by name); `fallback` when there are no edges. */
export function strongestRegulators(
  edges: readonly { source: string; target: string; weight: number }[],
  count: number,
  fallback: readonly string[] = [],
): string[] {
  const total = new Map<string, number>();
  for (const edge of edges) if (edge.source !== edge.target) total.set(edge.source, (total.get(edge.source) ?? 0) + edge.weight);
  const ranked = [...total.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([gene]) => gene);
  return (ranked.length ? ranked : [...fallback]).slice(0, count);
}
