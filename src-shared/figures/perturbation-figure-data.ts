/**
 * Adapters from an in-silico perturbation's answer to the existing figures: the top responders' curves, wild type
 * solid and perturbed dashed per start (renderTrajectories), and the network with the responders highlighted
 * (renderNetwork). Pure, so the screen and the exported files draw the same thing.
 */
import type { PerturbationResult } from '../contract/perturbation.ts';
import { sortEdges, type NetworkData } from './network-data.ts';
import type { TrajectoryFigureData, TrajectoryFigureOptions } from './render-trajectories.ts';

export const PERTURBATION_CURVE_LABELS: NonNullable<TrajectoryFigureOptions['curveLabels']> = {
  solid: 'wild type',
  dashed: 'perturbed',
};

/** The curves the result carries (perturbed genes, then the top responders), one wild-type and one perturbed series per start. */
export function perturbationTrajectoryData(result: PerturbationResult, genes?: readonly string[]): TrajectoryFigureData {
  const wanted = genes ? genes.filter((g) => result.curves.genes.includes(g)) : result.curves.genes;
  const columns = wanted.map((g) => result.curves.genes.indexOf(g));
  const width = result.curves.genes.length;
  const pick = (values: number[], points: number) => {
    const out: number[] = [];
    for (let k = 0; k < points; k++) for (const c of columns) out.push(values[k * width + c]);
    return out;
  };
  return {
    genes: [...wanted],
    trajectories: result.starts.flatMap((start, s) => {
      const curves = result.curves.starts[s];
      const points = curves.times.length;
      const empty = { times: [], values: [] };
      return [
        {
          name: `${start.name} wild type`,
          lineage: start.lineage,
          donor: start.donor,
          split: 'train' as const,
          observed: empty,
          predicted: { times: curves.times, values: pick(curves.wildType, points) },
        },
        {
          name: `${start.name} ${result.description}`,
          lineage: start.lineage,
          donor: start.donor,
          split: 'held-out' as const,
          observed: empty,
          predicted: { times: curves.times, values: pick(curves.perturbed, points) },
        },
      ];
    }),
  };
}

/** The `count` strongest responders (not the perturbed genes), strongest first: the genes the network highlights. */
export function topResponders(result: PerturbationResult, count: number): string[] {
  return result.responses
    .filter((r) => !r.perturbed)
    .slice(0, count)
    .map((r) => r.gene);
}

/**
 * The part of the run's network around a perturbation: the perturbed genes and the `responders` strongest responders,
 * with the `maxEdges` heaviest edges among them; the responders are the genes to highlight.
 */
export function perturbationNetworkData(
  result: PerturbationResult,
  network: NetworkData,
  responders = 20,
  maxEdges = 80,
): { data: NetworkData; highlighted: string[]; perturbed: string[] } {
  const perturbed = result.perturbations.map((p) => p.gene);
  const highlighted = topResponders(result, responders);
  const keep = new Set([...perturbed, ...highlighted]);
  const edges = sortEdges(
    network.edges.filter((e) => e.source !== e.target && keep.has(e.source) && keep.has(e.target) && e.weight > 0),
  ).slice(0, maxEdges);
  const tf = new Map(network.nodes.map((n) => [n.id, n.isTF]));
  return { data: { nodes: [...keep].map((id) => ({ id, isTF: tf.get(id) ?? false })), edges }, highlighted, perturbed };
}
