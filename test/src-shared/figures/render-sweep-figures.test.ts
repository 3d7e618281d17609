import { describe, expect, it } from 'vitest';
import { renderLambdaPath } from '../../../src-shared/figures/render-lambda-path.ts';
import { renderConsensusNetwork } from '../../../src-shared/figures/render-consensus-network.ts';
import { newDocument } from './seeded-fixtures.ts';

describe('renderLambdaPath', () => {
  const points = [
    { lambda: 0.1, heldOutMse: 0.05, edges: 3, spuriousRegulatorFraction: null, tasks: [6] },
    { lambda: 0.001, heldOutMse: 0.04, edges: 30, spuriousRegulatorFraction: null, tasks: [0] },
    { lambda: 0.01, heldOutMse: null, edges: null, spuriousRegulatorFraction: null, tasks: [] },
  ];

  it('draws one point per λ with a value in each panel, each naming the run a click opens', () => {
    const svg = renderLambdaPath(points, { width: 760, height: 240 }, newDocument());
    const mse = [...svg.querySelectorAll('.lambda-panel-heldOutMse circle')];
    expect(mse.map((c) => [c.getAttribute('data-lambda'), c.getAttribute('data-task')])).toEqual([
      ['0.001', '0'],
      ['0.1', '6'],
    ]);
    // Larger λ to the right (log axis, sorted), fewer edges drawn lower.
    const edges = [...svg.querySelectorAll('.lambda-panel-edges circle')];
    expect(Number(edges[0].getAttribute('cx'))).toBeLessThan(Number(edges[1].getAttribute('cx')));
    expect(Number(edges[0].getAttribute('cy'))).toBeLessThan(Number(edges[1].getAttribute('cy')));
    expect(svg.querySelector('.lambda-panel-spuriousRegulatorFraction')?.textContent).toContain('no TF list');
  });
});

describe('renderConsensusNetwork', () => {
  const data = {
    genes: [
      { id: 'GATA1', isTF: true },
      { id: 'KLF1', isTF: true },
      { id: 'HBB', isTF: false },
      { id: 'LONE', isTF: false },
    ],
    edges: [
      { source: 'GATA1', target: 'KLF1', confidence: 1, fdr: 0.01, sign: 1 as const },
      { source: 'KLF1', target: 'HBB', confidence: 0.4, fdr: 0.3, sign: -1 as const },
    ],
    fits: 5,
    nullFits: 2,
    lambda: 0.01,
  };

  it('draws each edge with its confidence as opacity and width, and its FDR in the tooltip', () => {
    const svg = renderConsensusNetwork(data, { width: 500, height: 500 }, newDocument());
    const lines = [...svg.querySelectorAll('line.consensus-edge')];
    expect(lines.map((l) => [l.getAttribute('data-source'), l.getAttribute('data-confidence'), l.getAttribute('data-fdr')])).toEqual([
      ['KLF1', '0.4', '0.3'],
      ['GATA1', '1', '0.01'],
    ]);
    expect(Number(lines[1].getAttribute('stroke-opacity'))).toBeGreaterThan(Number(lines[0].getAttribute('stroke-opacity')));
    expect(Number(lines[1].getAttribute('stroke-width'))).toBeGreaterThan(Number(lines[0].getAttribute('stroke-width')));
    expect(lines[0].textContent).toBe('KLF1 → HBB: selected in 40% of 5 fits, FDR 0.3');
    // A gene with no drawn edge is left out of the circle.
    expect(svg.textContent).not.toContain('LONE');
  });

  it('leaves out edges below the least confidence asked for', () => {
    const svg = renderConsensusNetwork(data, { width: 500, height: 500, minConfidence: 0.5 }, newDocument());
    expect(svg.querySelectorAll('line.consensus-edge')).toHaveLength(1);
    expect(svg.textContent).toContain('1 of 2 edges drawn');
  });
});
