// A run made by `pathreg fit` opened in the app, in Debian's chromium against `pathreg serve`: the user types the run
// folder's path into the Data view's import field; the run then shows in the Network view with every edge of
// edges.csv, its loss curve comes from history.csv, its trajectories draw, and its whole network exports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { AppActions } from './app-actions.ts';
import { chromiumSkipReason } from './app-in-chromium.ts';
import type { LaunchedBrowser } from './chromium.ts';
import { REPO_ROOT, startServe, type ServeProcess } from './serve-process.ts';
import { openAppInSharedChromium } from './shared-app.ts';
import { TEST_IDS } from '../src-renderer/test-ids.ts';

const EXAMPLE = path.join(REPO_ROOT, 'resources', 'examples', 'hematopoiesis');
const GENES = 'GATA1,KLF1,TAL1,FLI1,CEBPB,IRF8';
const unavailable = chromiumSkipReason('the run-folder import end-to-end test');

const edgeRows = (text: string) => text.split('\n').filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('source,'));

describe.skipIf(unavailable !== null)('a pathreg fit run folder opened in the app', () => {
  let serve: ServeProcess;
  let browser: LaunchedBrowser;
  let app: AppActions;
  let pageErrors: string[];
  let runFolder: string;

  beforeAll(async () => {
    serve = await startServe();
    // Inside the session folder, one of the folders this server may read.
    runFolder = path.join(serve.sessionDir, 'fit-run');
    const options = `--train 12 --test 21 --genes ${GENES} --iterations 20 --checkpoint-every 5 --engine wasm --tf-list none`;
    await promisify(execFile)(
      process.execPath,
      [path.join(REPO_ROOT, 'bin', 'pathreg.mjs'), 'fit', '--data', EXAMPLE, ...options.split(' '), '--out', runFolder],
      { cwd: REPO_ROOT, timeout: 240_000 },
    );
    ({ browser, app, pageErrors } = await openAppInSharedChromium(serve.url));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('shows its network, loss curve and trajectories, and exports the whole network', async () => {
    const written = edgeRows(await readFile(path.join(runFolder, 'edges.csv'), 'utf8'));
    expect(await app.importPath(runFolder)).toBe(written.length);

    await app.openTab('network');
    await expect.poll(() => app.edgeCount(), { timeout: 30_000 }).toBeGreaterThan(0);
    const exported = await app.exportNetwork('csv', 'all', path.join(serve.sessionDir, 'exported.csv'));
    // The export adds a rank: the same edges, heaviest first, with the same signs.
    const pairs = (rows: string[]) => rows.map((row) => row.split(',')).map(([source, target, , sign]) => `${source}>${target} ${sign}`);
    expect(pairs(edgeRows(await readFile(exported, 'utf8')))).toEqual(pairs(written));

    await app.openTab('training');
    // The curve drawn from history.csv: one point per row, so the figure holds a path.
    const curves = app.byId(TEST_IDS.training.curves);
    await expect.poll(async () => curves.locator('svg path').count(), { timeout: 30_000 }).toBeGreaterThan(0);

    await app.showTrajectories(['GATA1', 'TAL1']);
    const figure = app.byId(TEST_IDS.trajectories.figure);
    await expect.poll(async () => (await figure.textContent()) ?? '', { timeout: 30_000 }).toContain('GATA1');
    await app.screenshot('import-run-folder');
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
