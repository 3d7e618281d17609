/**
 * The app's network view → the exporters' network: what the user sees (the view's genes and edges, its
 * threshold/top-k, the positions after dragging) becomes the file, so "export what I see" holds literally.
 */
import type { NetworkData as ViewNetwork } from '../../src-shared/figures/index.ts';
import type { Positions } from '../../src-shared/figures/network-layout.ts';
import { rankEdges, type NetworkData } from './network-data.ts';

export interface ViewNetworkInput {
  view: ViewNetwork;
  /** Positions on screen, by gene; genes without one get the exporters' layout. */
  positions?: Positions;
  /** Peak pseudotime by gene, when the view knows the fitted curves. */
  peaks?: ReadonlyMap<string, number>;
  /** Whether the run had a TF list; without one, is_TF is left out instead of written as false. */
  hasTfList: boolean;
}

export function networkFromView(input: ViewNetworkInput): NetworkData {
  const nodes = input.view.nodes.map((node) => {
    const point = input.positions?.[node.id];
    return {
      id: node.id,
      isTF: input.hasTfList ? node.isTF : null,
      peakPseudotime: input.peaks?.get(node.id) ?? null,
      ...(point ? { x: point.x, y: point.y } : {}),
    };
  });
  const edges = rankEdges(
    input.view.edges
      .filter((edge) => edge.source !== edge.target)
      .map(({ source, target, weight, sign }) => ({ source, target, weight, sign })),
  );
  return { nodes, edges };
}
