/**
 * Measures the network view while dragging a gene: frames per second and long tasks, at the example's 529 genes
 * and a few thousand edges. Starts the browser shell in-process on a fresh session, opens the bundled example,
 * trains a short run through the UI, then drags a gene in circles for a few seconds in Debian's chromium.
 *
 *   npm run build:renderer && npm run bench:network-drag [-- --edges 3000 --seconds 4 --engine wasm --all-genes --profile]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { createAppSession, APP_ROOT } from '../src-main/session/create-session.ts';
import { startBrowserShell } from '../src-main/server/http-server.ts';
import { folderPolicy } from '../src-main/session/file-access-policy.ts';
import { optionNumber } from './command-line-options.ts';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../e2e/chromium.ts';

/**
 * CPU seconds (user + system) used so far by a process and all its descendants, from /proc (Linux): with other
 * work on the machine, wall-clock frame rates say little, but CPU time per frame says what an idle machine gives.
 */
async function treeCpuSeconds(rootPid: number): Promise<Record<string, number> | null> {
  if (process.platform !== 'linux') return null;
  const { readdir, readFile } = await import('node:fs/promises');
  const stats = new Map<number, { parent: number; ticks: number; kind: string }>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = await readFile(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may contain spaces) start after the last ')'.
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      const kind = /--type=([\w-]+)/.exec(await readFile(`/proc/${entry}/cmdline`, 'utf8'))?.[1] ?? 'browser';
      stats.set(Number(entry), { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), kind });
    } catch {
      // The process ended while we read: it no longer counts.
    }
  }
  const seconds: Record<string, number> = {};
  const inTree = (pid: number): boolean => {
    for (let current = pid, hops = 0; current > 1 && hops < 50; hops++) {
      if (current === rootPid) return true;
      current = stats.get(current)?.parent ?? 0;
    }
    return false;
  };
  // Clock ticks are 1/100 s on Linux.
  for (const [pid, stat] of stats) if (inTree(pid)) seconds[stat.kind] = (seconds[stat.kind] ?? 0) + stat.ticks / 100;
  return seconds;
}

/** The browser's main process: the oldest process whose command line carries `marker` (an argument we added). */
async function findPid(marker: string): Promise<number> {
  const { readdir, readFile } = await import('node:fs/promises');
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if ((await readFile(`/proc/${entry}/cmdline`, 'utf8')).includes(marker)) pids.push(Number(entry));
    } catch {
      // Gone already.
    }
  }
  return pids.length ? Math.min(...pids) : 0;
}

function engineOption(): string {
  const index = process.argv.indexOf('--engine');
  return index >= 0 ? process.argv[index + 1] : 'wasm';
}

