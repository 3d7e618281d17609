import { describe, expect, it } from 'vitest';
import { maxEdgeWeight, neighbours, searchGenes, selectEdges, validateNetwork } from '../../../src-shared/figures/network-data.ts';
import { forceLayout, hierarchicalLayout } from '../../../src-shared/figures/network-layout.ts';
import { buildNetworkScene, hitTestNode } from '../../../src-shared/figures/network-scene.ts';
import { seededNetwork } from './seeded-fixtures.ts';

describe('network selections', () => {
  const data = seededNetwork(30, 5, 60, 11);

  it('thresholds, ranks heaviest first and cuts to top-k', () => {
    const all = selectEdges(data.edges, {});
    expect(all.length).toBe(60);
    for (let i = 1; i < all.length; i++) expect(all[i - 1].weight).toBeGreaterThanOrEqual(all[i].weight);
    const above = selectEdges(data.edges, { threshold: 0.5 });
    expect(above.every((edge) => edge.weight >= 0.5)).toBe(true);
    expect(above.length).toBe(data.edges.filter((edge) => edge.weight >= 0.5).length);
    expect(selectEdges(data.edges, { threshold: 0.5, topK: 3 })).toEqual(above.slice(0, 3));
  });

  it('leaves out self-edges', () => {
    expect(selectEdges([{ source: 'A', target: 'A', weight: 1, sign: 1 }], {})).toEqual([]);
  });

  it('finds exact names first, then prefixes, then substrings, ignoring case', () => {
    const nodes = ['Gata1', 'Gata2', 'Klf1', 'Gfi1', 'Egata'].map((id) => ({ id, isTF: true }));
    expect(searchGenes(nodes, 'gata1').map((n) => n.id)).toEqual(['Gata1']);
    expect(searchGenes(nodes, 'gata').map((n) => n.id)).toEqual(['Gata1', 'Gata2', 'Egata']);
    expect(searchGenes(nodes, '  ')).toEqual([]);
  });

  it('lists regulators and targets of a gene', () => {
    const edges = [
      { source: 'A', target: 'B', weight: 1, sign: 1 as const },
      { source: 'C', target: 'A', weight: 1, sign: -1 as const },
    ];
    const { regulators, targets } = neighbours(edges, 'A');
    expect(regulators.map((e) => e.source)).toEqual(['C']);
    expect(targets.map((e) => e.target)).toEqual(['B']);
    expect(maxEdgeWeight(edges)).toBe(1);
  });

  it('reports edges naming unknown genes', () => {
    expect(validateNetwork({ nodes: [{ id: 'A', isTF: true }], edges: [{ source: 'A', target: 'Z', weight: 1, sign: 1 }] })[0]).toMatch(
      /A → Z/,
    );
  });

  it('lays out deterministically and hit-tests the drawn nodes', () => {
    const a = forceLayout(data, data.edges, { seed: 3, ticks: 50 });
    const b = forceLayout(data, data.edges, { seed: 3, ticks: 50 });
    expect(a).toEqual(b);
    const scene = buildNetworkScene(
      data,
      data.edges,
      a,
      { x: 0, y: 0, width: 500, height: 400 },
      { nodeRadius: 4, minEdgeWidth: 0.5, maxEdgeWidth: 3 },
    );
    for (const node of scene.nodes) {
      expect(node.x).toBeGreaterThanOrEqual(-0.001);
      expect(node.x).toBeLessThanOrEqual(500.001);
    }
    const target = scene.nodes[7];
    expect(hitTestNode(scene, target.x + 1, target.y - 1)?.id).toBe(target.id);
    expect(hitTestNode(scene, -100, -100)).toBeNull();
  });

  it('fades everything but the focused gene and its neighbours', () => {
    const positions = hierarchicalLayout(data, data.edges, { width: 400, height: 300 });
    const focus = data.edges[0].source;
    const scene = buildNetworkScene(
      data,
      data.edges,
      positions,
      { x: 0, y: 0, width: 400, height: 300 },
      { nodeRadius: 4, minEdgeWidth: 0.5, maxEdgeWidth: 3 },
      { focus },
    );
    const linked = new Set(data.edges.filter((e) => e.source === focus || e.target === focus).flatMap((e) => [e.source, e.target]));
    for (const node of scene.nodes) expect(node.faded).toBe(!linked.has(node.id));
  });
});

