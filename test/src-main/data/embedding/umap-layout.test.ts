// The UMAP layout is seeded: the same points and seed give the same picture, another seed another one, and the
// layout keeps apart groups of cells that are apart. Approximate neighbours agree with the exact ones.
import { describe, expect, it } from 'vitest';
import { approximateNearestNeighbors } from '../../../../src-main/data/embedding/approximate-neighbors.ts';
import { umapLayout } from '../../../../src-main/data/embedding/umap-layout.ts';
import { nearestNeighbors } from '../../../../src-main/data/pseudotime/nearest-neighbors.ts';
import { SeededRandom } from '../../../../src-main/engine/model/random.ts';

/** Two groups of cells, 10 apart in 5 dimensions, each spread ~1. */
function twoGroups(cells: number, dims: number, seed: number): Float64Array {
  const random = new SeededRandom(seed);
  const points = new Float64Array(cells * dims);
  for (let c = 0; c < cells; c++) for (let d = 0; d < dims; d++) points[c * dims + d] = random.normal() + (c % 2 === 0 && d === 0 ? 10 : 0);
  return points;
}

describe('umapLayout', () => {
  const cells = 120;
  const dims = 5;
  const points = twoGroups(cells, dims, 3);
  const knn = nearestNeighbors(points, cells, dims, 10);

  it('gives the same layout for the same seed, a different one for another seed', () => {
    const a = umapLayout(points, cells, dims, knn, { seed: 7, epochs: 80 });
    const b = umapLayout(points, cells, dims, knn, { seed: 7, epochs: 80 });
    const c = umapLayout(points, cells, dims, knn, { seed: 8, epochs: 80 });
    expect(a.length).toBe(cells * 2);
    expect(Array.from(a).every(Number.isFinite)).toBe(true);
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    expect(Buffer.from(a.buffer).equals(Buffer.from(c.buffer))).toBe(false);
  });

  it('keeps the two groups apart: every cell is nearer its own group’s centre', () => {
    const layout = umapLayout(points, cells, dims, knn, { seed: 1, epochs: 200 });
    const centre = [0, 1].map((group) => {
      let x = 0;
      let y = 0;
      for (let c = group; c < cells; c += 2) {
        x += layout[2 * c];
        y += layout[2 * c + 1];
      }
      return [x / (cells / 2), y / (cells / 2)];
    });
    for (let c = 0; c < cells; c++) {
      const own = centre[c % 2];
      const other = centre[1 - (c % 2)];
      const d = (p: number[]) => Math.hypot(layout[2 * c] - p[0], layout[2 * c + 1] - p[1]);
      expect(d(own)).toBeLessThan(d(other));
    }
  });
});

describe('approximateNearestNeighbors', () => {
  it('puts each cell first and finds almost all exact neighbours, the same for the same seed', () => {
    const cells = 400;
    const dims = 8;
    const points = twoGroups(cells, dims, 11);
    const exact = nearestNeighbors(points, cells, dims, 10);
    const approx = approximateNearestNeighbors(points, cells, dims, 10, 0);
    const again = approximateNearestNeighbors(points, cells, dims, 10, 0);
    expect(Array.from(approx.indices)).toEqual(Array.from(again.indices));
    let found = 0;
    for (let i = 0; i < cells; i++) {
      expect(approx.indices[i * 10]).toBe(i);
      expect(approx.distances[i * 10]).toBe(0);
      const truth = new Set(exact.indices.subarray(i * 10, i * 10 + 10));
      for (let r = 0; r < 10; r++) if (truth.has(approx.indices[i * 10 + r])) found++;
      // Nearest first.
      for (let r = 2; r < 10; r++) expect(approx.distances[i * 10 + r]).toBeGreaterThanOrEqual(approx.distances[i * 10 + r - 1]);
    }
    expect(found / (cells * 10)).toBeGreaterThan(0.9);
  });
});
