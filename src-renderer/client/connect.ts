/**
 * Picks the transport: the Electron preload's `window.pathreg` when present, else HTTP + WebSocket to the page's own
 * origin with the token from the address. The token is then removed from the visible address so it does not end up
 * in screenshots or bookmarks (the server's cookie carries it across reloads).
 */
import type { PathregBridge } from '../../src-shared/contract/channels.ts';
import { createHttpBridge, tokenFromLocation } from './http-bridge.ts';

declare global {
  interface Window {
    pathreg?: PathregBridge;
  }
}

export interface Connection {
  bridge: PathregBridge;
  transport: 'electron' | 'http';
}

export function connect(onConnectionChange?: (connected: boolean) => void): Connection {
  if (window.pathreg) return { bridge: window.pathreg, transport: 'electron' };
  const { token, cleanHref } = tokenFromLocation(window.location.href);
  if (token && cleanHref !== window.location.href) window.history.replaceState(null, '', cleanHref);
  const bridge = createHttpBridge({
    origin: window.location.origin,
    token,
    fetch: window.fetch.bind(window),
    WebSocket: window.WebSocket,
    onConnectionChange,
  });
  return { bridge, transport: 'http' };
}
