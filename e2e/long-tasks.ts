/**
 * The browser's long-task observer, installed before the app loads: every main-thread task over 50 ms is recorded
 * with its start and duration, so a test can ask for the longest one during a time window (e.g. a training run).
 */
import type { BrowserContext, Page } from 'playwright-core';

declare global {
  interface Window {
    __pathregLongTasks?: Array<{ start: number; duration: number }>;
  }
}

export async function observeLongTasks(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    window.__pathregLongTasks = [];
    try {
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__pathregLongTasks?.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask', buffered: true });
    } catch {
      // A browser without the long-task API records nothing; tests then see an empty list.
    }
  });
}

/** Page clock now, to mark the start and end of a window. */
export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

export function longTasksBetween(page: Page, from: number, to: number): Promise<Array<{ start: number; duration: number }>> {
  return page.evaluate(([a, b]) => (window.__pathregLongTasks ?? []).filter((task) => task.start >= a && task.start <= b), [
    from,
    to,
  ] as const);
}

export async function longTaskSupported(page: Page): Promise<boolean> {
  return page.evaluate(() => PerformanceObserver.supportedEntryTypes.includes('longtask'));
}
