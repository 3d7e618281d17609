import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeDiffusionPseudotime } from '../../../../src-main/data/pseudotime/compute-pseudotime.ts';
import { diffusionMap } from '../../../../src-main/data/pseudotime/diffusion-map.ts';
import { connectedComponents, diffusionPseudotime } from '../../../../src-main/data/pseudotime/diffusion-pseudotime.ts';
import { nearestNeighbors } from '../../../../src-main/data/pseudotime/nearest-neighbors.ts';
import { principalComponents } from '../../../../src-main/data/pseudotime/principal-components.ts';
import { smoothKnnDistances, umapConnectivities } from '../../../../src-main/data/pseudotime/umap-connectivities.ts';
import { pearsonCorrelation } from '../../../../src-main/data/pseudotime/pearson-correlation.ts';

// Reference numbers from fixtures/dpt_reference.py: an independent float64 numpy implementation of scanpy's
// pca → neighbors(umap) → diffmap → dpt (full SVD and full eigh instead of our Lanczos), run once and committed.
const fixtures = new URL('./fixtures/', import.meta.url);
const reference = JSON.parse(readFileSync(new URL('dpt-synthetic-reference.json', fixtures), 'utf8')) as {
  cells: number;
  genes: number;
  pcs: number;
  neighbors: number;
  diffusion_components: number;
  dpt_components: number;
  root: number;
  pca_variance: number[];
  rho: number[];
  sigma: number[];
  diffmap_eigenvalues: number[];
  pseudotime: number[];
  true_time: number[];
};
const matrix = Float32Array.from(
  readFileSync(new URL('dpt-synthetic-matrix.csv', fixtures), 'utf8')
    .trim()
    .split('\n')
    .flatMap((line) => line.split(',').map(Number)),
);
const { cells, genes } = reference;

describe('diffusion pseudotime against the numpy reference', () => {
  const pca = principalComponents(matrix, cells, genes, reference.pcs);
  const knn = nearestNeighbors(pca.scores, cells, reference.pcs, reference.neighbors);

  it('PCA variances match the SVD', () => {
    pca.variance.forEach((v, j) => expect(v).toBeCloseTo(reference.pca_variance[j], 9));
  });

  it("UMAP kernel widths (rho, sigma) match umap-learn's smooth_knn_dist", () => {
    const { rhos, sigmas } = smoothKnnDistances(knn, cells);
    rhos.forEach((r, i) => expect(r).toBeCloseTo(reference.rho[i], 9));
    sigmas.forEach((s, i) => expect(s).toBeCloseTo(reference.sigma[i], 7));
  });

  it('diffusion eigenvalues and DPT match to 1e-7', () => {
    const graph = umapConnectivities(knn, cells);
    const map = diffusionMap(graph, reference.diffusion_components);
    map.values.forEach((v, j) => expect(Math.abs(v - reference.diffmap_eigenvalues[j])).toBeLessThan(1e-9));
    const dpt = diffusionPseudotime(map, reference.root, connectedComponents(graph), reference.dpt_components);
    const worst = Math.max(...Array.from(dpt, (t, i) => Math.abs(t - reference.pseudotime[i])));
    expect(worst).toBeLessThan(1e-7);
    expect(dpt[reference.root]).toBe(0);
  });

  it('the whole recipe orders cells like the simulated time', () => {
    const result = computeDiffusionPseudotime(
      matrix,
      cells,
      genes,
      { cell: reference.root },
      {
        pcs: reference.pcs,
        neighbors: reference.neighbors,
        diffusionComponents: reference.diffusion_components,
      },
    );
    expect(result.componentCount).toBe(1);
    const worst = Math.max(...Array.from(result.pseudotime, (t, i) => Math.abs(t - reference.pseudotime[i])));
    expect(worst).toBeLessThan(1e-7);
    expect(pearsonCorrelation(result.pseudotime, reference.true_time)).toBeGreaterThan(0.95);
  });

  it('a suggested root among the earliest cells lands at the start of the trajectory', () => {
    const earliest = Array.from(reference.true_time.keys())
      .sort((a, b) => reference.true_time[a] - reference.true_time[b])
      .slice(0, 5);
    const result = computeDiffusionPseudotime(
      matrix,
      cells,
      genes,
      { candidates: earliest, why: 'from the 5 earliest cells' },
      {
        pcs: reference.pcs,
        neighbors: reference.neighbors,
        diffusionComponents: reference.diffusion_components,
      },
    );
    expect(earliest).toContain(result.root);
    expect(pearsonCorrelation(result.pseudotime, reference.true_time)).toBeGreaterThan(0.95);
    expect(result.notes.join(' ')).toContain('from the 5 earliest cells');
  });
});

describe('diffusion pseudotime edge cases', () => {
  it('cells in a separate group of the neighbour graph get no pseudotime (Infinity), as in scanpy', () => {
    // Two far-apart clouds of 12 cells in 4 genes: with 5 neighbours the graph has two components.
    const values: number[] = [];
    for (let c = 0; c < 24; c++) for (let g = 0; g < 4; g++) values.push((c < 12 ? 0 : 100) + Math.sin(c * 1.7 + g * 0.9) + c * 0.05);
    const result = computeDiffusionPseudotime(values, 24, 4, { cell: 0 }, { neighbors: 5 });
    expect(result.componentCount).toBe(2);
    for (let c = 0; c < 12; c++) expect(Number.isFinite(result.pseudotime[c])).toBe(true);
    for (let c = 12; c < 24; c++) expect(result.pseudotime[c]).toBe(Infinity);
    expect(Math.max(...Array.from(result.pseudotime).filter(Number.isFinite))).toBe(1);
    expect(result.notes.join(' ')).toMatch(/2 disconnected groups; 12 cells/);
  });

  it('refuses fewer than 3 cells', () => {
    expect(() => computeDiffusionPseudotime([1, 2, 3, 4], 2, 2, { cell: 0 })).toThrow(/at least 3 cells/);
  });
});
