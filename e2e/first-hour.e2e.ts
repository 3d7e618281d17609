// A biologist's first hour, in Debian's chromium against `pathreg serve` (issue 14):
// - a snapshot that is not a trajectory (pbmc_small's shape: nCount_RNA, nFeature_RNA, cluster labels and a True/False
//   cluster flag, no time) gets the not-a-trajectory warning and no column pre-selected as pseudotime;
// - every control of the Data, Model and Training views has a help sentence (a walk over the DOM, not a list);
// - the Model view estimates the default (velocity) method's time with a number;
// - each view is photographed at 1400×900 and 1024×700 into test-results/first-hour/, and the Network canvas starts
//   above the fold at 1024×700.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetadataColumn } from '../src-main/data/dataset.ts';
import { denseToCsr, writeH5ad } from '../src-main/data/h5ad/write-h5ad.ts';
import { SeededRandom } from '../src-main/engine/model/random.ts';
import { TEST_IDS } from '../src-renderer/test-ids.ts';
import type { AppActions } from './app-actions.ts';
import { chromiumSkipReason } from './app-in-chromium.ts';
import type { LaunchedBrowser } from './chromium.ts';
import { REPO_ROOT, startServe, type ServeProcess } from './serve-process.ts';
import { openAppInSharedChromium } from './shared-app.ts';

const SCREENSHOTS = path.join(REPO_ROOT, 'test-results', 'first-hour');
const unavailable = chromiumSkipReason('the first-hour end-to-end test');

/**
 * 80 cells × 30 genes of seeded counts in the shape of Seurat's pbmc_small: blood cells at one moment, annotated with
 * per-cell counts and clusters, nothing that orders them in time.
 */
async function writeSnapshotH5ad(file: string): Promise<void> {
  const cells = 80;
  const genes = 30;
  const random = new SeededRandom(14);
  const counts = Array.from({ length: cells * genes }, () => (random.uniform() < 0.6 ? 0 : Math.floor(1 + random.uniform() * 20)));
  const total = Float64Array.from({ length: cells }, (_, c) => counts.slice(c * genes, (c + 1) * genes).reduce((a, b) => a + b, 0));
  const features = Float64Array.from({ length: cells }, (_, c) => counts.slice(c * genes, (c + 1) * genes).filter((v) => v > 0).length);
  const obs: MetadataColumn[] = [
    { name: 'orig.ident', type: 'categorical', codes: new Int32Array(cells), levels: ['SeuratProject'] },
    { name: 'nCount_RNA', type: 'numeric', values: total },
    { name: 'nFeature_RNA', type: 'numeric', values: features },
    { name: 'RNA_snn_res.0.8', type: 'categorical', codes: Int32Array.from({ length: cells }, (_, c) => c % 3), levels: ['0', '1', '2'] },
    { name: 'groups', type: 'categorical', codes: Int32Array.from({ length: cells }, (_, c) => (c < 44 ? 0 : 1)), levels: ['g1', 'g2'] },
    // A cluster flag as Seurat-to-AnnData conversions store it: a categorical of "False"/"True".
    {
      name: 'RNA_snn_res.1',
      type: 'categorical',
      codes: Int32Array.from({ length: cells }, (_, c) => (c % 4 === 0 ? 1 : 0)),
      levels: ['False', 'True'],
    },
  ];
  await writeH5ad(file, {
    obsNames: Array.from({ length: cells }, (_, c) => `CELL_${c + 1}`),
    varNames: Array.from({ length: genes }, (_, g) => `GENE${g + 1}`),
    obs,
    X: { kind: 'csr', ...denseToCsr(counts, cells, genes), shape: [cells, genes] },
  });
}

/** Every control inside the view that has no help: no title, or no aria-describedby pointing at a non-empty text. */
async function controlsWithoutHelp(page: Page): Promise<string[]> {
  return page.locator('section.view').evaluate((view) =>
    [...view.querySelectorAll('input, select, textarea, button')].flatMap((control) => {
      const name = control.getAttribute('data-testid') ?? `${control.tagName.toLowerCase()} "${control.textContent?.trim() ?? ''}"`;
      const described = control.getAttribute('aria-describedby');
      const help = described ? document.getElementById(described)?.textContent?.trim() : '';
      const title = control.getAttribute('title')?.trim() ?? '';
      return help && title ? [] : [name];
    }),
  );
}

async function countControls(page: Page): Promise<number> {
  return page.locator('section.view').locator('input, select, textarea, button').count();
}