describe('focus edges and sorted selection', () => {
  const data = seededNetwork(30, 5, 60, 11);

  it('selects from a sorted list exactly as selectEdges does', async () => {
    const { selectFromSorted, sortEdges } = await import('../../../src-shared/figures/network-data.ts');
    const sorted = sortEdges(data.edges);
    for (const threshold of [0, 0.1, 0.5, 0.99, 2]) {
      for (const topK of [undefined, 1, 7, 100]) {
        expect(selectFromSorted(sorted, { threshold, topK })).toEqual(selectEdges(data.edges, { threshold, topK }));
      }
    }
  });

  it("adds a focused gene's strongest regulators and targets below the threshold, once each", async () => {
    const { withFocusEdges, sortEdges } = await import('../../../src-shared/figures/network-data.ts');
    const sorted = sortEdges(data.edges);
    const focus = 'G001';
    const selected = selectEdges(data.edges, { topK: 3 });
    const drawn = withFocusEdges(selected, sorted, focus, 2);
    expect(drawn.slice(0, 3)).toEqual(selected);
    const incoming = sorted.filter((edge) => edge.target === focus).slice(0, 2);
    const outgoing = sorted.filter((edge) => edge.source === focus).slice(0, 2);
    for (const edge of [...incoming, ...outgoing]) expect(drawn).toContain(edge);
    expect(new Set(drawn).size).toBe(drawn.length);
    expect(withFocusEdges(selected, sorted, null)).toBe(selected);
  });
});

describe('label placement', () => {
  it('drops labels that would overlap a more important one, but never the focused or searched gene', async () => {
    const { placeLabels } = await import('../../../src-shared/figures/network-scene.ts');
    const node = (id: string, x: number, y: number, labelRank: number, highlighted = false) => ({
      id,
      x,
      y,
      radius: 4,
      isTF: false,
      fill: '#000',
      faded: false,
      labelled: true,
      labelRank,
      highlighted,
    });
    const nodes = [node('AAAA', 0, 0, 0), node('BBBB', 5, 2, 1), node('CCCC', 200, 0, 2), node('DDDD', 3, 1, 3, true)];
    expect([...placeLabels(nodes, 10)].sort()).toEqual(['AAAA', 'CCCC', 'DDDD']);
    // Zoomed in 10×, nothing overlaps any more.
    expect(placeLabels(nodes, 10, 10).size).toBe(4);
  });
});

describe('hierarchical layout tiers', () => {
  it('puts top regulators above regulated regulators above targets', () => {
    const data = {
      nodes: [
        { id: 'A', isTF: true },
        { id: 'B', isTF: true },
        { id: 'C', isTF: false },
        { id: 'D', isTF: false },
      ],
      edges: [],
    };
    const edges = [
      { source: 'A', target: 'B', weight: 1, sign: 1 as const },
      { source: 'B', target: 'C', weight: 1, sign: -1 as const },
      { source: 'A', target: 'D', weight: 1, sign: 1 as const },
    ];
    const positions = hierarchicalLayout(data, edges, { width: 300, height: 200 });
    expect(positions.A.y).toBeLessThan(positions.B.y);
    expect(positions.B.y).toBeLessThan(positions.C.y);
    expect(positions.C.y).toBe(positions.D.y);
  });

  it('keeps regulators in one tier when they all regulate each other', () => {
    const data = {
      nodes: [
        { id: 'A', isTF: true },
        { id: 'B', isTF: true },
        { id: 'C', isTF: false },
      ],
      edges: [],
    };
    const edges = [
      { source: 'A', target: 'B', weight: 1, sign: 1 as const },
      { source: 'B', target: 'A', weight: 1, sign: 1 as const },
      { source: 'B', target: 'C', weight: 1, sign: 1 as const },
    ];
    const positions = hierarchicalLayout(data, edges, { width: 300, height: 200 });
    expect(positions.A.y).toBe(positions.B.y);
    expect(positions.A.y).toBeLessThan(positions.C.y);
  });
});

describe('labels on the canvas', () => {
  it('names the strongest hubs first, before a TF with a single edge', () => {
    const data = {
      nodes: [{ id: 'TF1', isTF: true }, { id: 'HUB', isTF: false }, ...['A', 'B', 'C', 'D'].map((id) => ({ id, isTF: false }))],
      edges: [
        { source: 'TF1', target: 'A', weight: 1, sign: 1 as const },
        ...['A', 'B', 'C', 'D'].map((target) => ({ source: 'HUB', target, weight: 0.5, sign: -1 as const })),
      ],
    };
    const positions = Object.fromEntries(data.nodes.map((node, i) => [node.id, { x: 40 * i, y: 0 }]));
    const scene = buildNetworkScene(data, data.edges, positions, null, { nodeRadius: 3, minEdgeWidth: 1, maxEdgeWidth: 2, maxLabels: 1 });
    expect(scene.nodes.filter((node) => node.labelled).map((node) => node.id)).toEqual(['HUB']);
  });
});
