/**
 * A network seen against a reference network: which drawn edges are reference edges (true positives), which are
 * not (false positives), and which reference edges between drawn genes are not drawn (missed). The canvas and the
 * SVG export mark edges from this one classification, in these colours; missed edges are also dashed, so a
 * grey-scale print still tells them apart.
 */
export interface ReferencePair {
  source: string;
  target: string;
  /** The reference's sign (1 activation, −1 repression, 0 or absent unknown): a missed edge is drawn with its end. */
  sign?: number;
}

export type ReferenceMark = 'true-positive' | 'false-positive' | 'missed';

export const REFERENCE_MARK_COLORS: Record<ReferenceMark, string> = {
  'true-positive': '#009E73',
  'false-positive': '#B0B0B0',
  missed: '#CC79A7',
};

export const REFERENCE_MARK_LABELS: Record<ReferenceMark, string> = {
  'true-positive': 'in the reference (true positive)',
  'false-positive': 'not in the reference (false positive)',
  missed: 'reference edge not drawn (missed)',
};

const key = (source: string, target: string) => `${source}\u0000${target}`;

export interface ReferenceClassification {
  /** Mark of each drawn edge, by "source\0target". */
  marks: Map<string, 'true-positive' | 'false-positive'>;
  /** Reference edges between two drawn genes that are not drawn. */
  missed: ReferencePair[];
  truePositives: number;
  falsePositives: number;
}

/**
 * `drawn`: the edges on screen; `genes`: the genes on screen (a missed edge is drawn only where both ends are).
 * Self-loops of the reference are left out, as in scoring.
 */
export function classifyAgainstReference(
  drawn: readonly ReferencePair[],
  reference: readonly ReferencePair[],
  genes: ReadonlySet<string>,
): ReferenceClassification {
  const referenceKeys = new Set(reference.filter((e) => e.source !== e.target).map((e) => key(e.source, e.target)));
  const marks = new Map<string, 'true-positive' | 'false-positive'>();
  let truePositives = 0;
  for (const edge of drawn) {
    const k = key(edge.source, edge.target);
    const mark = referenceKeys.has(k) ? 'true-positive' : 'false-positive';
    if (!marks.has(k) && mark === 'true-positive') truePositives++;
    marks.set(k, mark);
  }
  const seen = new Set<string>();
  const missed: ReferencePair[] = [];
  for (const edge of reference) {
    const k = key(edge.source, edge.target);
    if (edge.source === edge.target || marks.has(k) || seen.has(k) || !genes.has(edge.source) || !genes.has(edge.target)) continue;
    seen.add(k);
    missed.push({ source: edge.source, target: edge.target, sign: edge.sign ?? 0 });
  }
  return { marks, missed, truePositives, falsePositives: marks.size - truePositives };
}

export { key as referencePairKey };
