/**
 * The Network view draws a focused gene's strongest regulators and targets whatever the threshold and top-k
 * (withFocusEdges): an export of the view "as shown" holds them too, so the file is the picture on screen.
 */
import { withFocusEdges } from '../../src-shared/figures/network-data.ts';
import type { NetworkData } from './network-data.ts';

/** `selected` (a selection of `network`) plus the focus's strongest links of the whole network, in rank order. */
export function withFocusLinks(network: NetworkData, selected: NetworkData, focus: string | null | undefined): NetworkData {
  if (!focus) return selected;
  // withFocusEdges tells the selected edges apart by identity: selectEdges keeps the network's own edge objects.
  const edges = withFocusEdges(selected.edges, network.edges, focus);
  if (edges === selected.edges) return selected;
  return { nodes: selected.nodes, edges: [...edges].sort((a, b) => a.rank - b.rank) };
}

/** How many edges the focus added, in words for the provenance ("" when none). */
export function describeFocusLinks(focus: string | null | undefined, added: number): string {
  return focus && added > 0
    ? ` plus ${added} of the strongest links of the focused gene ${focus}, drawn below the selection as on screen`
    : '';
}
