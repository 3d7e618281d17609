// Scoring a run against a known network in the browser shell (issue 13, point 5): a run trained in the app on
// BEELINE's dyn-BF sample is scored against its refNetwork.csv by path and by upload; the panel's numbers equal
// `pathreg score` on the same run folder, the network marks true/false positives and missed edges (toggled), a bad
// file is named with its line, and the view is photographed at 1400×900 into test-results/e2e/.
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_IDS } from '../src-renderer/test-ids.ts';
import { SCREENSHOT_DIR, type AppActions } from './app-actions.ts';
import { chromiumSkipReason } from './app-in-chromium.ts';
import type { LaunchedBrowser } from './chromium.ts';
import { REPO_ROOT, startServe, type ServeProcess } from './serve-process.ts';
import { openAppInSharedChromium } from './shared-app.ts';

const DATA = path.resolve(REPO_ROOT, '..', 'shared', 'data', 'beeline-sample', 'dyn-BF_2000_0');
const REFERENCE = path.join(DATA, 'refNetwork.csv');
const unavailable = chromiumSkipReason('the reference-scoring end-to-end test');

/** `pathreg score RUN_DIR --reference FILE --json`, as a user runs it. */
async function cliScores(runFolder: string): Promise<Record<string, number>> {
  const { stdout } = await promisify(execFile)(process.execPath, [
    path.join(REPO_ROOT, 'bin', 'pathreg.mjs'),
    'score',
    runFolder,
    '--reference',
    REFERENCE,
    '--json',
  ]);
  return JSON.parse(stdout).scores;
}

describe.skipIf(unavailable !== null)('scoring a run against a reference network', () => {
  let serve: ServeProcess;
  let browser: LaunchedBrowser;
  let page: Page;
  let app: AppActions;
  let pageErrors: string[];

  beforeAll(async () => {
    serve = await startServe();
    ({ browser, page, app, pageErrors } = await openAppInSharedChromium(serve.url));
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('trains on dyn-BF, scores it like pathreg score, and marks the network', async () => {
    await app.openPath(DATA);
    await app.byId(TEST_IDS.data.summary).waitFor();
    await app.setModel({ hidden: '8', bins: 8, iterations: 80, seed: 1 });
    await app.startTraining('dyn-BF');
    await app.waitForState('completed', 180_000);

    await app.scoreAgainst(REFERENCE);
    const shown = await app.scoreValues();
    const runs = path.join(serve.sessionDir, 'runs');
    const [runFolder] = (await readdir(runs)).map((name) => path.join(runs, name));
    const cli = await cliScores(runFolder);
    for (const key of ['auprc_ratio', 'auprc_beeline_ratio', 'early_precision_ratio', 'auroc', 'early_precision_true_positives'])
      expect(shown[key], key).toBe(cli[key]);
    expect(shown.missed_in_top_k).toBe(cli.reference_edges - cli.early_precision_true_positives);
    expect(cli.reference_edges).toBe(10);

    // Every edge is drawn (top 300 of at most 42): each reference edge is either a true positive or missed.
    const all = await app.networkMarks();
    expect(all).not.toBeNull();
    expect(all!.truePositives + all!.missed).toBe(10);
    expect(all!.truePositives + all!.falsePositives + all!.missed).toBe(all!.edges);
    await expect(app.byId(TEST_IDS.score.legend).isVisible()).resolves.toBe(true);
    await expect(app.byId(TEST_IDS.score.curve).locator('svg.pathreg-precision-recall path.curve').count()).resolves.toBe(1);

    // The top 8 edges only (42^0.55 ≈ 8): at most 8 of the 10 reference edges can be found, the rest are missed (dashed).
    await app.setSlider(TEST_IDS.network.topK, 0.55);
    await expect.poll(() => app.edgeCount()).toBe(8);
    await expect.poll(async () => (await app.networkMarks())!.edges).toBeLessThan(all!.edges);
    const top = await app.networkMarks();
    expect(top!.truePositives + top!.missed).toBe(10);
    expect(top!.truePositives + top!.falsePositives).toBe(8);
    expect(top!.missed).toBeGreaterThanOrEqual(2);
    // The photograph shows all three marks: found edges, edges not in the reference, and missed ones dashed.
    await page.waitForTimeout(1500);
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'reference-score-1400x900.png') });
    await app.setSlider(TEST_IDS.network.topK, 1);

    await app.byId(TEST_IDS.score.marks).uncheck();
    await expect.poll(() => app.networkMarks()).toBeNull();
    await expect(app.byId(TEST_IDS.score.legend).count()).resolves.toBe(0);
    await app.byId(TEST_IDS.score.marks).check();
    await expect.poll(() => app.networkMarks()).not.toBeNull();
  });

  it('scores an uploaded headerless edge list the same, and names the line of a bad file', async () => {
    const before = await app.scoreValues();
    const scratch = path.join(serve.sessionDir, 'e2e-references');
    await mkdir(scratch, { recursive: true });
    const rows = (await readFile(REFERENCE, 'utf8'))
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.replaceAll(',', '\t'));
    const plain = path.join(scratch, 'dyn-BF-edges.tsv');
    await writeFile(plain, `${rows.join('\n')}\n`);
    await app.scoreAgainst(plain, 'upload');
    await expect(app.byId(TEST_IDS.score.result).getAttribute('data-reference')).resolves.toBe('dyn-BF-edges.tsv');
    expect(await app.scoreValues()).toEqual(before);

    const bad = path.join(scratch, 'typo.csv');
    await writeFile(bad, 'Gene1,Gene2,Type\ng1,g2,+\ng2,g3,activ\n');
    await app.byId(TEST_IDS.score.upload).setInputFiles(bad);
    await expect(app.message()).resolves.toMatch(/"typo\.csv", line 3, column 3 \("Type"\): found "activ"/);
    await app.dismissMessage();
    expect(pageErrors).toEqual([]);
  });
});
