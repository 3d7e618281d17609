/**
 * Debian's chromium driven by playwright-core (never `playwright install`: no browser download here), with the
 * flags from /work/shared/docs/environment.md and a fresh profile per launch.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.PATHREG_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Null when chromium can be used, else why not (the e2e tests skip with this reason). */
export function chromiumUnavailableReason(): string | null {
  return existsSync(CHROMIUM_PATH) ? null : `no chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set PATHREG_CHROMIUM)`;
}

/** Every e2e page starts at this size (specs that photograph other sizes set them). */
export const CHROMIUM_VIEWPORT = { width: 1400, height: 900 };

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<LaunchedBrowser> {
  const profile = await mkdtemp(path.join(tmpdir(), 'pathreg-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: CHROMIUM_VIEWPORT,
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
