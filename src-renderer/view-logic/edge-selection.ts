/**
 * Edges picked in the edge table, shown on the network: each is drawn even when the threshold or top-k leaves it
 * out (the table lists every edge of the run folder, the window only the heaviest), and both its genes are marked.
 */

export interface EdgeLike {
  source: string;
  target: string;
  weight: number;
  sign: -1 | 0 | 1;
}

/** One key per directed gene pair. */
export function edgeKey(edge: { source: string; target: string }): string {
  return `${edge.source}\u0000${edge.target}`;
}

/** The drawn edges plus each picked edge not among them (as a plain edge, so the canvas treats it like the others). */
export function withPickedEdges(drawn: readonly EdgeLike[], picked: Iterable<EdgeLike>): EdgeLike[] {
  const present = new Set(drawn.map(edgeKey));
  const extra: EdgeLike[] = [];
  for (const edge of picked) {
    const key = edgeKey(edge);
    if (present.has(key)) continue;
    present.add(key);
    extra.push({ source: edge.source, target: edge.target, weight: edge.weight, sign: edge.sign });
  }
  return extra.length ? [...drawn, ...extra] : (drawn as EdgeLike[]);
}

/** The genes of the picked edges, each once, in the order picked. */
export function genesOfPicked(picked: Iterable<{ source: string; target: string }>): string[] {
  const genes = new Set<string>();
  for (const edge of picked) genes.add(edge.source).add(edge.target);
  return [...genes];
}
