// The Embedding view's computation on real cells (HSMM, 271 cells): three layouts of every cell, seeded, with the
// obs columns to colour by; the approximate-neighbour path of large data gives the same kind of answer.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeCellEmbedding } from '../../../../src-main/data/embedding/cell-embedding.ts';
import { openDataset } from '../../../../src-main/data/open-dataset.ts';
import { geneCellValues } from '../../../../src-main/jobs/embedding-tasks.ts';
import { SHARED_DATA } from '../../../shared-data.ts';

const HSMM = path.join(SHARED_DATA, 'hsmm/hsmm.h5ad');

describe('computeCellEmbedding', () => {
  it('places every HSMM cell by UMAP, PCA and diffusion map, the same twice with one seed', async () => {
    const dataset = await openDataset(HSMM);
    try {
      const a = await computeCellEmbedding(dataset, { seed: 0, epochs: 60 });
      const b = await computeCellEmbedding(dataset, { seed: 0, epochs: 60 });
      expect(a.cells).toBe(271);
      expect(a.cellNames).toHaveLength(271);
      expect(a.layouts.map((l) => l.kind)).toEqual(['umap', 'pca', 'diffusion']);
      for (const layout of a.layouts) {
        expect(layout.xy).toHaveLength(542);
        expect(layout.xy.every(Number.isFinite)).toBe(true);
      }
      expect(a.layouts).toEqual(b.layouts);
      expect(a.layouts[1].axes[0]).toMatch(/^PC 1 \(\d+(\.\d)? %\)$/);
      const pseudotime = a.obs.find((column) => column.name === 'Pseudotime');
      expect(pseudotime?.type).toBe('numeric');
      expect(a.obs.find((column) => column.name === 'Media')).toMatchObject({ type: 'categorical', levels: ['GM', 'DM'] });
      // The first principal component of HSMM follows differentiation: it correlates with Monocle's pseudotime.
      const pc1 = a.layouts[1].xy.filter((_, i) => i % 2 === 0);
      const time = (pseudotime as { values: number[] }).values;
      expect(Math.abs(correlation(pc1, time))).toBeGreaterThan(0.5);

      const myog = await geneCellValues(dataset, dataset.geneNames.indexOf(geneId(dataset, 'MYOG')));
      expect(myog.values).toHaveLength(271);
      expect(Math.max(...myog.values)).toBeGreaterThan(0);
      await expect(geneCellValues(dataset, 5000)).rejects.toThrow(/has 2000 genes; gene number 5001/);
    } finally {
      dataset.close();
    }
  }, 120_000);
});

function geneId(dataset: Awaited<ReturnType<typeof openDataset>>, symbol: string): string {
  const column = dataset.var.find((c) => c.name === 'gene_short_name');
  if (!column || column.type === 'numeric' || column.type === 'boolean') throw new Error('no gene_short_name');
  const names = column.type === 'categorical' ? Array.from(column.codes, (code) => column.levels[code]) : column.values;
  return dataset.geneNames[names.indexOf(symbol)];
}

function correlation(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
