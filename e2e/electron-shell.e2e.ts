// The same path through Playwright's Electron support, where an Electron binary exists. Here (npm without install
// scripts) the binary never downloads, so this skips and says why.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { _electron as electron } from 'playwright-core';
import { AppActions } from './app-actions.ts';
import { REPO_ROOT } from './serve-process.ts';

function electronBinary(): { path: string | null; reason: string } {
  try {
    const binary = createRequire(import.meta.url)('electron') as unknown;
    if (typeof binary === 'string' && existsSync(binary)) return { path: binary, reason: '' };
    return { path: null, reason: `the electron package has no binary at ${String(binary)}` };
  } catch (error) {
    return {
      path: null,
      reason: `no Electron binary: ${(error as Error).message.split('\n')[0]} (npm here runs no install scripts, so electron's download never happened)`,
    };
  }
}

const binary = electronBinary();
const built =
  existsSync(path.join(REPO_ROOT, 'dist', 'electron', 'main.cjs')) && existsSync(path.join(REPO_ROOT, 'dist', 'renderer', 'index.html'));
const skipReason =
  binary.path === null ? binary.reason : !built ? 'the app is not built: run npm run build:electron and npm run build:renderer' : null;
if (skipReason) console.warn(`Skipping the Electron end-to-end test: ${skipReason}`);

describe.skipIf(skipReason !== null)('Electron shell end to end', () => {
  it('opens the example and trains in the desktop window', async () => {
    const app = await electron.launch({
      executablePath: binary.path ?? undefined,
      args: [path.join(REPO_ROOT, 'dist', 'electron', 'main.cjs')],
      cwd: REPO_ROOT,
    });
    try {
      const window = await app.firstWindow();
      const actions = new AppActions(window);
      await window.getByTestId('app:root').waitFor();
      await actions.openExample('hematopoiesis');
      await actions.setModel({ hidden: '8', bins: 8, iterations: 30, engine: 'auto' });
      await actions.startTraining('electron');
      await actions.waitForState('completed', 180_000);
      await actions.openTab('network');
      expect(await actions.edgeCount()).toBeGreaterThan(0);
      await actions.screenshot('electron-network');
    } finally {
      await app.close();
    }
  });
});
