// Issue 18 in Debian's chromium against `pathreg serve`: two seeds of the bundled example, fitted by `pathreg fit` and
// opened as run folders. The Network view's edge table lists every edge of edges.csv (counted here from the file),
// sorts and filters them, highlights a picked row on the network and exports the filtered table; the Compare view's
// Jaccard of the two runs' top-k equals one computed here from the two edges.csv files, its drawn difference network has
// as many edges per class (only in A, only in B, in both) as counted here from the files, and so has its GraphML export. The Trajectories view skips an
// unknown gene with a note, completes gene names, and draws one panel per lineage with no text under 9 pt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { AppActions } from './app-actions.ts';
import { chromiumSkipReason } from './app-in-chromium.ts';
import type { LaunchedBrowser } from './chromium.ts';
import { REPO_ROOT } from './serve-process.ts';
import { openAppInSharedChromium, useSharedServe, type SpecServe } from './shared-app.ts';
import { TEST_IDS } from '../src-renderer/test-ids.ts';
import { readIndependently } from '../test/src-main/export/independent-readers.ts';

const EXAMPLE = path.join(REPO_ROOT, 'resources', 'examples', 'hematopoiesis');
const GENES = 'CEBPB,FLI1,GATA1,GATA2,IRF8,KLF1,MYB,RUNX1,TAL1';
const unavailable = chromiumSkipReason('the edge table and run comparison end-to-end test');

interface FileEdge {
  source: string;
  target: string;
  weight: number;
  sign: number;
}

/** edges.csv read with a plain split (the example's gene names hold no commas or quotes), self-edges left out. */
async function edgesCsv(folder: string): Promise<FileEdge[]> {
  const lines = (await readFile(path.join(folder, 'edges.csv'), 'utf8')).trim().split('\n');
  expect(lines[0]).toBe('source,target,weight,sign');
  return lines
    .slice(1)
    .map((line) => line.split(','))
    .map(([source, target, weight, sign]) => ({ source, target, weight: Number(weight), sign: Number(sign) }))
    .filter((edge) => edge.source !== edge.target);
}

