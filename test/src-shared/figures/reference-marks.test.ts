import { describe, expect, it } from 'vitest';
import { buildNetworkScene } from '../../../src-shared/figures/network-scene.ts';
import { classifyAgainstReference, REFERENCE_MARK_COLORS } from '../../../src-shared/figures/reference-marks.ts';
import { renderNetwork } from '../../../src-shared/figures/render-network.ts';
import type { NetworkData } from '../../../src-shared/figures/network-data.ts';
import { newDocument } from './seeded-fixtures.ts';

const data: NetworkData = {
  nodes: ['A', 'B', 'C', 'D', 'E'].map((id) => ({ id, isTF: id === 'A' })),
  edges: [
    { source: 'A', target: 'B', weight: 0.9, sign: 1 },
    { source: 'A', target: 'C', weight: 0.5, sign: -1 },
    { source: 'C', target: 'D', weight: 0.2, sign: 1 },
  ],
};
const reference = [
  { source: 'A', target: 'B', sign: 1 },
  { source: 'B', target: 'C', sign: -1 },
  { source: 'E', target: 'A', sign: 1 },
  { source: 'A', target: 'A', sign: 1 },
  { source: 'Z', target: 'A', sign: 1 },
];
const positions = Object.fromEntries(data.nodes.map((node, i) => [node.id, { x: i * 10, y: (i % 2) * 10 }]));
const style = { nodeRadius: 4, minEdgeWidth: 0.5, maxEdgeWidth: 4, hideIsolated: true };

describe('reference marks', () => {
  it('classifies drawn edges as true or false positives and lists missed reference edges between genes of the run', () => {
    const c = classifyAgainstReference(data.edges, reference, new Set(data.nodes.map((n) => n.id)));
    expect([...c.marks.values()]).toEqual(['true-positive', 'false-positive', 'false-positive']);
    // The self-loop and the edge from Z (not in the run) are not drawable misses.
    expect(c.missed).toEqual([
      { source: 'B', target: 'C', sign: -1 },
      { source: 'E', target: 'A', sign: 1 },
    ]);
    expect([c.truePositives, c.falsePositives]).toEqual([1, 2]);
  });

  it('colours the scene by mark, draws missed edges dashed under the others, and shows genes only a missed edge touches', () => {
    const plain = buildNetworkScene(data, data.edges, positions, null, style);
    expect(plain.reference).toBeUndefined();
    expect(plain.nodes.map((n) => n.id)).not.toContain('E');
    const scene = buildNetworkScene(data, data.edges, positions, null, style, { reference });
    expect(scene.reference).toEqual({ truePositives: 1, falsePositives: 2, missed: 2 });
    expect(scene.nodes.map((n) => n.id)).toContain('E');
    expect(scene.edges.slice(0, 2).map((e) => [e.mark, e.dashed, e.color])).toEqual([
      ['missed', true, REFERENCE_MARK_COLORS.missed],
      ['missed', true, REFERENCE_MARK_COLORS.missed],
    ]);
    const ab = scene.edges.find((e) => e.source === 'A' && e.target === 'B')!;
    expect([ab.mark, ab.color, ab.dashed]).toEqual(['true-positive', REFERENCE_MARK_COLORS['true-positive'], undefined]);
  });

  it('the SVG figure marks the same edges, dashes the missed ones and adds a legend with the counts', () => {
    const svg = renderNetwork(data, { size: { width: 500, height: 400 }, positions, hideIsolated: true, reference }, newDocument());
    expect(svg.getAttribute('data-true-positives')).toBe('1');
    expect(svg.getAttribute('data-false-positives')).toBe('2');
    expect(svg.getAttribute('data-missed')).toBe('2');
    expect(svg.querySelectorAll('line.edge.missed[stroke-dasharray]')).toHaveLength(2);
    expect(svg.querySelectorAll('line.edge.true-positive')).toHaveLength(1);
    expect(svg.querySelector('.legend')!.textContent).toMatch(/Reference.*true positive \(1\).*false positive \(2\).*missed \(2\)/);
    const without = renderNetwork(data, { size: { width: 500, height: 400 }, positions, hideIsolated: true }, newDocument());
    expect(without.hasAttribute('data-missed')).toBe(false);
    expect(without.querySelector('.legend')!.textContent).not.toMatch(/Reference/);
  });
});
