/**
 * What to do when the window's renderer process dies. A crash or kill is reloaded (the session and its runs live
 * in main, so nothing is lost), but a page that dies again on every load (a GPU driver that always crashes, memory
 * exhausted at start) must not be reloaded forever: after a few deaths in a short time the window stops and says so.
 * No `electron` import, so it is unit-tested without an Electron binary.
 */

export interface RendererRecoveryOptions {
  /** Reloads allowed within `windowMs` before giving up. */
  maxReloads?: number;
  windowMs?: number;
  now?: () => number;
}

export type RecoveryAction = { action: 'none' } | { action: 'reload' } | { action: 'give-up'; message: string };

export function createRendererRecovery(options: RendererRecoveryOptions = {}): (reason: string) => RecoveryAction {
  const maxReloads = options.maxReloads ?? 3;
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  let deaths: number[] = [];
  return (reason) => {
    // A clean exit is the window closing, not a crash.
    if (reason === 'clean-exit') return { action: 'none' };
    const at = now();
    deaths = [...deaths.filter((time) => at - time < windowMs), at];
    if (deaths.length <= maxReloads) return { action: 'reload' };
    return {
      action: 'give-up',
      message:
        `The PathReg Studio window stopped ${deaths.length} times within ${Math.round(windowMs / 1000)} s (last reason: ${reason}), ` +
        'so it is not reloaded again. Your runs and checkpoints are kept in the session folder. Quit and restart the app; ' +
        'if it happens again, start it with the GPU disabled (--disable-gpu) and report the reason above.',
    };
  };
}
