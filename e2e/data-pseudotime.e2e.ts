// A file without a pseudotime column in Debian's chromium against `pathreg serve`: the HSMM table (cells × genes
// with an Hours column only) is opened by path, diffusion pseudotime is computed from a root in the Data view (a bad
// root first, which the app names), its histogram appears, and a short run trains on it and records where its
// pseudotime came from. Screenshots go to test-results/e2e/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { AppActions } from './app-actions.ts';
import { chromiumSkipReason } from './app-in-chromium.ts';
import type { LaunchedBrowser } from './chromium.ts';
import { REPO_ROOT, startServe, type ServeProcess } from './serve-process.ts';
import { openAppInSharedChromium } from './shared-app.ts';
import { TEST_IDS } from '../src-renderer/test-ids.ts';

const HSMM_CSV = path.resolve(REPO_ROOT, '..', 'shared', 'data', 'hsmm', 'hsmm.csv');
const unavailable = chromiumSkipReason('the diffusion pseudotime end-to-end test');

describe.skipIf(unavailable !== null)('diffusion pseudotime in the Data view', () => {
  let serve: ServeProcess;
  let browser: LaunchedBrowser;
  let page: Page;
  let app: AppActions;
  let pageErrors: string[];

  beforeAll(async () => {
    serve = await startServe();
    ({ browser, page, app, pageErrors } = await openAppInSharedChromium(serve.url));
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('computes diffusion pseudotime from a root, trains on it and says so in the metrics', async () => {
    await app.openPath(HSMM_CSV);
    await app.byId(TEST_IDS.data.summary).waitFor();
    await expect(app.message()).resolves.toMatch(/Opened "hsmm\.csv": 271 cells/);
    await app.dismissMessage();
    await app.chooseGenes(['TSPAN6', 'DPM1', 'CFH', 'FUCA2', 'RBM5', 'ARF5']);
    await expect(app.genesMessage()).resolves.toMatch(/6 genes chosen/);

    await page.locator(`[data-testid="${TEST_IDS.data.pseudotimeSource}"][data-source="diffusion"]`).check();
    // The root suggested from the file's time column.
    await expect(app.byId(TEST_IDS.data.dptRoot).inputValue()).resolves.toBe('earliest:Hours');

    // A root that is not a cell: the message names the file and the forms a root takes.
    await app.byId(TEST_IDS.data.dptRoot).fill('no_such_cell');
    await app.byId(TEST_IDS.data.dptCompute).click();
    const banner = app.byId(TEST_IDS.app.message);
    await expect
      .poll(async () => ((await banner.count()) > 0 ? ((await banner.textContent()) ?? '') : ''), { timeout: 60_000 })
      .toMatch(/no cell named/);
    const error = await app.message();
    expect(error).toMatch(/"hsmm\.csv" has no cell named "no_such_cell" for the root/);
    expect(error).toMatch(/earliest:COLUMN/);
    await app.dismissMessage();

    await app.byId(TEST_IDS.data.dptRoot).fill('earliest:Hours');
    await app.byId(TEST_IDS.data.dptCompute).click();
    const result = app.byId(TEST_IDS.data.dptResult);
    await result.waitFor({ timeout: 60_000 });
    expect(await result.textContent()).toMatch(/diffusion pseudotime from root "T0_[^"]+" \(cell \d+, given as earliest:Hours/);
    const bars = app.byId(TEST_IDS.data.pseudotimeHistogram).locator('rect');
    expect(await bars.count()).toBe(20);
    await app.screenshot('dpt-01-data');

    await app.setModel({ hidden: '4', bins: 6, iterations: 20, engine: 'auto' });
    await app.startTraining('dpt');
    await app.waitForState('completed', 120_000);

    await app.openTab('metrics');
    const table = app.byId(TEST_IDS.metrics.table);
    await table.waitFor();
    await expect.poll(async () => (await table.textContent()) ?? '', { timeout: 20_000 }).toMatch(/diffusion pseudotime from root "T0_/);
    await app.screenshot('dpt-02-metrics');
    expect(pageErrors).toEqual([]);
  });

  it('shows BEELINE lineages as one pseudotime column each, with the cells that have a value in it', async () => {
    await app.openPath(path.resolve(REPO_ROOT, '..', 'shared', 'data', 'beeline-sample', 'HSC_2000_0'));
    await expect.poll(async () => (await app.byId(TEST_IDS.data.summary).textContent()) ?? '', { timeout: 30_000 }).toMatch(/HSC_2000_0/);
    await expect(page.locator(`[data-testid="${TEST_IDS.data.lineageSource}"][data-source="columns"]`).isChecked()).resolves.toBe(true);
    // Cells per lineage: the non-empty values of each PseudoTime column (a cell may count in several).
    const bars = app.byId(TEST_IDS.data.cellsPerLineage);
    await expect(bars.textContent()).resolves.toBe('PseudoTime1361PseudoTime2672PseudoTime31,133PseudoTime4378');
    await page.locator(`[data-testid="${TEST_IDS.data.lineageTimeColumn}"][data-column="PseudoTime3"]`).uncheck();
    await expect(bars.textContent()).resolves.toBe('PseudoTime1361PseudoTime2672PseudoTime4378');
    await app.screenshot('dpt-03-beeline-lineages');
    expect(pageErrors).toEqual([]);
  });
});
