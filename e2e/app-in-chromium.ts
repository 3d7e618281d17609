/**
 * The app opened in a fresh Debian chromium, the way every browser-shell e2e test starts: one page on the address
 * with its token, the page's uncaught errors collected (each test ends by expecting none), and AppActions over it.
 */
import type { Page } from 'playwright-core';
import { AppActions } from './app-actions.ts';
import { chromiumUnavailableReason, launchChromium, type LaunchedBrowser } from './chromium.ts';
import { observeLongTasks } from './long-tasks.ts';

export interface AppInChromium {
  browser: LaunchedBrowser;
  page: Page;
  app: AppActions;
  /** Filled as the page throws; a test that ends with `expect(pageErrors).toEqual([])` sees every one. */
  pageErrors: string[];
}

export interface OpenAppOptions {
  /** Install the long-task observer before the page loads (it only sees tasks of pages opened after it). */
  observeLongTasks?: boolean;
}

export async function openAppInChromium(url: string, options: OpenAppOptions = {}): Promise<AppInChromium> {
  return openAppInBrowser(await launchChromium(), url, options);
}

/** The app in a page of this browser (its own or a context of the run's shared one, e2e/shared-app.ts). */
export async function openAppInBrowser(browser: LaunchedBrowser, url: string, options: OpenAppOptions = {}): Promise<AppInChromium> {
  if (options.observeLongTasks) await observeLongTasks(browser.context);
  const page = await browser.context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const app = new AppActions(page);
  await app.openApp(url);
  return { browser, page, app, pageErrors };
}

/**
 * Why the browser tests named by `what` cannot run here (they skip with a warning), or null. CI installs chromium
 * (.ci/run): there a missing browser is a broken setup, not a reason to skip, so this throws instead.
 */
export function chromiumSkipReason(what: string): string | null {
  const unavailable = chromiumUnavailableReason();
  if (unavailable && process.env.CI) throw new Error(`The browser end-to-end tests cannot run in CI: ${unavailable}`);
  if (unavailable) console.warn(`Skipping ${what}: ${unavailable}`);
  return unavailable;
}
