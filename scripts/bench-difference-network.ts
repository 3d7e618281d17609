/**
 * Times the Compare view's difference network figure (issue 18) at the paper's scale: two seeded dense 530-gene
 * networks (every ordered pair an edge, independent weights, so their top-k barely overlap: the worst case for the
 * drawing), their top-k difference network laid out (seeded force layout, once per comparison) and drawn (jsdom), as
 * the view does on the first draw and on a class-filter change.
 *
 *   npx tsx scripts/bench-difference-network.ts [-- --top-k 300]
 */
import os from 'node:os';
import { JSDOM } from 'jsdom';
import { differenceNetwork, type ComparableEdge } from '../src-shared/run-comparison.ts';
import { seededUniform } from '../src-shared/figures/network-layout.ts';
import { differenceLayout, renderDifferenceNetwork, type DifferenceFigureData } from '../src-shared/figures/render-difference-network.ts';
import { optionNumber } from './command-line-options.ts';

const GENES = Array.from({ length: 530 }, (_, i) => `G${String(i).padStart(3, '0')}`);

function dense(seed: number): ComparableEdge[] {
  const random = seededUniform(seed);
  const edges: ComparableEdge[] = [];
  for (const source of GENES)
    for (const target of GENES)
      if (source !== target) {
        const u = random();
        edges.push({ source, target, weight: 1e-5 + u ** 6, sign: u < 0.45 ? 1 : u < 0.9 ? -1 : 0 });
      }
  return edges;
}

const k = optionNumber('top-k', 300);
const [a, b] = [dense(1), dense(2)];
let started = performance.now();
const difference = differenceNetwork(a, b, k);
const differenceMs = performance.now() - started;
const data: DifferenceFigureData = {
  genes: GENES.map((id, i) => ({ id, isTF: i < 40 })),
  edges: difference,
  labelA: 'A',
  labelB: 'B',
  topK: k,
};
const doc = new JSDOM('<!doctype html><html><body></body></html>').window.document;
started = performance.now();
differenceLayout(data, 0);
const layoutMs = performance.now() - started;
started = performance.now();
const svg = renderDifferenceNetwork(data, { size: { width: 720, height: 540 } }, doc);
const drawMs = performance.now() - started;
started = performance.now();
renderDifferenceNetwork(data, { size: { width: 720, height: 540 }, classes: ['a', 'b'] }, doc);
const filterMs = performance.now() - started;
console.log(
  JSON.stringify(
    {
      edgesPerRun: a.length,
      topK: k,
      differenceEdges: difference.length,
      genesDrawn: Number(svg.getAttribute('data-node-count')),
      differenceMs: Math.round(differenceMs),
      layoutMs: Math.round(layoutMs),
      drawMs: Math.round(drawMs),
      classFilterRedrawMs: Math.round(filterMs),
      load1: Number(os.loadavg()[0].toFixed(1)),
      cores: os.cpus().length,
    },
    null,
    2,
  ),
);
