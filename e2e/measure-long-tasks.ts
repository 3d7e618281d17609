/**
 * Measures the renderer's long tasks (PerformanceObserver 'longtask', > 50 ms) while the app trains a longer run
 * than the end-to-end test does, so the loss history reaches its 2,000-point cap and the curves redraw at full size.
 * Usage: npx tsx e2e/measure-long-tasks.ts [iterations] [engine]   (prints JSON; recorded in docs/benchmarks.md)
 */
import { AppActions } from './app-actions.ts';
import { launchChromium } from './chromium.ts';
import { longTasksBetween, observeLongTasks, pageNow } from './long-tasks.ts';
import { startServe } from './serve-process.ts';

const iterations = Number(process.argv[2] ?? 3000);
const engine = process.argv[3] ?? 'auto';
const serve = await startServe();
const browser = await launchChromium();
try {
  await observeLongTasks(browser.context);
  const page = await browser.context.newPage();
  const app = new AppActions(page);
  await app.openApp(serve.url);
  await app.openExample('hematopoiesis');
  await app.setModel({ hidden: '16', bins: 10, iterations, engine });
  const from = await pageNow(page);
  const started = Date.now();
  await app.startTraining('long-task measurement');
  await app.waitForState('completed', 30 * 60_000);
  const completedAt = await pageNow(page);
  const seconds = (Date.now() - started) / 1000;
  // The result (network, heatmap) loads right after completion; give it time to arrive and render.
  await page.waitForTimeout(3000);
  const tasks = await longTasksBetween(page, from, await pageNow(page));
  const durations = tasks.map((t) => t.duration).sort((a, b) => b - a);
  const engineText = (await page.getByTestId('training:engine').textContent()) ?? '';
  process.stdout.write(
    `${JSON.stringify({ iterations, engine: engineText.split(' (')[0], iterationShown: await app.iteration(), wallSeconds: Math.round(seconds), longTasks: tasks.length, over100ms: durations.filter((d) => d > 100).length, longestMs: durations[0] ?? 0, top5Ms: durations.slice(0, 5), tasks: tasks.map((t) => ({ atSeconds: Math.round((t.start - from) / 100) / 10, ms: t.duration })), completedAtSeconds: Math.round((completedAt - from) / 100) / 10 }, null, 1)}\n`,
  );
} finally {
  await browser.close();
  await serve.stop();
}
