// The TF list chosen in the Data view (issue 14), in Debian's chromium against `pathreg serve`: the bundled example
// offers the bundled lists in a dropdown; choosing the genome-wide human list updates the TF overlap at once; an
// uploaded list that names none of the genes is flagged before training and refused at Start within seconds (no run
// is created); the human list then trains, and only its TFs regulate GATA1 in the Network view.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_IDS } from '../src-renderer/test-ids.ts';
import type { AppActions } from './app-actions.ts';
import { chromiumSkipReason } from './app-in-chromium.ts';
import type { LaunchedBrowser } from './chromium.ts';
import { REPO_ROOT, startServe, type ServeProcess } from './serve-process.ts';
import { openAppInSharedChromium } from './shared-app.ts';

const unavailable = chromiumSkipReason('the TF-list choice end-to-end test');
const SCREENSHOTS = path.join(REPO_ROOT, 'test-results', 'tf-list-choice');

describe.skipIf(unavailable !== null)('choosing the TF list in the Data view', () => {
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

  it('offers the bundled lists, shows the human list’s overlap at once, and flags and refuses a list of no gene', async () => {
    await app.openExample('hematopoiesis');
    const choice = app.byId(TEST_IDS.data.tfList);
    await expect(choice.inputValue()).resolves.toBe('bundled:pathreg-basegrn-human');
    const offered = await choice.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toEqual(expect.arrayContaining(['default', 'none', 'bundled:human', 'bundled:mouse', 'upload', 'path']));
    const overlap = app.byId(TEST_IDS.data.tfOverlap);
    await expect.poll(() => overlap.getAttribute('data-tfs'), { timeout: 30_000 }).toBe('113');

    const asked = Date.now();
    await choice.selectOption('bundled:human');
    await expect.poll(() => overlap.textContent(), { timeout: 10_000 }).toMatch(/transcription factors of human \(/);
    const humanTfs = Number(await overlap.getAttribute('data-tfs'));
    expect(humanTfs).toBeGreaterThan(113);
    expect(Date.now() - asked).toBeLessThan(10_000);
    // Photographed at both window sizes, the dropdown and its overlap in view.
    await mkdir(SCREENSHOTS, { recursive: true });
    for (const [width, height] of [
      [1400, 900],
      [1024, 700],
    ] as const) {
      await page.setViewportSize({ width, height });
      await overlap.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SCREENSHOTS, `data-human-list-${width}x${height}.png`) });
    }

    // A list of another species' symbols (fly): the Data view warns before anything trains…
    await choice.selectOption('upload');
    const upload = app.byId(TEST_IDS.data.tfListUpload);
    await expect(upload.getAttribute('title')).resolves.toMatch(/one gene symbol per line/);
    await upload.setInputFiles({ name: 'fly-tfs.txt', mimeType: 'text/plain', buffer: Buffer.from('bcd\nhb\nKr\n') });
    await expect.poll(() => overlap.getAttribute('data-tfs'), { timeout: 10_000 }).toBe('0');
    await expect(overlap.textContent()).resolves.toMatch(
      /^fly-tfs\.txt \(3 symbols\) names none of the 529 genes.*training would be refused/,
    );
    // …and Start is refused at once, with what to do, and no run is made.
    const started = Date.now();
    await app.startTraining('fly');
    await expect
      .poll(() => app.byId(TEST_IDS.app.message).textContent(), { timeout: 10_000 })
      .toMatch(/The TF list fly-tfs\.txt \(3 symbols\) names none of the 529 genes of "hematopoiesis"/);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await app.runRows()).toEqual([]);
    await app.dismissMessage();
    expect(pageErrors).toEqual([]);
  });

  it('trains with the bundled human list: GATA1’s regulators are all TFs of that list', async () => {
    const humanTfs = new Set(
      (await readFile(path.join(REPO_ROOT, 'resources', 'tf-lists', 'beeline-human-tfs.csv'), 'utf8'))
        .split('\n')
        .slice(1)
        .map((line) => line.split(',')[0].trim())
        .filter(Boolean),
    );
    await app.openTab('data');
    await app.byId(TEST_IDS.data.tfList).selectOption('bundled:human');
    await expect.poll(() => app.byId(TEST_IDS.data.tfOverlap).textContent(), { timeout: 10_000 }).toMatch(/of human/);
    await app.setModel({ hidden: '8', bins: 5, iterations: 60 });
    await app.byId(TEST_IDS.model.regulators).selectOption('tfs');
    await app.startTraining('human TFs');
    await app.waitForState('completed', 290_000);

    await app.openTab('network');
    await app.byId(TEST_IDS.network.canvas).waitFor();
    expect(await app.edgeCount()).toBeGreaterThan(0);
    await app.searchGene('GATA1');
    await app.focusGene('GATA1');
    const regulators = await page
      .locator(`[data-list="regulators"] [data-testid="${TEST_IDS.network.neighbour}"]`)
      .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-gene') ?? ''));
    expect(regulators.length).toBeGreaterThan(0);
    expect(regulators.filter((gene) => !humanTfs.has(gene))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