async function main(): Promise<void> {
  const wantedEdges = optionNumber('edges', 3000);
  const seconds = optionNumber('seconds', 4);
  const folder = await mkdtemp(path.join(os.tmpdir(), 'pathreg-bench-network-'));
  const session = await createAppSession({ transport: 'http', sessionDir: folder });
  const shell = await startBrowserShell({
    handlers: session.handlers,
    subscribe: (listener) => session.subscribe(listener),
    staticDir: path.join(APP_ROOT, 'dist', 'renderer'),
    fileAccess: await folderPolicy({ roots: [folder] }),
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    // An unknown switch chromium ignores, so this run's processes can be found in /proc.
    args: [`--pathreg-bench=${process.pid}`, ...CHROMIUM_FLAGS],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(shell.url);
    await page.getByTestId('data:open-example').first().click();
    await page.getByTestId('data:summary').waitFor({ timeout: 60_000 });
    // The engine is fixed (wasm unless --engine says otherwise) so the run does not depend on what auto finds.
    await page.getByTestId('tab:model').click();
    await page.getByTestId('model:engine').selectOption(engineOption());
    await page.getByTestId('tab:training').click();
    await page.getByTestId('training:start').click();
    await page.locator('[data-testid="training:status"][data-state="completed"]').waitFor({ timeout: 300_000 });
    await page.getByTestId('tab:network').click();
    const canvas = page.getByTestId('network:canvas');
    await canvas.waitFor();
    // Top-k slider position for the wanted edge count (log scale, see view-logic/network-controls.ts).
    const total = Number((await page.getByTestId('network:edge-count').textContent())!.replace(/\D/g, '')) || 1;
    const totalEdges = Number((await page.locator('.counts').textContent())!.match(/of ([\d,]+) edges/)![1].replace(/,/g, ''));
    const position = Math.round((Math.log10(Math.min(wantedEdges, totalEdges)) / Math.log10(totalEdges)) * 1000);
    await page.getByTestId('network:top-k').fill(String(position));
    // --all-genes draws and simulates every gene, not only those with a drawn edge.
    if (process.argv.includes('--all-genes')) await page.getByTestId('network:hide-isolated').uncheck();
    await page.getByTestId('network:search').fill('GATA1');
    await page.getByTestId('network:search-result').first().click();
    await page.waitForTimeout(1500);
    const edges = await canvas.getAttribute('data-edge-count');
    const nodes = await canvas.getAttribute('data-node-count');
    const box = (await canvas.boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    // Passed as text: tsx's transform adds helpers (__name) that do not exist in the page.
    await page.evaluate(`
      window.benchFrames = [];
      window.benchLong = [];
      new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.benchLong.push(entry.duration); }).observe({ type: 'longtask', buffered: false });
      const tick = (t) => { window.benchFrames.push(t); requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    `);
    const cdp = process.argv.includes('--profile') ? await page.context().newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    const browserPid = process.platform === 'linux' ? await findPid(`--pathreg-bench=${process.pid}`) : 0;
    const cpuBefore = await treeCpuSeconds(browserPid);
    const frameCountBefore = Number(await page.evaluate('window.benchFrames.length'));
    // The focused gene sits at the centre of the canvas: press on it and drag it in circles.
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    const start = Date.now();
    let step = 0;
    while (Date.now() - start < seconds * 1000) {
      const angle = step++ * 0.15;
      await page.mouse.move(cx + Math.cos(angle) * 120, cy + Math.sin(angle) * 120);
      await page.waitForTimeout(8);
    }
    await page.mouse.up();
    const cpuAfter = await treeCpuSeconds(browserPid);
    const frameCountAfter = Number(await page.evaluate('window.benchFrames.length'));
    if (cdp) {
      const { profile } = (await cdp.send('Profiler.stop')) as {
        profile: {
          nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }>;
          samples: number[];
        };
      };
      const self = new Map<string, number>();
      for (const node of profile.nodes) {
        const key = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').pop()}:${node.callFrame.lineNumber}`;
        self.set(key, (self.get(key) ?? 0) + (node.hitCount ?? 0));
      }
      const totalHits = [...self.values()].reduce((a, b) => a + b, 0);
      console.log('profile (self time share):');
      for (const [name, hits] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15))
        console.log(`  ${((hits / totalHits) * 100).toFixed(1)} %  ${name}`);
    }
    const { frames, longTasks, draws } = (await page.evaluate(`({ frames: window.benchFrames, longTasks: window.benchLong,
      draws: performance.getEntriesByName('network:draw').map((entry) => entry.duration) })`)) as {
      frames: number[];
      longTasks: number[];
      draws: number[];
    };
    const drawTimes = draws.slice(-Math.max(1, Math.floor(draws.length / 2))).sort((a, b) => a - b);
    const window = frames.filter((t) => t >= frames[0] + 200);
    const intervals = window
      .slice(1)
      .map((t, i) => t - window[i])
      .sort((a, b) => a - b);
    const fps = (window.length - 1) / ((window[window.length - 1] - window[0]) / 1000);
    const p95 = intervals[Math.floor(intervals.length * 0.95)];
    console.log(
      `network drag: ${nodes} genes drawn, ${edges} edges (of ${total} selected before focus, ${totalEdges} in the run), ${seconds} s of dragging`,
    );
    console.log(
      `  scene + canvas commands per frame: median ${drawTimes[Math.floor(drawTimes.length / 2)].toFixed(1)} ms, p95 ${drawTimes[Math.floor(drawTimes.length * 0.95)].toFixed(1)} ms over ${draws.length} draws; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`,
    );
    if (cpuBefore !== null && cpuAfter !== null) {
      const frames = Math.max(1, frameCountAfter - frameCountBefore);
      const perKind = Object.keys(cpuAfter)
        .map((kind) => [kind, (((cpuAfter[kind] ?? 0) - (cpuBefore[kind] ?? 0)) * 1000) / frames] as const)
        .filter(([, ms]) => ms > 0);
      const busiest = Math.max(...perKind.map(([, ms]) => ms));
      console.log(
        `  chromium CPU time per frame by process: ${perKind.map(([kind, ms]) => `${kind} ${ms.toFixed(1)} ms`).join(', ')}; the busiest process allows at most ${(1000 / busiest).toFixed(0)} frames/s with a free core each`,
      );
    }
    console.log(
      `  ${fps.toFixed(1)} frames/s mean, p95 frame ${p95.toFixed(1)} ms, longest ${intervals[intervals.length - 1].toFixed(1)} ms, long tasks: ${longTasks.length}${longTasks.length ? ` (max ${Math.max(...longTasks).toFixed(0)} ms)` : ''}`,
    );
  } finally {
    await browser.close();
    await shell.close();
    await session.dispose();
    await rm(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
