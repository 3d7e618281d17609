/**
 * The contract's Electron transport, main side: one ipcMain handler per contract channel, each going through the
 * guard (sender, size, schema), and server events pushed to the window. The only file that touches ipcMain.
 */
import { ipcMain, type WebContents } from 'electron';
import { CHANNELS, EVENT_CHANNEL } from '../../src-shared/contract/channels.ts';
import type { ServerEvent } from '../../src-shared/contract/events.ts';
import type { Handlers } from '../session/handlers.ts';
import { guardedInvoke } from './ipc-guard.ts';
import { isAppUrl } from './security.ts';

export function registerIpcTransport(handlers: Handlers, trustedContents: () => WebContents[]): () => void {
  const options = { handlers, isAppUrl, trustedContents: () => trustedContents().map((contents) => contents.id) };
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, payload: unknown) =>
      guardedInvoke(options, { frameUrl: event.senderFrame?.url ?? null, webContentsId: event.sender.id }, channel, payload),
    );
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}

/** Sends a server event to every window of the app that is still open. */
export function sendEvent(windows: WebContents[], event: ServerEvent): void {
  for (const contents of windows) if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, event);
}