describe.skipIf(unavailable !== null)('the first hour of a biologist', () => {
  let serve: ServeProcess;
  let browser: LaunchedBrowser;
  let page: Page;
  let app: AppActions;
  let pageErrors: string[];
  let scratch: string;

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'pathreg-first-hour-'));
    // The scratch folder holds the files the test opens by path: the browser shell reads only under its roots.
    serve = await startServe(undefined, ['--root', scratch]);
    ({ browser, page, app, pageErrors } = await openAppInSharedChromium(serve.url));
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('pbmc_small: the not-a-trajectory warning, no column pre-selected as pseudotime, library size named when chosen', async () => {
    const file = path.join(scratch, 'pbmc_small.h5ad');
    await writeSnapshotH5ad(file);
    await app.openPath(file);
    await app.byId(TEST_IDS.data.summary).waitFor();
    await app.dismissMessage();
    await expect(app.byId(TEST_IDS.data.pseudotime).inputValue()).resolves.toBe('');
    await expect(app.byId(TEST_IDS.data.lineageColumn).inputValue()).resolves.toBe('');
    const notTrajectory = page.locator(`[data-testid="${TEST_IDS.data.warnings}"] [data-warning="not-a-trajectory"]`);
    await expect(notTrajectory.textContent()).resolves.toMatch(
      /Nothing in "pbmc_small.h5ad" says its cells form a trajectory: no obs column is named as a time or pseudotime \(its numeric columns: nCount_RNA, nFeature_RNA\)/,
    );
    await expect(app.byId(TEST_IDS.data.problems).textContent()).resolves.toMatch(/Choose the pseudotime column of "pbmc_small.h5ad"/);

    // Choosing library size anyway: the app says it is a count, not a time.
    await app.byId(TEST_IDS.data.pseudotime).selectOption('nCount_RNA');
    const countWarning = page.locator(`[data-testid="${TEST_IDS.data.warnings}"] [data-warning="count-as-time"]`);
    await expect(countWarning.textContent()).resolves.toMatch(/"nCount_RNA" counts something in each cell/);
    // A "lineage" of 80 cells minus the paper's trimming leaves 50 or fewer per cluster.
    await app.byId(TEST_IDS.data.lineageColumn).selectOption('RNA_snn_res.0.8');
    const fewCells = page.locator(`[data-testid="${TEST_IDS.data.warnings}"] [data-warning="few-cells"]`);
    await expect(fewCells.textContent()).resolves.toMatch(/fewer than 50 cells/);
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.setViewportSize({ width: 1400, height: 900 });
    await app.byId(TEST_IDS.data.warnings).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'pbmc-small-warnings-1400x900.png') });
    expect(pageErrors).toEqual([]);
  });

  it('every control of Data, Model and Training has a help sentence; the Help panel explains the results', async () => {
    await app.openExample('hematopoiesis');
    await app.dismissMessage();
    // The default method's time estimate, with a number, before anything is trained (issue 14, point 7).
    await app.openTab('model');
    await expect(app.byId(TEST_IDS.model.method).inputValue()).resolves.toBe('velocity');
    const estimate = app.byId(TEST_IDS.model.estimateSeconds);
    await estimate.waitFor();
    const estimateText = (await app.byId(TEST_IDS.model.estimate).textContent()) ?? '';
    expect(estimateText).toMatch(/About \d+ (s|min \d+ s) with the velocity method on an idle machine/);
    expect(estimateText).toMatch(/113 regulators × 529 genes/);
    expect(estimateText).not.toMatch(/trajectory method only/);
    // The example trains in about 40–50 CPU seconds on this machine (docs/benchmarks.md).
    const seconds = Number(await estimate.getAttribute('data-seconds'));
    expect(seconds).toBeGreaterThan(20);
    expect(seconds).toBeLessThan(120);
    await app.setModel({ hidden: '8', bins: 5, iterations: 3 });
    // Two short runs, so that Training shows every control it has (run rows, compare, continue, export).
    for (const [index, label] of ['first', 'second'].entries()) {
      await app.startTraining(label);
      // Until both rows say completed: the status line may still show the previous run's state for a moment.
      await expect
        .poll(async () => (await app.runRows()).filter((row) => row.state === 'completed').length, { timeout: 180_000 })
        .toBe(index + 1);
    }

    for (const tab of ['data', 'model', 'training'] as const) {
      await app.openTab(tab);
      await page.locator('section.view').waitFor();
      expect(await countControls(page), `controls in ${tab}`).toBeGreaterThan(5);
      expect(await controlsWithoutHelp(page), `controls of the ${tab} view without help`).toEqual([]);
    }

    // The help shows when asked: hovering the "?" beside λ reveals its sentence.
    await app.openTab('model');
    const lambdaHelp = app.byId(`help:${TEST_IDS.model.lambda}`);
    await lambdaHelp.hover();
    await expect(lambdaHelp.locator('.help-text').isVisible()).resolves.toBe(true);
    await expect(lambdaHelp.textContent()).resolves.toMatch(/keep fewer edges/);

    await app.openTab('data');
    const panel = app.byId(TEST_IDS.help.panel);
    await panel.locator('summary').click();
    const text = (await panel.textContent()) ?? '';
    for (const topic of [
      'What PathReg does',
      'Reading the network',
      'Reading the heatmap',
      'Reading the sparsity figures',
      'What a good result looks like',
    ]) {
      expect(text).toContain(topic);
    }
    expect(pageErrors).toEqual([]);
  });

  it('photographs each view at 1400×900 and 1024×700; the Network canvas starts above the fold at 1024×700', async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    for (const [width, height] of [
      [1400, 900],
      [1024, 700],
    ] as const) {
      await page.setViewportSize({ width, height });
      for (const tab of ['data', 'model', 'training', 'network', 'heatmap', 'trajectories', 'metrics'] as const) {
        await app.openTab(tab);
        await page.locator('section.view').waitFor();
        await page.waitForTimeout(300);
        await page.screenshot({ path: path.join(SCREENSHOTS, `${tab}-${width}x${height}.png`) });
      }
    }
    await app.openTab('network');
    const canvas = app.byId(TEST_IDS.network.canvas);
    await canvas.waitFor();
    const box = await canvas.boundingBox();
    expect(box, 'the network canvas is laid out').not.toBeNull();
    // Most of the canvas (at least 300 of its 560 px) is on screen without scrolling.
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + 300).toBeLessThanOrEqual(700);
    expect(pageErrors).toEqual([]);
  });
});