describe.skipIf(unavailable !== null)('edge table and run comparison', () => {
  let serve: SpecServe;
  let browser: LaunchedBrowser;
  let app: AppActions;
  let pageErrors: string[];
  const folders: string[] = [];

  beforeAll(async () => {
    serve = await useSharedServe();
    for (const seed of [0, 1]) {
      const out = path.join(serve.scratchDir, `seed-${seed}`);
      const options = `--train 12 --test 21 --genes ${GENES} --iterations 30 --checkpoint-every 10 --engine wasm --seed ${seed}`;
      await promisify(execFile)(
        process.execPath,
        [path.join(REPO_ROOT, 'bin', 'pathreg.mjs'), 'fit', '--data', EXAMPLE, ...options.split(' '), '--out', out],
        { cwd: REPO_ROOT, timeout: 240_000 },
      );
      folders.push(out);
    }
    ({ browser, app, pageErrors } = await openAppInSharedChromium(serve.url));
    for (const folder of folders) await app.importPath(folder);
    // Each import makes its run the selected one when the session's change event arrives: wait for the last one, so a
    // late event does not switch the run after a test has chosen its own.
    await app.page.waitForFunction(
      (id) =>
        (document.querySelector(`[data-testid="${id}"]`) as HTMLSelectElement | null)?.selectedOptions[0]?.textContent?.includes(
          'seed-1 (run folder)',
        ) ?? false,
      TEST_IDS.app.runSelect,
      { timeout: 30_000 },
    );
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('lists every edge of edges.csv, sorted and filtered, picks a row onto the network and exports the filtered table', async () => {
    const edges = await edgesCsv(folders[0]);
    expect(edges.length).toBeGreaterThan(10);
    await app.selectRun('seed-0 (run folder)');
    await app.openTab('network');
    expect(
      await app.byId(TEST_IDS.app.runSelect).evaluate((element) => (element as HTMLSelectElement).selectedOptions[0]?.textContent),
    ).toContain('seed-0');
    await expect.poll(async () => (await app.edgeTableCounts()).total, { timeout: 30_000 }).toBe(edges.length);
    expect((await app.edgeTableCounts()).matched).toBe(edges.length);

    // Sorted by source A→Z; within a source, heaviest first.
    await app.sortEdgeTable('source', 'ascending');
    await expect.poll(async () => (await app.edgeTableRows())[0]?.source).toBe([...edges].map((e) => e.source).sort()[0]);
    const sorted = await app.edgeTableRows();
    for (let i = 1; i < sorted.length; i++)
      expect(
        sorted[i - 1].source < sorted[i].source || (sorted[i - 1].source === sorted[i].source && sorted[i - 1].weight >= sorted[i].weight),
      ).toBe(true);

    // Filtered: by sign, then by a gene as target; the counts equal the file's.
    const sign = edges.some((e) => e.sign === -1) ? { name: 'repression', value: -1 } : { name: 'activation', value: 1 };
    await app.filterEdgeTable({ sign: sign.name });
    const bySign = edges.filter((e) => e.sign === sign.value);
    await expect.poll(async () => (await app.edgeTableCounts()).matched).toBe(bySign.length);
    const gene = bySign[0].target;
    await app.filterEdgeTable({ gene, geneRole: 'target' });
    const byGene = bySign.filter((e) => e.target === gene);
    await expect.poll(async () => (await app.edgeTableCounts()).matched).toBe(byGene.length);
    const shown = await app.edgeTableRows();
    expect(shown.map((row) => `${row.source}>${row.target}`)).toEqual(
      [...byGene]
        .sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : b.weight - a.weight))
        .map((e) => `${e.source}>${e.target}`),
    );

    // A picked row is drawn on the network, highlighted.
    await app.byId(TEST_IDS.edgeTable.row).first().click();
    await expect.poll(async () => Number(await app.byId(TEST_IDS.network.canvas).getAttribute('data-highlighted-edges'))).toBe(1);
    expect((await app.edgeTableRows())[0].selected).toBe(true);

    // The filtered table's file: header on line 1, the same rows in the same order; provenance in the sidecar.
    const saved = await app.exportEdgeTable(path.join(serve.scratchDir, 'edge-table.csv'));
    const lines = (await readFile(saved, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('source,target,weight,sign,rank');
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 2).join('>'))).toEqual(shown.map((row) => `${row.source}>${row.target}`));
    await expect.poll(async () => (await app.byId(TEST_IDS.edgeTable.status).textContent()) ?? '').toContain('.provenance.json');
    await app.screenshot('edge-table');
  }, 180_000);

  it('Trajectories: an unknown gene is skipped with a note, completion adds a gene, one panel per lineage, text ≥ 9 pt', async () => {
    await app.selectRun('seed-0 (run folder)');
    await app.showTrajectories(['GATA1', 'NOTAGENE']);
    await expect
      .poll(async () => (await app.byId(TEST_IDS.trajectories.message).textContent()) ?? '')
      .toMatch(/Skipped 1 of 2 genes.*NOTAGENE/);
    await expect.poll(async () => (await app.trajectoryPanels()).map((panel) => panel.gene)).toContain('GATA1');
    await app.addTrajectoryGene('KLF1');
    const index = JSON.parse(await readFile(path.join(folders[0], 'trajectories.json'), 'utf8')) as {
      trajectories: Array<{ lineage: string }>;
    };
    const lineages = [...new Set(index.trajectories.map((trajectory) => trajectory.lineage))].sort();
    expect(lineages.length).toBeGreaterThan(1);
    await expect
      .poll(async () => (await app.trajectoryPanels()).map((panel) => `${panel.gene}/${panel.lineage}`), { timeout: 30_000 })
      .toEqual(['GATA1', 'KLF1'].flatMap((gene) => lineages.map((lineage) => `${gene}/${lineage}`)));
    // 9 pt = 12 CSS px on screen (96 dpi): every label, tick and legend entry.
    expect(await app.smallestTrajectoryFontPx()).toBeGreaterThanOrEqual(12 - 1e-6);
    await app.screenshot('trajectories-facets');
  }, 120_000);

  it('compares the two seeds: the Jaccard shown equals one computed from the two edges.csv files', async () => {
    const [a, b] = await Promise.all(folders.map(edgesCsv));
    const k = 10;
    const top = (edges: FileEdge[]) =>
      new Set(
        [...edges]
          .sort((x, y) => y.weight - x.weight || (x.source < y.source ? -1 : x.source > y.source ? 1 : x.target < y.target ? -1 : 1))
          .slice(0, k)
          .map((e) => `${e.source}>${e.target}`),
      );
    const [topA, topB] = [top(a), top(b)];
    const shared = [...topA].filter((key) => topB.has(key)).length;
    const jaccard = shared / (topA.size + topB.size - shared);

    await app.compareRuns(['seed-0 (run folder)', 'seed-1 (run folder)'], k);
    await expect.poll(async () => (await app.comparisonPairs())[0]?.jaccard, { timeout: 30_000 }).toBeCloseTo(jaccard, 12);
    const counts = app.byId(TEST_IDS.compare.differenceCounts);
    expect(Number(await counts.getAttribute('data-both'))).toBe(shared);
    expect(Number(await counts.getAttribute('data-a'))).toBe(topA.size - shared);
    expect(Number(await counts.getAttribute('data-b'))).toBe(topB.size - shared);

    // The drawn difference network: its edges per class equal those counted from the two files.
    const expected = { only_A: topA.size - shared, only_B: topB.size - shared, both: shared };
    await expect.poll(async () => (await app.differenceFigure()).lines, { timeout: 30_000 }).toEqual(expected);
    expect((await app.differenceFigure()).counted).toEqual({ a: expected.only_A, b: expected.only_B, both: expected.both });
    await app.screenshot('compare-runs');

    // The GraphML export, read by networkx: the same edges, each with its class.
    const graphml = await app.exportComparison('graphml', path.join(serve.scratchDir, 'difference.graphml'));
    const read = readIndependently('graphml', graphml);
    const classOf = new Map<string, string>();
    for (const key of topA) classOf.set(key, topB.has(key) ? 'both' : 'only_A');
    for (const key of topB) if (!topA.has(key)) classOf.set(key, 'only_B');
    expect(new Map(read.edges.map((edge) => [`${edge.source}>${edge.target}`, edge.comparison]))).toEqual(classOf);

    // The class filter: without "in both" the figure draws only the edges of one run's top-k.
    await app.showDifferenceClass('both', false);
    await expect.poll(async () => (await app.differenceFigure()).lines, { timeout: 30_000 }).toEqual({ ...expected, both: 0 });
    await app.showDifferenceClass('both', true);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('"network only": ranked pairs outside the fitted network (sign 0) are hidden by default, and the "as shown" file follows', async () => {
    // As a velocity fit writes edges.csv: every pair ranked, those outside its cut-off network with sign 0.
    const ranked = [
      ['TF1', 'G1', 9, 0],
      ['TF1', 'G2', 8, 1],
      ['TF2', 'G3', 7, 0],
      ['TF2', 'G1', 6, -1],
      ['G1', 'G2', 3, -1],
      ['G3', 'G4', 2, 0],
    ];
    const file = path.join(serve.scratchDir, 'ranked-pairs.csv');
    await writeFile(file, `source,target,weight,sign\n${ranked.map((edge) => edge.join(',')).join('\n')}\n`);
    await app.importPath(file);
    await app.selectRun('ranked-pairs');
    await app.openTab('network');
    const toggle = app.byId(TEST_IDS.network.networkOnly);
    await expect.poll(async () => toggle.getAttribute('data-unsigned'), { timeout: 30_000 }).toBe('3');
    expect(await toggle.isChecked()).toBe(true);
    await expect.poll(() => app.edgeCount()).toBe(3);
    const saved = await app.exportNetwork('csv', 'view', path.join(serve.scratchDir, 'network-only.csv'));
    const rows = (await readFile(saved, 'utf8')).trim().split('\n').slice(1);
    expect(rows.map((row) => row.split(',').slice(0, 2).join('>'))).toEqual(['TF1>G2', 'TF2>G1', 'G1>G2']);
    await toggle.uncheck();
    await expect.poll(() => app.edgeCount()).toBe(6);
    await toggle.check();
    await expect.poll(() => app.edgeCount()).toBe(3);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
