// The Embedding view in Debian's chromium against `pathreg serve`: the bundled example and HSMM (h5ad) placed by
// UMAP, PCA and diffusion map, coloured by pseudotime and by a gene; on HSMM the lasso excludes cells (undo, then
// again), the Data view counts them, and the next short run trains on fewer cells and records how many were
// excluded. Screenshots go to test-results/e2e/.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_IDS } from '../src-renderer/test-ids.ts';
import type { AppActions } from './app-actions.ts';
import { chromiumSkipReason } from './app-in-chromium.ts';
import type { LaunchedBrowser } from './chromium.ts';
import { REPO_ROOT, startServe, type ServeProcess } from './serve-process.ts';
import { openAppInSharedChromium } from './shared-app.ts';

const HSMM = path.resolve(REPO_ROOT, '..', 'shared', 'data', 'hsmm', 'hsmm.h5ad');
const unavailable = chromiumSkipReason('the embedding end-to-end test');

type Metrics = { notes: string[]; lineage_cells: Record<string, Record<string, number>> };
const cellsTrained = (metrics: Metrics) =>
  Object.values(metrics.lineage_cells).reduce((sum, perLineage) => sum + Object.values(perLineage).reduce((a, b) => a + b, 0), 0);

describe.skipIf(unavailable !== null)('the Embedding view', () => {
  let serve: ServeProcess;
  let browser: LaunchedBrowser;
  let app: AppActions;
  let pageErrors: string[];

  beforeAll(async () => {
    // A loaded machine starts the server slowly.
    serve = await startServe(180_000);
    ({ browser, app, pageErrors } = await openAppInSharedChromium(serve.url));
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('places the bundled example’s cells, coloured by pseudotime and by a gene', async () => {
    // Opening reads six tables: slow on a loaded machine.
    await app.openExample('hematopoiesis', 180_000);
    const cells = Number(/: ([\d,]+) cells/.exec(await app.message())?.[1].replace(/,/g, ''));
    expect(cells).toBeGreaterThan(1000);
    await app.dismissMessage();
    expect(await app.computeEmbedding(300_000)).toBe(cells);
    // The Data view's pseudotime column is the first colouring.
    await expect(app.embeddingLegend('pseudotime')).resolves.toEqual({ kind: 'numeric', title: 'pseudotime' });
    expect(await app.embeddingColours()).toBeGreaterThan(20);
    await expect(app.colourEmbeddingBy('lineage')).resolves.toEqual({ kind: 'categorical', title: 'lineage' });
    await expect(app.colourEmbeddingByGene('GATA1')).resolves.toEqual({ kind: 'numeric', title: 'GATA1' });
    for (const kind of ['pca', 'diffusion', 'umap']) await app.byId(TEST_IDS.embedding.kind).selectOption(kind);
    await app.screenshot('embedding-01-example-gata1');
    expect(pageErrors).toEqual([]);
  }, 400_000);

  it('HSMM: coloured by Pseudotime and MYOG; the lasso excludes cells and the next run trains on fewer', async () => {
    await app.openPath(HSMM);
    await expect.poll(() => app.message(), { timeout: 120_000 }).toMatch(/Opened "hsmm\.h5ad": 271 cells/);
    await app.dismissMessage();
    // A first short run on every cell, to compare with.
    await app.setModel({ hidden: '4', bins: 6, iterations: 20, engine: 'auto' });
    await app.startTraining('all cells');
    await app.waitForState('completed', 120_000);

    expect(await app.computeEmbedding()).toBe(271);
    await expect(app.embeddingLegend('Pseudotime')).resolves.toEqual({ kind: 'numeric', title: 'Pseudotime' });
    // Symbols, as the Data view names HSMM's genes (gene_short_name), not the file's Ensembl ids.
    await expect(app.colourEmbeddingByGene('MYOG')).resolves.toEqual({ kind: 'numeric', title: 'MYOG' });
    await app.screenshot('embedding-02-hsmm-myog');
    await app.colourEmbeddingBy('Pseudotime');

    // The left half of the picture, then undo, then again.
    const leftHalf: Array<[number, number]> = [
      [0.0, 0.0],
      [0.5, 0.0],
      [0.5, 1.0],
      [0.0, 1.0],
    ];
    await app.lassoEmbedding(leftHalf);
    const excluded = await app.excludedCells();
    expect(excluded).toBeGreaterThan(0);
    expect(excluded).toBeLessThan(271);
    await app.byId(TEST_IDS.embedding.undo).click();
    expect(await app.excludedCells()).toBe(0);
    await app.lassoEmbedding(leftHalf);
    expect(await app.excludedCells()).toBe(excluded);
    await app.screenshot('embedding-03-hsmm-lasso');

    await app.openTab('data');
    await expect(app.byId(TEST_IDS.data.excludedCells).getAttribute('data-excluded')).resolves.toBe(String(excluded));
    expect(await app.byId(TEST_IDS.data.excludedCells).textContent()).toMatch(
      new RegExp(`${excluded} of 271 cells excluded from training`),
    );
    await app.startTraining('lassoed');
    await expect.poll(() => app.runLabel(), { timeout: 30_000 }).toBe('lassoed');
    await app.waitForState('completed', 120_000);

    // The session's HSMM runs, in the order they were started (run-N numbers them).
    const runs = path.join(serve.sessionDir, 'runs');
    const folders = (await readdir(runs)).sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)));
    const hsmmRuns: Metrics[] = [];
    for (const folder of folders) {
      const text = await readFile(path.join(runs, folder, 'metrics.json'), 'utf8');
      if (text.includes('hsmm.h5ad')) hsmmRuns.push(JSON.parse(text) as Metrics);
    }
    expect(hsmmRuns).toHaveLength(2);
    const [all, lassoed] = hsmmRuns;
    expect(lassoed.notes.join('\n')).toContain(`${excluded} of 271 cells excluded from training`);
    expect(all.notes.join('\n')).not.toContain('excluded from training');
    // Trimming drops 10 + 20 cells at the ends of pseudotime, some of which the lasso may have taken already.
    const fewer = cellsTrained(all) - cellsTrained(lassoed);
    expect(fewer).toBeGreaterThan(0);
    expect(fewer).toBeLessThanOrEqual(excluded);
    expect(fewer).toBeGreaterThanOrEqual(excluded - 30);
    expect(pageErrors).toEqual([]);
  }, 400_000);
});
