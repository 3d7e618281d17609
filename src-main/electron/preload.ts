/**
 * Preload of the app window (sandboxed): exposes `window.pathreg`, one verb per contract channel plus the event
 * subscription, built from the contract's channel list. The page never sees ipcRenderer itself.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNEL_NAMES, EVENT_CHANNEL } from '../../src-shared/contract/channel-names.ts';
import type { PathregApi, PathregBridge } from '../../src-shared/contract/channels.ts';
import type { ServerEvent } from '../../src-shared/contract/events.ts';

const api = Object.fromEntries(
  CHANNEL_NAMES.map((channel) => [channel, (request: unknown) => ipcRenderer.invoke(channel, request)]),
) as unknown as PathregApi;

const bridge: PathregBridge = {
  api,
  onEvent(listener) {
    const wrapped = (_event: IpcRendererEvent, payload: ServerEvent) => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('pathreg', bridge);
