/**
 * Picks the transport: the Electron preload's `window.pathreg` when present, else HTTP + WebSocket to the page's own
 * origin with the token from the address. The token moves into this tab's sessionStorage (per origin, port included,
 * so no other local server's page can read it) and is removed from the visible address so it does not end up in
 * screenshots, bookmarks or the history; a reload finds it in sessionStorage.
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
  /** Browser shell opened without its token (neither in the address nor kept by this tab): nothing will work. */
  missingToken: boolean;
}

/** Where the page keeps the token between reloads of the same tab. */
export const TOKEN_STORAGE_KEY = 'pathreg-token';

/** Minimal storage shape (sessionStorage), so the choice below is tested without a browser. */
export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The token of this tab: the one in the address (a fresh server) wins over the stored one, which it replaces. */
export function keepToken(href: string, storage: TokenStorage | null): { token: string | null; cleanHref: string } {
  const { token, cleanHref } = tokenFromLocation(href);
  if (token) {
    try {
      storage?.setItem(TOKEN_STORAGE_KEY, token);
    } catch {
      // Storage may be disabled: the token still works for this page load.
    }
    return { token, cleanHref };
  }
  return { token: storedToken(storage), cleanHref };
}

function storedToken(storage: TokenStorage | null): string | null {
  try {
    return storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

/** This tab's sessionStorage, or null where the browser forbids it (it throws on access then). */
function tabStorage(): TokenStorage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function connect(onConnectionChange?: (connected: boolean) => void): Connection {
  if (window.pathreg) return { bridge: window.pathreg, transport: 'electron', missingToken: false };
  const { token, cleanHref } = keepToken(window.location.href, tabStorage());
  if (cleanHref !== window.location.href) window.history.replaceState(null, '', cleanHref);
  const bridge = createHttpBridge({
    origin: window.location.origin,
    token,
    fetch: window.fetch.bind(window),
    WebSocket: window.WebSocket,
    onConnectionChange,
  });
  return { bridge, transport: 'http', missingToken: token === null };
}
