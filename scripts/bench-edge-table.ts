/**
 * Measures the Network view's edge table on a 530-gene run with every ordered pair an edge (280,370 edges, the
 * paper's 529-gene scale): how long until the table shows its first page, frames per second while scrolling it,
 * how long a jump deep into the list and a re-sort take to show their rows. The run folder is a short real fit of
 * the bundled example whose network files are replaced by the dense synthetic network (seeded), so the app reads it
 * as any imported run folder. Starts the browser shell in-process and drives Debian's chromium.
 *
 *   npm run build:renderer && npx tsx scripts/bench-edge-table.ts [-- --seconds 3]
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { createAppSession, APP_ROOT } from '../src-main/session/create-session.ts';
import { startBrowserShell } from '../src-main/server/http-server.ts';
import { folderPolicy } from '../src-main/session/file-access-policy.ts';
import { optionNumber } from './command-line-options.ts';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../e2e/chromium.ts';

const GENES = Array.from({ length: 530 }, (_, i) => `G${String(i).padStart(3, '0')}`);

/** A short real fit, then its network made the dense 530-gene one (edges heaviest first, as the fit writes them). */
async function denseRunFolder(root: string): Promise<{ folder: string; edges: number }> {
  const folder = path.join(root, 'dense-run');
  const options = '--train 12 --test 21 --genes GATA1,KLF1,TAL1 --iterations 3 --engine wasm --tf-list none';
  await promisify(execFile)(
    process.execPath,
    [
      path.join(APP_ROOT, 'bin', 'pathreg.mjs'),
      'fit',
      '--data',
      path.join(APP_ROOT, 'resources', 'examples', 'hematopoiesis'),
      ...options.split(' '),
      '--out',
      folder,
    ],
    { cwd: APP_ROOT, timeout: 300_000 },
  );
  let state = 18;
  const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0), state / 2 ** 32);
  const edges: Array<[string, string, number, number]> = [];
  for (const source of GENES)
    for (const target of GENES) {
      if (source === target) continue;
      const u = random();
      edges.push([source, target, 1e-5 + u ** 6, u < 0.45 ? 1 : u < 0.9 ? -1 : 0]);
    }
  edges.sort((a, b) => b[2] - a[2] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1));
  await writeFile(path.join(folder, 'edges.csv'), `source,target,weight,sign\n${edges.map((e) => e.join(',')).join('\n')}\n`);
  const metrics = JSON.parse(await readFile(path.join(folder, 'metrics.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(
    path.join(folder, 'metrics.json'),
    JSON.stringify({ ...metrics, gene_names: GENES, is_tf: GENES.map((_, i) => i < 40), genes: GENES.length, edges: edges.length }),
  );
  // The stored cells belong to the 3 genes fitted: the dense run keeps none (the table does not read them).
  await writeFile(path.join(folder, 'trajectories.json'), JSON.stringify({ genes: GENES, trajectories: [] }));
  for (const file of ['trajectories.bin', 'checkpoint.bin', 'checkpoint-best.bin']) await rm(path.join(folder, file), { force: true });
  return { folder, edges: edges.length };
}

async function main(): Promise<void> {
  const seconds = optionNumber('seconds', 3);
  const root = await mkdtemp(path.join(os.tmpdir(), 'pathreg-bench-edge-table-'));
  const { folder, edges } = await denseRunFolder(root);
  const session = await createAppSession({ transport: 'http', sessionDir: path.join(root, 'session') });
  const shell = await startBrowserShell({
    handlers: session.handlers,
    subscribe: (listener) => session.subscribe(listener),
    staticDir: path.join(APP_ROOT, 'dist', 'renderer'),
    fileAccess: await folderPolicy({ roots: [root] }),
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_FLAGS],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(shell.url);
    await page.getByTestId('import:path').fill(folder);
    await page.getByTestId('import:open').click();
    await page.locator('[data-testid="import:result"][data-run]').waitFor({ timeout: 120_000 });
    const rows = page.getByTestId('edges:rows');
    let started = Date.now();
    await page.getByTestId('tab:network').click();
    await page.locator(`[data-testid="edges:rows"][data-total="${edges}"]`).waitFor({ timeout: 120_000 });
    await page.locator('[data-testid="edges:row"][data-rank="1"]').waitFor();
    const firstPageMs = Date.now() - started;
    // Let the force layout of the drawn network settle before timing frames.
    await page.waitForTimeout(5000);
    await page.evaluate(`
      window.benchFrames = [];
      window.benchLong = [];
      new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.benchLong.push(entry.duration); }).observe({ type: 'longtask', buffered: false });
      const tick = (t) => { window.benchFrames.push(t); requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    `);
    const start = Date.now();
    let top = 0;
    while (Date.now() - start < seconds * 1000) {
      top += 480;
      await rows.evaluate((element, y) => {
        element.scrollTop = y;
      }, top);
      await page.waitForTimeout(16);
    }
    const { frames, longTasks } = (await page.evaluate('({ frames: window.benchFrames, longTasks: window.benchLong })')) as {
      frames: number[];
      longTasks: number[];
    };
    const intervals = frames
      .slice(1)
      .map((t, i) => t - frames[i])
      .sort((a, b) => a - b);
    const fps = (frames.length - 1) / ((frames[frames.length - 1] - frames[0]) / 1000);
    const p95 = intervals[Math.floor(intervals.length * 0.95)];
    const rowsInDom = await page.locator('[data-testid="edges:row"]').count();
    // A jump to row 250,000: its page is fetched and drawn.
    started = Date.now();
    await rows.evaluate((element) => {
      element.scrollTop = 250_000 * 24;
    });
    await page.locator('[data-testid="edges:row"][data-rank="250001"]').waitFor({ timeout: 60_000 });
    const jumpMs = Date.now() - started;
    // A re-sort of every edge by source.
    started = Date.now();
    await page.locator('[data-testid="edges:sort"][data-sort="source"]').click();
    await page.locator('[data-testid="edges:sort"][data-sort="source"][data-direction="ascending"]').waitFor();
    await page.locator('[data-testid="edges:row"][data-source="G000"]').first().waitFor({ timeout: 60_000 });
    const sortMs = Date.now() - started;
    const [load1] = os.loadavg();
    console.log(
      JSON.stringify(
        {
          edges,
          firstPageMs,
          scroll: {
            seconds,
            scrolledRows: Math.round(top / 24),
            fps: Number(fps.toFixed(1)),
            p95FrameMs: Number(p95.toFixed(1)),
            longTasks: longTasks.length,
            longestTaskMs: Math.round(Math.max(0, ...longTasks)),
          },
          rowsInDom,
          jumpToRow250000Ms: jumpMs,
          sortBySourceMs: sortMs,
          load1: Number(load1.toFixed(1)),
          cores: os.cpus().length,
        },
        null,
        2,
      ),
    );
  } finally {
    await browser.close();
    await shell.close();
    await session.dispose();
    await rm(root, { recursive: true, force: true });
  }
}

await main();
