// Gene symbols and honest progress, in Debian's chromium against `pathreg serve` (issue 14, points 3 and 7):
// - HSMM (Ensembl IDs in its var index) opened by path offers its gene_short_name column, pre-selected;
// - MYOG completes from the chosen names, is added, and a short training run on symbols works: the network's
//   labels and search are symbols, not ENSG IDs;
// - the run's named stages appear while it runs and end done (pseudotime, read from a column, not needed);
// - the Data and Training views are photographed at 1400×900 and 1024×700 into test-results/gene-symbols/.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_IDS } from '../src-renderer/test-ids.ts';
import { SHARED_DATA } from '../test/shared-data.ts';
import type { AppActions } from './app-actions.ts';
import { chromiumSkipReason } from './app-in-chromium.ts';
import type { LaunchedBrowser } from './chromium.ts';
import { REPO_ROOT, startServe, type ServeProcess } from './serve-process.ts';
import { openAppInSharedChromium } from './shared-app.ts';

const SCREENSHOTS = path.join(REPO_ROOT, 'test-results', 'gene-symbols');
const HSMM = path.join(SHARED_DATA, 'hsmm', 'hsmm.h5ad');
const unavailable = chromiumSkipReason('the gene-symbols end-to-end test');

async function photograph(page: Page, app: AppActions, tab: 'data' | 'training', name: string, show: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  for (const [width, height] of [
    [1400, 900],
    [1024, 700],
  ] as const) {
    await page.setViewportSize({ width, height });
    await app.openTab(tab);
    await page.locator('section.view').waitFor();
    await app.byId(show).scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}x${height}.png`) });
  }
}

describe.skipIf(unavailable !== null)('gene symbols and the stages of a run', () => {
  let serve: ServeProcess;
  let browser: LaunchedBrowser;
  let page: Page;
  let app: AppActions;
  let pageErrors: string[];

  beforeAll(async () => {
    serve = await startServe(undefined, ['--root', path.dirname(HSMM)]);
    ({ browser, page, app, pageErrors } = await openAppInSharedChromium(serve.url));
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('HSMM opened by path offers gene_short_name, pre-selected; MYOG completes and is added', async () => {
    await app.openPath(HSMM);
    // Opening takes seconds on a busy 2-core machine (a reader worker starts, the file is hashed): a failure says why.
    await page
      .locator(`[data-testid="${TEST_IDS.data.summary}"], [data-testid="${TEST_IDS.app.message}"]`)
      .first()
      .waitFor({ timeout: 180_000 });
    await app
      .byId(TEST_IDS.data.summary)
      .waitFor({ timeout: 180_000 })
      .catch(async (error: unknown) => {
        throw new Error(`HSMM did not open: ${await app.message()}`, { cause: error });
      });
    await app.dismissMessage();
    const source = app.byId(TEST_IDS.data.geneNames);
    await expect(source.inputValue()).resolves.toBe('gene_short_name');
    const offered = await source.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toEqual(['', 'gene_short_name']);

    await app.byId(TEST_IDS.data.geneAdd).fill('MYO');
    const completions = await app
      .byId(TEST_IDS.data.geneOptions)
      .locator('option')
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(completions).toContain('MYOG');
    expect(completions.some((name) => name.startsWith('ENSG'))).toBe(false);
    await app.byId(TEST_IDS.data.geneAdd).fill('MYOG');
    await app.byId(TEST_IDS.data.geneAddButton).click();
    await expect(app.byId(TEST_IDS.data.genes).inputValue()).resolves.toBe('MYOG');
    await expect(app.genesMessage()).resolves.toBe('1 genes chosen.');

    // The file's own names: the typed symbol becomes its Ensembl ID, and back.
    await source.selectOption('');
    await expect(app.byId(TEST_IDS.data.genes).inputValue()).resolves.toMatch(/^ENSG00000122180/);
    await source.selectOption('gene_short_name');
    await expect(app.byId(TEST_IDS.data.genes).inputValue()).resolves.toBe('MYOG');

    // Symbols typed directly are known too; a muscle programme of a dozen genes of this file.
    await app.chooseGenes(['MYOG', 'MYF5', 'MYF6', 'CDK1', 'CCNB2', 'TNNT1', 'MEF2C', 'MYH3', 'CDKN1A', 'TSPAN6', 'DPM1']);
    const message = await app.genesMessage();
    expect(message).toMatch(/genes chosen\./);
    // Each new control explains itself in a sentence (tooltip and accessible description), as every control does.
    for (const id of [TEST_IDS.data.geneNames, TEST_IDS.data.geneAdd, TEST_IDS.data.geneAddButton]) {
      const described = await app.byId(id).getAttribute('aria-describedby');
      await expect(page.locator(`[id="${described}"]`).textContent(), id).resolves.toMatch(/\w+ \w+ \w+/);
      await expect(app.byId(id).getAttribute('title'), id).resolves.toMatch(/\w+ \w+ \w+/);
    }
    await photograph(page, app, 'data', 'data-hsmm-symbols', TEST_IDS.data.geneAdd);
    expect(pageErrors).toEqual([]);
  });

  it('a short run trains on symbols, shows its named stages while it runs, and labels the network with symbols', async () => {
    await app.setModel({ hidden: '8', bins: 5, iterations: 60 });
    // Every stage row that turns active is recorded in the page as it happens: on a quiet machine the bundled
    // engine runs this short fit between two of the test's polls, and a poll alone would see none of it.
    await page.evaluate((stageId) => {
      const seenInPage = new Set<string>();
      (window as unknown as { stagesSeenActive: Set<string> }).stagesSeenActive = seenInPage;
      const record = () => {
        for (const row of document.querySelectorAll(`[data-testid="${stageId}"][data-status="active"]`))
          seenInPage.add(row.getAttribute('data-stage') ?? '');
      };
      new MutationObserver(record).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['data-status'],
      });
    }, TEST_IDS.training.stage);
    await app.startTraining('symbols');
    const seen = new Set<string>();
    const stageRows = page.locator(`[data-testid="${TEST_IDS.training.stage}"]`);
    await stageRows.first().waitFor({ timeout: 60_000 });
    const names = await stageRows.evaluateAll((rows) => rows.map((row) => row.querySelector('.stage-name')?.textContent ?? ''));
    expect(names).toEqual([
      'Reading the data',
      'Preparing cells and genes',
      'Computing pseudotime',
      'Training',
      'Evaluating every cell',
      'Writing the results',
    ]);
    await expect
      .poll(
        async () => {
          for (const stage of await page
            .locator(`[data-testid="${TEST_IDS.training.stage}"][data-status="active"]`)
            .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-stage') ?? ''))) {
            seen.add(stage);
          }
          return app.runState();
        },
        { timeout: 240_000, interval: 100 },
      )
      .toBe('completed');
    // Stages were seen running while the run went (which ones the polls caught depends on the machine's speed; the
    // page's own record catches every one that was drawn active); every stage's end state is checked below.
    for (const stage of await page.evaluate(() => [...(window as unknown as { stagesSeenActive: Set<string> }).stagesSeenActive]))
      seen.add(stage);
    expect(seen.size).toBeGreaterThan(0);
    const statuses = await stageRows.evaluateAll((rows) =>
      rows.map((row) => `${row.getAttribute('data-stage')}:${row.getAttribute('data-status')}`),
    );
    expect(statuses).toEqual(['reading:done', 'preparing:done', 'pseudotime:skipped', 'training:done', 'evaluating:done', 'writing:done']);
    await expect(app.byId(TEST_IDS.training.eta).textContent()).resolves.toMatch(/^took .* \(training .*\)$|^elapsed /);
    await photograph(page, app, 'training', 'training-hsmm-stages', TEST_IDS.training.stages);

    await app.openTab('network');
    await app.byId(TEST_IDS.network.canvas).waitFor();
    await expect(app.searchGene('MYO')).resolves.toContain('MYOG');
    await expect(app.searchGene('MYF')).resolves.toEqual(expect.arrayContaining(['MYF5', 'MYF6']));
    // The heatmap labels its rows and columns with the genes' names, as exports do.
    await app.openTab('heatmap');
    const figure = app.byId(TEST_IDS.heatmap.figure);
    await figure.locator('svg text').first().waitFor();
    const labels = await figure.locator('svg text').allTextContents();
    expect(labels).toEqual(expect.arrayContaining(['MYOG', 'MYF5']));
    expect(labels.filter((label) => /ENSG\d/.test(label))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
