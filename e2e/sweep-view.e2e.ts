// The Sweep view in Debian's chromium against `pathreg serve`, local executor: a small grid on the bundled example
// (6 genes, 5 iterations; 2 λ × 1 seed × (all cells, 1 subsample, 1 permuted-pseudotime null) = 6 fits) is set up,
// run and watched until every task is done; the λ path's point opens that λ's run in the Network view, and the
// consensus network draws every edge with its selection frequency and FDR.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppActions } from './app-actions.ts';
import { chromiumSkipReason } from './app-in-chromium.ts';
import type { LaunchedBrowser } from './chromium.ts';
import { openAppInSharedChromium, useSharedServe, type SpecServe } from './shared-app.ts';
import { TEST_IDS } from '../src-renderer/test-ids.ts';
import { HELP_TEXTS } from '../src-renderer/components/help-texts.ts';
import { readIndependently } from '../test/src-main/export/independent-readers.ts';
import path from 'node:path';

const unavailable = chromiumSkipReason('the Sweep view end-to-end test');

describe.skipIf(unavailable !== null)('the Sweep view', () => {
  let serve: SpecServe;
  let browser: LaunchedBrowser;
  let app: AppActions;
  let pageErrors: string[];

  beforeAll(async () => {
    serve = await useSharedServe();
    ({ browser, app, pageErrors } = await openAppInSharedChromium(serve.url));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('sets up a grid, runs it, opens a λ from the path and draws the consensus with confidence', async () => {
    await app.openExample('hematopoiesis');
    await app.chooseGenes(['GATA1', 'KLF1', 'TAL1', 'FLI1', 'CEBPB', 'IRF8']);
    await app.openTab('sweep');
    // Every control explains itself (tooltip = the help sentence).
    const T = TEST_IDS.sweep;
    for (const id of [T.method, T.iterations, T.tfList, T.lambdas, T.seeds, T.subsamples, T.nulls, T.executor, T.workers, T.start]) {
      expect(await app.byId(id).getAttribute('title'), id).toBe(HELP_TEXTS[id]);
    }
    // A typo is refused in words before anything starts.
    await app.byId(T.lambdas).fill('0.01, abc');
    expect(await app.byId(T.plan).textContent()).toMatch(/λ values must be numbers: "abc" is not/);
    expect(await app.byId(T.start).isDisabled()).toBe(true);

    const started = Date.now();
    await app.startSweep({ iterations: 5, lambdas: '0.001, 0.1', seeds: '0', subsamples: 1, nulls: 1, workers: 2 });
    // Tasks are watched while they run: the table has every task from the start.
    expect(await app.sweepTaskStates()).toHaveLength(6);
    expect(await app.waitForSweep(240_000)).toEqual(['done', 'done', 'done', 'done', 'done', 'done']);
    const seconds = (Date.now() - started) / 1000;

    // The consensus at the first λ: 2 fits (all cells + subsample), 1 null fit: every edge drawn with both numbers.
    await expect
      .poll(async () => (await app.byId(T.consensus).textContent()) ?? '', { timeout: 30_000 })
      .toMatch(/Consensus at λ 0.001: 2 fits, 1 permuted-pseudotime null fits/);
    const edges = await app.consensusEdges();
    expect(edges.length).toBeGreaterThan(0);
    for (const edge of edges) {
      expect([0.5, 1]).toContain(edge.confidence);
      expect(edge.fdr).toBeGreaterThanOrEqual(0);
      expect(edge.fdr).toBeLessThanOrEqual(1);
    }
    expect(await app.byId(T.consensusTable).locator('tbody tr').count()).toBeGreaterThan(0);
    // The λ path has a point per λ in each panel; held-out MSE exists (donor 21 is held out by default).
    expect(await app.byId(T.lambdaPath).locator('.lambda-panel-heldOutMse circle[data-lambda]').count()).toBe(2);
    await app.screenshot('sweep-view');
    // Exported like any network: networkx reads each edge's confidence and FDR back (as in the export tests).
    const file = await app.exportSweepNetwork('graphml', path.join(serve.scratchDir, 'consensus.graphml'));
    const read = readIndependently('graphml', file);
    expect(read.edges.length).toBe(edges.length);
    for (const edge of read.edges) {
      const shown = edges.find((e) => e.source === edge.source && e.target === edge.target);
      expect(edge.confidence).toBe(shown?.confidence);
      expect(edge.fdr).toBeCloseTo(shown!.fdr, 12);
    }
    expect(read.graph['param.sweep.grid.lambdas']).toBe('0.001,0.1');
    expect(read.graph.input_1_sha256).toMatch(/^[0-9a-f]{64}$/);

    await app.openLambdaRun(0.1);
    await expect.poll(() => app.edgeCount(), { timeout: 30_000 }).toBeGreaterThanOrEqual(0);
    expect(await app.byId(TEST_IDS.app.runSelect).textContent()).toMatch(/task-0003/);
    expect(pageErrors).toEqual([]);
    console.log(`sweep e2e: 6 fits done in ${seconds.toFixed(1)} s`);
  }, 300_000);
});
