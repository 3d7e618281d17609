/**
 * Once per e2e run (vitest globalSetup): one Debian chromium and one `pathreg serve` that the specs not needing
 * their own share. Each spec still opens its own browser context (its own storage, token and pages) and its own
 * scratch folder; specs that need different flags, another environment or a server they can stop keep starting
 * their own (e2e/serve-process.ts). Starting a server costs 3.5-4.5 s and a chromium 1.1-1.6 s on a loaded
 * 2-core machine (docs/benchmarks.md "CI time"), paid here once instead of once per spec file.
 */
import { chromium, type BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, chromiumUnavailableReason } from './chromium.ts';
import { startServe, type ServeProcess } from './serve-process.ts';
import type { SharedServeInfo } from './shared-app.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Without chromium the browser specs skip (or fail in CI) and say why themselves: start nothing here.
  if (chromiumUnavailableReason() !== null) {
    project.provide('chromiumEndpoint', null);
    project.provide('sharedServe', null);
    return async () => {};
  }
  let browserServer: BrowserServer | undefined;
  let serve: ServeProcess | undefined;
  try {
    [browserServer, serve] = await Promise.all([
      chromium.launchServer({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS }),
      startServe(180_000),
    ]);
  } catch (error) {
    await browserServer?.close();
    await serve?.stop();
    throw error;
  }
  const info: SharedServeInfo = { url: serve.url, origin: serve.origin, token: serve.token, sessionDir: serve.sessionDir };
  project.provide('chromiumEndpoint', browserServer.wsEndpoint());
  project.provide('sharedServe', info);
  return async () => {
    await browserServer?.close();
    await serve?.stop();
  };
}
