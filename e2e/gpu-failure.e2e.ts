// A GPU lost during a run, seen in the browser shell: the training view shows the message with the kept checkpoint
// and a "Continue on CPU" button, and the button finishes the run on a CPU engine through the HTTP transport. The
// server is the real one (startBrowserShell, createAppSession) in this process; its training worker is the real
// pipeline with one double, a webgpu engine that loses its device at trainStep call 15
// (test/src-main/jobs/fixtures/gpu-failing-worker.ts).
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserShell, type BrowserShell } from '../src-main/server/http-server.ts';
import type { AppSession } from '../src-main/session/app-session.ts';
import { folderPolicy } from '../src-main/session/file-access-policy.ts';
import { createAppSession } from '../src-main/session/create-session.ts';
import { TEST_IDS } from '../src-renderer/test-ids.ts';
import type { AppActions } from './app-actions.ts';
import { chromiumUnavailableReason, type LaunchedBrowser } from './chromium.ts';
import { REPO_ROOT } from './serve-process.ts';
import { openAppInSharedChromium } from './shared-app.ts';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
// The model view offers the webgpu engine only where an adapter exists; SwiftShader's is one on a machine without a
// GPU. The Vulkan loader reads this when the first adapter is requested (engines:list, in this process).
if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;

const STATIC_DIR = path.join(REPO_ROOT, 'dist', 'renderer');
const unavailable =
  chromiumUnavailableReason() ??
  (existsSync(path.join(STATIC_DIR, 'index.html')) ? null : `no built renderer in ${STATIC_DIR} (npm run build:renderer)`);

describe.skipIf(unavailable !== null)('a GPU failure in the app', () => {
  let sessionDir: string;
  let session: AppSession;
  let shell: BrowserShell;
  let browser: LaunchedBrowser;
  let app: AppActions;
  let pageErrors: string[];

  beforeAll(async () => {
    sessionDir = await mkdtemp(path.join(tmpdir(), 'pathreg-e2e-gpu-failure-'));
    session = await createAppSession({
      transport: 'http',
      sessionDir,
      workers: {
        training: new URL('../test/src-main/jobs/fixtures/gpu-failing-worker.ts', import.meta.url),
        dataset: new URL('../src-main/jobs/dataset-worker.ts', import.meta.url),
      },
    });
    shell = await startBrowserShell({
      handlers: session.handlers,
      subscribe: (listener) => session.subscribe(listener),
      staticDir: STATIC_DIR,
      fileAccess: await folderPolicy({ roots: [sessionDir], readOnly: [path.join(REPO_ROOT, 'resources')] }),
    });
    ({ browser, app, pageErrors } = await openAppInSharedChromium(shell.url));
  });

  afterAll(async () => {
    await browser?.close();
    await shell?.close();
    await session?.dispose();
    if (sessionDir) await rm(sessionDir, { recursive: true, force: true });
  });

  it('shows the failure with the kept checkpoint, and Continue on CPU trains the run to the end', async ({ skip }) => {
    const engines = await session.handlers['engines:list']({});
    const webgpu = engines.find((e) => e.name === 'webgpu');
    if (!webgpu?.available) skip(`the model view offers no webgpu engine here: ${webgpu?.reason ?? 'not in this build'}`);

    await app.openExample('hematopoiesis');
    const dataset = (await session.handlers['session:state']({})).datasets[0];
    // Known regulators first, so the app's default TF list matches some of the genes.
    const genes = ['GATA1', 'SPI1', 'KLF1', 'CEBPA', 'GATA2', 'FLI1', 'TAL1', 'MPO', 'ELANE', 'CD19']
      .filter((gene) => dataset.geneNames.includes(gene))
      .slice(0, 6);
    expect(genes.length).toBeGreaterThanOrEqual(3);
    await app.chooseGenes(genes);
    // Before starting, the model view says what auto takes and that the GPU is weighed when the run starts.
    await app.setModel({ engine: 'auto' });
    await expect(app.byId(TEST_IDS.model.autoEngine).textContent()).resolves.toMatch(
      /^auto will train on (native|wasm), the fastest CPU engine available here: .*On a hardware GPU it takes webgpu instead when the problem is large enough to gain/,
    );
    await app.setModel({ hidden: '6', bins: 8, iterations: 30, engine: 'webgpu' });
    await app.startTraining('gpu run');
    await app.waitForState('failed', 60_000);

    const failure = app.byId(TEST_IDS.training.deviceFailure);
    await expect(failure.textContent()).resolves.toMatch(
      /The webgpu engine lost its GPU .*Training stopped after iteration 14; the checkpoint at iteration 0 is kept at ".*checkpoint\.bin"; iterations 1–14 were on the device only and are lost\./,
    );
    const button = app.byId(TEST_IDS.training.continueOnCpu);
    await expect(button.textContent()).resolves.toBe('Continue on CPU from iteration 0');
    await app.screenshot('gpu-failure-01-failed');

    await button.click();
    await app.waitForState('completed', 120_000);
    expect(await app.runLabel()).toBe('gpu run (continued on the CPU)');
    expect(await app.iteration()).toBe(30);
    // The run view says which engine runs and why.
    await expect(app.byId(TEST_IDS.training.engine).textContent()).resolves.toMatch(
      /^engine (native|wasm) \(cpu picked the fastest engine that does not use a GPU: .*GPU engines left out: the run asked for the CPU\)\)$/,
    );
    await app.screenshot('gpu-failure-02-continued');
    expect(pageErrors).toEqual([]);
  });
});
