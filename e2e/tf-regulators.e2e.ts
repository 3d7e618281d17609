// Regulators are transcription factors by default (issue 14), in Debian's chromium against `pathreg serve`: the bundled
// example trained with the app's defaults (the velocity method) has only TF sources and a sparsity above 0; trained with
// the trajectory method and TFs only, it shows only TFs of the bundled list as regulators in the Network view (GATA1's
// regulators are all TFs, a non-TF gene regulates nothing) and a feature sparsity above 0 in the Metrics view, with the
// dense-network warning counted over the pairs from a TF.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_IDS } from '../src-renderer/test-ids.ts';
import type { AppActions } from './app-actions.ts';
import { chromiumSkipReason } from './app-in-chromium.ts';
import type { LaunchedBrowser } from './chromium.ts';
import { REPO_ROOT, startServe, type ServeProcess } from './serve-process.ts';
import { openAppInSharedChromium } from './shared-app.ts';

const unavailable = chromiumSkipReason('the TF-regulators end-to-end test');

/** The genes the Network view lists under "Regulators" or "Targets" of the focused gene. */
async function listed(page: Page, list: 'regulators' | 'targets'): Promise<string[]> {
  return page
    .locator(`[data-list="${list}"] [data-testid="${TEST_IDS.network.neighbour}"]`)
    .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-gene') ?? ''));
}

async function bundledHumanTfs(): Promise<Set<string>> {
  return new Set(
    (await readFile(path.join(REPO_ROOT, 'resources', 'tf-lists', 'pathreg-basegrn-human.txt'), 'utf8'))
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#')),
  );
}

describe.skipIf(unavailable !== null)('regulators are the TF list’s transcription factors by default', () => {
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

  it('the bundled example trained with the app defaults (the velocity method): only TF sources, sparsity above 0', async () => {
    const tfs = await bundledHumanTfs();
    await app.openExample('hematopoiesis');
    const overlap = app.byId(TEST_IDS.data.tfOverlap);
    await expect.poll(() => overlap.getAttribute('data-tfs'), { timeout: 30_000 }).toBe('113');
    // Nothing chosen: the Model view's method is the default, as `pathreg fit` with no option.
    await app.openTab('model');
    await expect(app.byId(TEST_IDS.model.method).inputValue()).resolves.toBe('velocity');
    await app.startTraining('defaults (velocity)');
    await app.waitForState('completed', 290_000);

    await app.openTab('network');
    await app.byId(TEST_IDS.network.canvas).waitFor();
    expect(await app.edgeCount()).toBeGreaterThan(0);
    // Every edge of the run (the edge table reads the run folder's edges.csv) starts at a TF of the bundled list:
    // the rows drawn with the strongest first, and with the sources sorted from either end, are all TFs, and keeping
    // only TF sources keeps every row.
    await expect.poll(async () => (await app.edgeTableCounts()).total, { timeout: 60_000 }).toBeGreaterThan(0);
    const { total } = await app.edgeTableCounts();
    const sources = new Set((await app.edgeTableRows()).map((row) => row.source));
    for (const direction of ['ascending', 'descending'] as const) {
      await app.sortEdgeTable('source', direction);
      (await app.edgeTableRows()).forEach((row) => sources.add(row.source));
    }
    expect(sources.size).toBeGreaterThan(1);
    expect([...sources].filter((gene) => !tfs.has(gene))).toEqual([]);
    await app.filterEdgeTable({ tfSources: true });
    await expect.poll(async () => (await app.edgeTableCounts()).matched).toBe(total);
    await app.screenshot('tf-regulators-velocity-network');

    await app.openTab('metrics');
    await app.byId(TEST_IDS.metrics.table).waitFor();
    const feature = await page.locator(`[data-testid="${TEST_IDS.metrics.table}"] text.sparsity`).first().textContent();
    const sparsity = Number(feature?.replace('%', '').trim());
    expect(sparsity).toBeGreaterThan(0);
    expect(sparsity).toBeLessThan(100);
    // Neither empty nor dense (the straight-line warning may be there: it is about the integrated trajectories).
    const warnings = (await app.byId(TEST_IDS.metrics.warnings).count()) ? await app.byId(TEST_IDS.metrics.warnings).textContent() : '';
    expect(warnings).not.toMatch(/network is empty|keeps \d+ % of/);
    expect(pageErrors).toEqual([]);
  });

  it('the bundled example trained with TFs only: only TF sources in the Network view, sparsity above 0', async () => {
    const tfs = await bundledHumanTfs();
    await app.openExample('hematopoiesis');
    // Before training, the Data view says how many genes the example's TF list names, with a few of them.
    const overlap = app.byId(TEST_IDS.data.tfOverlap);
    await expect.poll(() => overlap.getAttribute('data-tfs'), { timeout: 30_000 }).toBe('113');
    await expect(overlap.textContent()).resolves.toMatch(
      /^113 of the 529 genes of the data set are transcription factors of pathreg-basegrn-human \(\w+/,
    );
    // This spec is about the trajectory method's short quick-start run (the app's default method is velocity, whose
    // 2,000 iterations on 529 genes take minutes): choose it, as a user would in the Model view.
    await app.setModel({ method: 'trajectory' });
    // The default is the method's (every gene for the trajectory method, whose field has no decay term per gene):
    // choose TFs only.
    await expect(app.byId(TEST_IDS.model.regulators).inputValue()).resolves.toBe('default');
    await app.byId(TEST_IDS.model.regulators).selectOption('tfs');
    await app.startTraining('defaults');
    await app.waitForState('completed', 290_000);

    await app.openTab('network');
    await app.byId(TEST_IDS.network.canvas).waitFor();
    expect(await app.edgeCount()).toBeGreaterThan(0);
    await app.searchGene('GATA1');
    await app.focusGene('GATA1');
    const regulators = await listed(page, 'regulators');
    expect(regulators.length).toBeGreaterThan(0);
    expect(regulators.filter((gene) => !tfs.has(gene))).toEqual([]);
    // A gene that is not a TF is a target only: focused, it lists no targets.
    const nonTf = (await listed(page, 'targets')).find((gene) => !tfs.has(gene));
    expect(nonTf, 'GATA1 has a target that is not a TF').toBeDefined();
    await page.locator(`[data-list="targets"] [data-testid="${TEST_IDS.network.neighbour}"][data-gene="${nonTf}"]`).click();
    await page.locator(`[data-testid="${TEST_IDS.network.focus}"][data-gene="${nonTf}"]`).waitFor();
    expect(await listed(page, 'targets')).toEqual([]);
    await expect(page.locator('[data-list="targets"] h4').textContent()).resolves.toBe('Targets (0)');
    await app.screenshot('tf-regulators-network');

    await app.openTab('metrics');
    await app.byId(TEST_IDS.metrics.table).waitFor();
    // The table's first share is the feature sparsity (of the path matrix A).
    const feature = await page.locator(`[data-testid="${TEST_IDS.metrics.table}"] text.sparsity`).first().textContent();
    expect(Number(feature?.replace('%', '').trim())).toBeGreaterThan(0);
    // That sparsity comes from the genes kept from regulating: the short quick-start run keeps every TF → gene pair,
    // and the Metrics view says so, judging density over the pairs from a TF only.
    await expect(app.byId(TEST_IDS.metrics.warnings).textContent()).resolves.toMatch(
      /keeps 100 % of the pairs from a transcription factor/,
    );
    expect(pageErrors).toEqual([]);
  });
});
