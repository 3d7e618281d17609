/**
 * Measures the Embedding view on many cells: the time to compute PCA, neighbours, UMAP and the diffusion map (the
 * dataset worker's code, run here in-process so each stage's CPU seconds can be read: on a shared, loaded machine
 * the wall time says little, the CPU time is what a free core needs), then frames per second while panning and
 * zooming the canvas in Debian's chromium (headless, --disable-gpu: the canvas is rasterised in software on the CPU),
 * the view fetching that embedding from the browser shell as it does in the app. The data set is the synthetic
 * UMI-count h5ad of scripts/generate-large-h5ad.ts (written once to /tmp, then reused).
 *
 *   npm run build:renderer && npx tsx scripts/bench-embedding.ts [-- --cells 100000 --genes 2000 --seconds 5]
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { createAppSession, APP_ROOT } from '../src-main/session/create-session.ts';
import { startBrowserShell } from '../src-main/server/http-server.ts';
import { folderPolicy } from '../src-main/session/file-access-policy.ts';
import { optionNumber } from './command-line-options.ts';
import { generateLargeH5ad } from './generate-large-h5ad.ts';
import { openDataset } from '../src-main/data/open-dataset.ts';
import { computeCellEmbedding } from '../src-main/data/embedding/cell-embedding.ts';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../e2e/chromium.ts';

const load = () => `load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`;

async function main(): Promise<void> {
  const cells = optionNumber('cells', 100_000);
  const genes = optionNumber('genes', 2000);
  const seconds = optionNumber('seconds', 5);
  const file = path.join(os.tmpdir(), `pathreg-embedding-${cells}x${genes}.h5ad`);
  if (!existsSync(file)) {
    const started = performance.now();
    await generateLargeH5ad({ path: file, cells, genes, seed: 20221128, density: 0.07 });
    console.log(`wrote ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const dataset = await openDataset(file);
  console.log(`embedding of ${cells.toLocaleString('en-US')} cells × ${genes.toLocaleString('en-US')} genes (${load()} at the start)`);
  const cpu = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1e6;
  };
  const marks: Array<{ stage: string; cpu: number; wall: number }> = [];
  const wallStart = performance.now();
  const embedding = await computeCellEmbedding(dataset, { seed: 0 }, (stage) => marks.push({ stage, cpu: cpu(), wall: performance.now() }));
  marks.push({ stage: 'end', cpu: cpu(), wall: performance.now() });
  dataset.close();
  const stages = marks
    .slice(0, -1)
    .map(
      (mark, i) =>
        `${mark.stage} ${((marks[i + 1].wall - mark.wall) / 1000).toFixed(1)} s wall / ${(marks[i + 1].cpu - mark.cpu).toFixed(1)} s CPU`,
    )
    .join(', ');
  console.log(`  computed in ${((performance.now() - wallStart) / 1000).toFixed(1)} s wall: ${stages}; ${load()} at the end`);
  console.log(`  ${embedding.notes.join('; ')}`);

  const folder = await mkdtemp(path.join(os.tmpdir(), 'pathreg-bench-embedding-'));
  const session = await createAppSession({ transport: 'http', sessionDir: folder });
  const { datasetId } = await session.handlers['dataset:open']({ path: file });
  const shell = await startBrowserShell({
    // The embedding just computed, served as the session serves its kept embeddings.
    handlers: {
      ...session.handlers,
      'dataset:embedding': async (request) =>
        request.datasetId === datasetId ? embedding : session.handlers['dataset:embedding'](request),
    },
    subscribe: (listener) => session.subscribe(listener),
    staticDir: path.join(APP_ROOT, 'dist', 'renderer'),
    fileAccess: await folderPolicy({ roots: [folder, os.tmpdir()] }),
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_FLAGS],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(shell.url);
    await page.getByTestId('tab:embedding').click();
    const shown = performance.now();
    await page.getByTestId('embedding:compute').click();
    const canvas = page.getByTestId('embedding:canvas');
    await canvas.waitFor({ timeout: 600_000 });
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="embedding:canvas"]')?.getAttribute('data-frames')) > 0);
    console.log(
      `  the view drew it ${((performance.now() - shown) / 1000).toFixed(1)} s after the click (transfer of the embedding over HTTP, parsing, colours, first frame)`,
    );
    const box = (await canvas.boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    // Passed as text: tsx's transform adds helpers (__name) that do not exist in the page.
    await page.evaluate(`
      window.benchFrames = [];
      performance.clearMeasures('embedding:draw');
      const tick = (t) => { window.benchFrames.push(t); requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    `);
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    const start = Date.now();
    let step = 0;
    while (Date.now() - start < seconds * 1000) {
      const angle = step++ * 0.15;
      await page.mouse.move(cx + Math.cos(angle) * 150, cy + Math.sin(angle) * 150);
      if (step % 20 === 0) await page.mouse.wheel(0, step % 40 === 0 ? 120 : -120);
      await page.waitForTimeout(8);
    }
    await page.mouse.up();
    const { frames, drawn } = (await page.evaluate(`({ frames: window.benchFrames,
      drawn: performance.getEntriesByName('embedding:draw').map((entry) => entry.duration) })`)) as { frames: number[]; drawn: number[] };
    const window = frames.filter((t) => t >= frames[0] + 200);
    const intervals = window
      .slice(1)
      .map((t, i) => t - window[i])
      .sort((a, b) => a - b);
    const fps = (window.length - 1) / ((window[window.length - 1] - window[0]) / 1000);
    const draws = [...drawn].sort((a, b) => a - b);
    console.log(
      `  panning and zooming ${seconds} s: ${fps.toFixed(1)} frames/s mean, p95 frame ${intervals[Math.floor(intervals.length * 0.95)].toFixed(1)} ms; ` +
        `${draws.length} redraws, each median ${draws[Math.floor(draws.length / 2)].toFixed(1)} ms, p95 ${draws[Math.floor(draws.length * 0.95)].toFixed(1)} ms; ${load()}`,
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
