/**
 * What each e2e spec paid before it could test anything, measured 3 times: `pathreg serve` started and stopped
 * (e2e/serve-process.ts), a chromium launched and closed (e2e/chromium.ts), and the app opened in a page.
 * Run: npx tsx scripts/bench-e2e-startup.ts (docs/benchmarks.md "CI time").
 */
import { launchChromium } from '../e2e/chromium.ts';
import { startServe } from '../e2e/serve-process.ts';
import { TEST_IDS } from '../src-renderer/test-ids.ts';

const ms = (start: number) => Math.round(performance.now() - start);
for (let i = 0; i < 3; i++) {
  let start = performance.now();
  const serve = await startServe();
  const serveStart = ms(start);
  start = performance.now();
  const browser = await launchChromium();
  const chromiumLaunch = ms(start);
  start = performance.now();
  const page = await browser.context.newPage();
  await page.goto(serve.url);
  await page.getByTestId(TEST_IDS.app.root).waitFor();
  const appOpen = ms(start);
  start = performance.now();
  await browser.close();
  const chromiumClose = ms(start);
  start = performance.now();
  await serve.stop();
  const serveStop = ms(start);
  console.log(JSON.stringify({ serveStart, serveStop, chromiumLaunch, chromiumClose, appOpen }));
}
