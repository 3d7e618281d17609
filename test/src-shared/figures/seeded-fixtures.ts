/**
 * Seeded synthetic inputs for the figure tests: small enough for readable snapshots, generated (not committed) so
 * their shape can change with a number.
 */
import { JSDOM } from 'jsdom';
import { seededUniform } from '../../../src-shared/figures/network-layout.ts';
import type { NetworkData, NetworkEdge } from '../../../src-shared/figures/network-data.ts';
import type { HeatmapData } from '../../../src-shared/figures/render-heatmap.ts';
import type { TrajectoryFigureData } from '../../../src-shared/figures/render-trajectories.ts';
import type { LossPoint } from '../../../src-shared/figures/render-loss-curves.ts';

export function newDocument(): Document {
  return new JSDOM('<!doctype html><html><body></body></html>').window.document;
}

export function geneName(i: number): string {
  return `G${String(i).padStart(3, '0')}`;
}

/** A network of `genes` genes, the first `tfs` of them TFs, with `edges` distinct TF → gene edges. */
export function seededNetwork(genes: number, tfs: number, edges: number, seed: number): NetworkData {
  const random = seededUniform(seed);
  const nodes = Array.from({ length: genes }, (_, i) => ({ id: geneName(i), isTF: i < tfs }));
  const seen = new Set<string>();
  const list: NetworkEdge[] = [];
  let guard = 0;
  while (list.length < edges && guard++ < edges * 100) {
    const source = Math.floor(random() * tfs);
    const target = Math.floor(random() * genes);
    const key = `${source}-${target}`;
    if (source === target || seen.has(key)) continue;
    seen.add(key);
    list.push({
      source: geneName(source),
      target: geneName(target),
      weight: Math.round(random() * 1000) / 1000 + 0.001,
      sign: random() < 0.6 ? 1 : -1,
    });
  }
  return { nodes, edges: list };
}

/** A TF × target matrix with two planted blocks, so clustering has something to find. */
export function seededHeatmap(rows: number, columns: number, seed: number): HeatmapData {
  const random = seededUniform(seed);
  const values = new Float64Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const block = r % 2 === c % 2 ? (r % 2 === 0 ? 1 : -1) : 0;
      values[r * columns + c] = block * (0.5 + 0.5 * random()) + (random() - 0.5) * 0.1;
    }
  }
  return {
    rows: Array.from({ length: rows }, (_, i) => `TF${i}`),
    columns: Array.from({ length: columns }, (_, i) => geneName(i)),
    values,
  };
}

export function seededTrajectories(genes: number, seed: number): TrajectoryFigureData {
  const random = seededUniform(seed);
  const names = Array.from({ length: genes }, (_, i) => geneName(i));
  const make = (name: string, lineage: string, donor: string, split: 'train' | 'held-out') => {
    const cells = 40;
    const times = Float64Array.from({ length: cells }, (_, c) => c / (cells - 1));
    const values = new Float32Array(cells * genes);
    for (let c = 0; c < cells; c++)
      for (let g = 0; g < genes; g++) values[c * genes + g] = Math.sin(times[c] * 3 + g) * 0.5 + 0.5 + (random() - 0.5) * 0.2;
    const steps = 10;
    const predictedTimes = Float64Array.from({ length: steps }, (_, k) => (k + 0.5) / steps);
    const predicted = new Float32Array(steps * genes);
    for (let k = 0; k < steps; k++)
      for (let g = 0; g < genes; g++) predicted[k * genes + g] = Math.sin(predictedTimes[k] * 3 + g) * 0.5 + 0.5;
    return { name, lineage, donor, split, observed: { times, values }, predicted: { times: predictedTimes, values: predicted } };
  };
  return {
    genes: names,
    trajectories: [
      make('eryth_12', 'eryth', '12', 'train'),
      make('mono_12', 'mono', '12', 'train'),
      make('eryth_21', 'eryth', '21', 'held-out'),
    ],
  };
}

export function seededHistory(iterations: number, seed: number): LossPoint[] {
  const random = seededUniform(seed);
  return Array.from({ length: iterations }, (_, i) => {
    const data = 1 / (1 + i * 0.05) + random() * 0.01;
    const penalty = 0.05 * Math.exp(-i / 80);
    return {
      iteration: i + 1,
      data,
      penalty,
      total: data + penalty,
      sparsity: {
        feature: Math.min(1, i / iterations),
        model: Math.min(1, i / (2 * iterations)),
        spurious: Math.min(1, (i * 1.2) / iterations),
      },
    };
  });
}
