// The webgpu engine in a page: bundled with esbuild for the browser (as scripts/build-renderer.ts bundles the app),
// served from 127.0.0.1 (navigator.gpu needs a secure context), opened in Debian's chromium with WebGPU on
// SwiftShader's Vulkan driver, and its loss and gradient compared with the TF.js reference computed in Node, within
// 1e-3 relative. Skips with the reason where chromium offers no WebGPU adapter.
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tfjsEngineFactory } from '../src-main/engine/reference/tfjs-engine.ts';
import { fusedProblem, worstRelative, type FusedProblemShape } from '../test/src-main/engine/wasm/fused-problems.ts';
import { CHROMIUM_PATH, chromiumUnavailableReason } from './chromium.ts';
import { REPO_ROOT } from './serve-process.ts';
import type { PageParityResult } from './webgpu-page/parity-page.ts';

/**
 * What makes /usr/bin/chromium (150, Debian) offer WebGPU without a GPU: the unsafe-WebGPU switch (WebGPU is not on
 * by default on Linux), Vulkan enabled, and the adapter forced to SwiftShader, which Debian ships as
 * libvk_swiftshader.so. Found by trying: without --use-webgpu-adapter=swiftshader, or on a data: URL (not a secure
 * context), navigator.gpu gives no adapter.
 */
const WEBGPU_CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--enable-features=Vulkan',
  '--disable-quic',
  '--no-first-run',
];

const TOLERANCE = 1e-3;
const NEAR_ZERO_SHARE = 1e-3;
const SHAPES: FusedProblemShape[] = [
  { genes: 11, batch: 3, hidden: [9, 5], regularizer: 'pathreg', solver: 'rk4', seed: 1 },
  { genes: 21, batch: 5, hidden: [17, 16, 3], activation: 'all', regularizer: 'pathreg', solver: 'rk4', bins: 5, seed: 9 },
  { genes: 13, batch: 2, hidden: [1, 7], activation: 'all', regularizer: 'group-lasso', solver: 'rk4', substeps: 2, seed: 7 },
  // Wider than one workgroup (256 threads).
  { genes: 300, batch: 2, hidden: [260, 3], regularizer: 'l1', solver: 'rk4', bins: 2, seed: 12 },
];

let server: Server | null = null;
let browser: Browser | null = null;
let page: Page | null = null;
let adapter: { present: boolean; software: boolean; description: string; reason: string } | null = null;
let skipReason: string | null = chromiumUnavailableReason();
let bundleImports: string[] = [];

beforeAll(async () => {
  if (skipReason) return;
  const result = await build({
    entryPoints: [path.join(REPO_ROOT, 'e2e', 'webgpu-page', 'parity-page.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: ['chrome120'],
    metafile: true,
    // Dawn's Node binding is reached only through a dynamic import the engine takes when navigator.gpu is absent.
    external: ['webgpu'],
    logLevel: 'warning',
  });
  bundleImports = Object.values(result.metafile.outputs).flatMap((output) =>
    output.imports.filter((entry) => entry.external).map((entry) => `${entry.kind} ${entry.path}`),
  );
  const script = result.outputFiles[0].text;
  server = createServer((request, response) => {
    if (request.url === '/parity.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end(script);
    } else {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<!doctype html><html><body><script type="module" src="/parity.js"></script></body></html>');
    }
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: WEBGPU_CHROMIUM_FLAGS });
  page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`http://127.0.0.1:${port}/`);
  await page
    .waitForFunction(() => document.body.dataset.ready === 'true', undefined, { timeout: 30_000 })
    .catch(() => {
      throw new Error(`The WebGPU page did not start: ${errors.join('; ') || 'no error reported'}`);
    });
  const hasGpu = await page.evaluate(() => Boolean((navigator as Navigator & { gpu?: unknown }).gpu));
  if (!hasGpu) {
    skipReason = `chromium at ${CHROMIUM_PATH} exposes no navigator.gpu with ${WEBGPU_CHROMIUM_FLAGS.join(' ')}`;
    return;
  }
  adapter = await page.evaluate(() =>
    (globalThis as unknown as { pathregWebGpu: { describe(): Promise<typeof adapter> } }).pathregWebGpu.describe(),
  );
  if (!adapter?.present) skipReason = `chromium's navigator.gpu offers no adapter: ${adapter?.reason ?? 'unknown'}`;
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

function relative(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

describe('the webgpu engine in a Chromium page (navigator.gpu)', () => {
  it('bundles for the browser with no Node module but the lazily imported Dawn binding', ({ skip }) => {
    if (skipReason) skip(skipReason);
    expect(bundleImports).toEqual(['dynamic-import webgpu']);
  });

  for (const shape of SHAPES) {
    it(`loss and gradient within 1e-3 of TF.js in Node: ${shape.genes} genes, batch ${shape.batch}, hidden [${shape.hidden.join(',')}], ${shape.regularizer}`, async ({
      skip,
    }) => {
      if (skipReason) skip(skipReason);
      const mine = await page!.evaluate(
        (s) =>
          (
            globalThis as unknown as { pathregWebGpu: { lossAndGradient(shape: FusedProblemShape): Promise<PageParityResult> } }
          ).pathregWebGpu.lossAndGradient(s),
        shape,
      );
      const { problem, params, gateNoise } = fusedProblem(shape);
      const reference = await tfjsEngineFactory.create(problem);
      try {
        const theirs = await reference.lossAndGradient(params, gateNoise);
        expect(mine.gradient).toHaveLength(theirs.gradient.length);
        expect(relative(mine.terms.data, theirs.terms.data)).toBeLessThan(TOLERANCE);
        expect(relative(mine.terms.total, theirs.terms.total)).toBeLessThan(TOLERANCE);
        if (theirs.terms.penalty !== 0) expect(relative(mine.terms.penalty, theirs.terms.penalty)).toBeLessThan(TOLERANCE);
        let largest = 0;
        for (const g of theirs.gradient) largest = Math.max(largest, Math.abs(g));
        expect(largest).toBeGreaterThan(0);
        const worst = worstRelative(mine.gradient, theirs.gradient, NEAR_ZERO_SHARE * largest);
        console.info(
          `renderer WebGPU (${adapter!.description}, software: ${adapter!.software}), ${shape.genes} genes: data term ${relative(mine.terms.data, theirs.terms.data).toExponential(1)}, worst gradient component ${worst.error.toExponential(1)} relative`,
        );
        expect(worst.error, `gradient component ${worst.at}: ${mine.gradient[worst.at]} vs ${theirs.gradient[worst.at]}`).toBeLessThan(
          TOLERANCE,
        );
      } finally {
        reference.dispose();
      }
    });
  }
});
