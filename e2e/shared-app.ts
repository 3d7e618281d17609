/**
 * The chromium and `pathreg serve` started once per e2e run (e2e/global-setup.ts), as a spec uses them: a fresh
 * browser context per spec (its own storage and pages) and a fresh scratch folder inside the shared session. Without
 * the global setup (a spec run under another config) each falls back to its own browser or server, as before.
 *
 * A spec may share the server only if nothing it checks depends on the session being new: the run list, the session's
 * `runs` folder, or which run is selected once it starts training. On a session that already has runs, the run shown
 * after training was an earlier spec's once (e2e/perturbation.e2e.ts knocked a gene out of a 529-gene run, not its
 * own 7-gene one; most likely the page's first load of the session state, answered after the start, selecting the
 * session's last earlier run). So only specs that pick their run by name or by sweep share it (tf-panel-rule trains
 * nothing; edge-table-compare, sweep-view); every spec that trains and then reads "the selected run" keeps
 * `startServe()`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { inject } from 'vitest';
import { openAppInBrowser, type AppInChromium, type OpenAppOptions } from './app-in-chromium.ts';
import { CHROMIUM_VIEWPORT, launchChromium, type LaunchedBrowser } from './chromium.ts';
import { startServe } from './serve-process.ts';

/** What the global setup passes on about the shared server (plain data: it crosses to the test workers). */
export interface SharedServeInfo {
  url: string;
  origin: string;
  token: string;
  sessionDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    chromiumEndpoint: string | null;
    sharedServe: SharedServeInfo | null;
  }
}

/** The server a spec talks to; `scratchDir` is the spec's own folder, readable and writable by the server. */
export interface SpecServe {
  url: string;
  origin: string;
  token: string;
  scratchDir: string;
  /** Removes the scratch folder; stops the server only where the spec had to start its own. */
  stop(): Promise<void>;
}

function provided<K extends 'chromiumEndpoint' | 'sharedServe'>(key: K) {
  // inject() throws outside a vitest worker and returns undefined where no global setup provided the key.
  try {
    return inject(key) ?? null;
  } catch {
    return null;
  }
}

/** A new context in the run's chromium (or a chromium of its own where there is none). */
export async function connectSharedChromium(): Promise<LaunchedBrowser> {
  const endpoint = provided('chromiumEndpoint');
  if (!endpoint) return launchChromium();
  const browser = await chromium.connect(endpoint);
  const context = await browser.newContext({ viewport: CHROMIUM_VIEWPORT });
  return {
    context,
    async close() {
      await context.close();
      // Disconnects this worker; the browser itself stays up for the next spec and closes in the global teardown.
      await browser.close();
    },
  };
}

/** The app in a new context of the run's chromium, as openAppInChromium does in a chromium of its own. */
export async function openAppInSharedChromium(url: string, options: OpenAppOptions = {}): Promise<AppInChromium> {
  return openAppInBrowser(await connectSharedChromium(), url, options);
}

/** The run's shared `pathreg serve` with a scratch folder of this spec's own (or a server of its own). */
export async function useSharedServe(): Promise<SpecServe> {
  const shared = provided('sharedServe');
  if (!shared) {
    const own = await startServe();
    return { url: own.url, origin: own.origin, token: own.token, scratchDir: own.sessionDir, stop: () => own.stop() };
  }
  const scratchDir = await mkdtemp(path.join(shared.sessionDir, 'spec-'));
  return {
    url: shared.url,
    origin: shared.origin,
    token: shared.token,
    scratchDir,
    async stop() {
      await rm(scratchDir, { recursive: true, force: true });
    },
  };
}
