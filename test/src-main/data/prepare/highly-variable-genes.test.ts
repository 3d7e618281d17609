import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { denseMatrixSource } from '../../../../src-main/data/prepare/gene-chunks.ts';
import { pandasCut, seuratHighlyVariableGenes, seuratHvgFromMoments } from '../../../../src-main/data/prepare/hvg-seurat.ts';
import { seuratV3HighlyVariableGenes } from '../../../../src-main/data/prepare/hvg-seurat-v3.ts';
import { loessFit } from '../../../../src-main/data/prepare/loess.ts';
import { cellTotals, normalizedSource, planNormalization } from '../../../../src-main/data/prepare/normalize-log.ts';

// Expected numbers, both committed with the scripts that made them (see their docstrings):
// - fixtures/hvg-reference.py: the counts, and an independent numpy re-implementation of scanpy 1.10's steps and
//   netlib's LOESS (`python3 hvg-reference.py`);
// - fixtures/hvg-reference-skmisc.py: the same steps on the libraries scanpy calls, Debian 12's pandas 1.5.3
//   (pandas.cut, groupby) and scikit-misc 0.1.4 (skmisc.loess, netlib cloess) (`/usr/bin/python3 …`).
const FIXTURES = join(import.meta.dirname, 'fixtures');
const expected = JSON.parse(readFileSync(join(FIXTURES, 'hvg-expected.json'), 'utf8'));
const library = JSON.parse(readFileSync(join(FIXTURES, 'hvg-expected-skmisc.json'), 'utf8'));
const lines = readFileSync(join(FIXTURES, 'hvg-counts.csv'), 'utf8').trim().split('\n');
const geneNames = lines[0].split(',');
const counts = Float32Array.from(lines.slice(1).flatMap((line) => line.split(',').map(Number)));
const source = denseMatrixSource(counts, expected.cells, expected.genes, geneNames);

function expectClose(actual: ArrayLike<number>, wanted: Array<number | null>, relative: number): void {
  expect(actual.length).toBe(wanted.length);
  for (let i = 0; i < wanted.length; i++) {
    const w = wanted[i];
    if (w === null) {
      expect(Number.isNaN(actual[i]), `index ${i}`).toBe(true);
      continue;
    }
    expect(Math.abs(actual[i] - w), `index ${i}: ${actual[i]} vs ${w}`).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(w)));
  }
}

const indices = (mask: Uint8Array) => [...mask].flatMap((v, i) => (v ? [i] : []));

describe('Seurat flavour (dispersion)', () => {
  it('matches the reference on normalised, logged counts: means, dispersions, bins, z-scores, selections', async () => {
    const plan = planNormalization('counts', await cellTotals(source));
    expect(plan.targetSum).toBe(expected.targetSum);
    const logged = normalizedSource(source, plan);
    const top = await seuratHighlyVariableGenes(logged, { topGenes: 20 });
    // float32 storage of log1p(x) bounds the agreement at ~1e-6.
    expectClose(top.means, expected.seurat.means, 1e-5);
    expectClose(top.dispersions, expected.seurat.dispersions, 1e-5);
    expectClose(top.dispersionsNorm, expected.seurat.dispersionsNorm, 1e-4);
    expect([...top.meanBin]).toEqual(expected.seurat.meanBin);
    expect(indices(top.highlyVariable)).toEqual(expected.seurat.top20);
    const cut = await seuratHighlyVariableGenes(logged);
    expect(indices(cut.highlyVariable)).toEqual(expected.seurat.cutoffs);
    // pandas.cut and groupby themselves.
    expectClose(top.dispersionsNorm, library.seurat.dispersionsNorm, 1e-4);
    expect([...top.meanBin]).toEqual(library.seurat.meanBin);
    expect(indices(top.highlyVariable)).toEqual(library.seurat.top20);
    expect(indices(cut.highlyVariable)).toEqual(library.seurat.cutoffs);
  });

  it('by hand: one-gene bins get 1, zero variance gives NaN, pandas.cut puts the minimum in bin 0', () => {
    // Three genes: log1p means 0, ~ln 2, ~ln 11 fall in bins 0, 1, 4 of 5 → each alone in its bin.
    const result = seuratHvgFromMoments(Float64Array.from([0, 1, 10]), Float64Array.from([0, 2, 50]), { bins: 5, topGenes: 1 });
    expect(Number.isNaN(result.dispersions[0])).toBe(true);
    expect(result.dispersions[1]).toBeCloseTo(Math.log(2), 12);
    expect(result.dispersions[2]).toBeCloseTo(Math.log(5), 12);
    expect(Number.isNaN(result.dispersionsNorm[0])).toBe(true);
    expect(result.dispersionsNorm[1]).toBe(1);
    expect(result.dispersionsNorm[2]).toBe(1);
    // Both have norm 1: scanpy's ≥ cut-off rule selects both although one was asked for.
    expect([...result.highlyVariable]).toEqual([0, 1, 1]);
    expect([...pandasCut(Float64Array.from([0, 1, 2, 3, 4]), 4)]).toEqual([0, 0, 1, 2, 3]);
    expect([...pandasCut(Float64Array.from([5, 5]), 3)]).toEqual([1, 1]);
  });
});

describe('Seurat v3 flavour (LOESS-standardised variance)', () => {
  it('matches the reference on the raw counts', async () => {
    const result = await seuratV3HighlyVariableGenes(source, { topGenes: 20 });
    expectClose(result.means, expected.seuratV3.means, 1e-12);
    expectClose(result.variances, expected.seuratV3.variances, 1e-9);
    expectClose(result.variancesNorm, expected.seuratV3.variancesNorm, 1e-8);
    expect(indices(result.highlyVariable)).toEqual(expected.seuratV3.top20);
    expect(result.rank[result.ranking[0]]).toBe(0);
    // skmisc.loess itself.
    expectClose(result.variancesNorm, library.seuratV3.variancesNorm, 1e-8);
    expect(indices(result.highlyVariable)).toEqual(library.seuratV3.top20);
  });

  it('LOESS: the interpolated and direct surfaces match the reference; a quadratic is reproduced exactly', () => {
    const { x, y } = expected.loess as { x: number[]; y: number[] };
    expectClose(loessFit(x, y, { span: 0.3 }), expected.loess.interpolate, 1e-9);
    expectClose(loessFit(x, y, { span: 0.3, surface: 'direct' }), expected.loess.direct, 1e-9);
    // skmisc.loess(x, y, span=0.3, degree=2).fit(): netlib's kd-tree and Hermite interpolation.
    expectClose(loessFit(library.loess.x, library.loess.y, { span: 0.3 }), library.loess.fitted, 1e-10);
    const quadratic = x.map((v) => 2 - v + 0.25 * v * v);
    expectClose(loessFit(x, quadratic, { span: 0.3 }), quadratic, 1e-10);
    expect(() => loessFit([1, 2, 3], [1, 2, 3], { span: 0.3 })).toThrow(/span 0.3 gives 0 neighbours/);
  });
});
