/**
 * The contract's second transport, as the page sees it: POST /api/<channel> with JSON, Result JSON back, and server
 * events over a WebSocket at /events. The token comes from the page's address (…/?token=…) and travels only in a
 * request header and as a WebSocket subprotocol, never as a cookie: cookies ignore ports, so any other server on
 * 127.0.0.1 would receive one.
 */
import {
  CHANNELS,
  type Channel,
  type PathregApi,
  type PathregBridge,
  type RequestOf,
  type ResponseOf,
} from '../../src-shared/contract/channels.ts';
import type { ServerEvent } from '../../src-shared/contract/events.ts';
import { fail, type Result } from '../../src-shared/contract/result.ts';

export const TOKEN_HEADER = 'x-pathreg-token';
/** The WebSocket subprotocols the server knows: the one it selects, and the prefix that carries the token. */
export const EVENTS_PROTOCOL = 'pathreg.v1';
export const TOKEN_PROTOCOL_PREFIX = 'pathreg.token.';

export interface HttpBridgeOptions {
  /** Page origin, e.g. "http://127.0.0.1:5123". */
  origin: string;
  token: string | null;
  fetch: typeof fetch;
  /** WebSocket constructor (injected so tests can use the `ws` package). */
  WebSocket: new (url: string, protocols?: string[]) => WebSocket;
  /** Delay before reconnecting a dropped event socket, in ms (doubles up to 10 s). */
  reconnectDelayMs?: number;
  /** Called when the event connection opens or drops, so the app can show "reconnecting…". */
  onConnectionChange?: (connected: boolean) => void;
}

/** Reads the token from a page address and the address without it (to replace the visible URL). */
export function tokenFromLocation(href: string): { token: string | null; cleanHref: string } {
  const url = new URL(href);
  const token = url.searchParams.get('token');
  url.searchParams.delete('token');
  return { token, cleanHref: url.toString() };
}

/** Turns a transport failure into the same error value a handler would return. */
function transportError<T>(channel: Channel, error: unknown): Result<T> {
  const reason = error instanceof Error ? error.message : String(error);
  return fail(
    'unavailable',
    `Could not reach the PathReg Studio server for "${channel}" (${reason}). Is \`npm run web\` still running? Restart it and open the address it prints.`,
  );
}

/** Builds the typed API and event stream over HTTP + WebSocket. */
export function createHttpBridge(options: HttpBridgeOptions): PathregBridge {
  const call = async <C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.token) headers[TOKEN_HEADER] = options.token;
    let response: Response;
    try {
      response = await options.fetch(`${options.origin}/api/${channel}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(request ?? {}),
        // Nothing ambient: the header above is the only credential.
        credentials: 'omit',
      });
    } catch (error) {
      return transportError(channel, error);
    }
    const text = await response.text();
    try {
      const body = JSON.parse(text) as Result<ResponseOf<C>>;
      if (body && typeof body === 'object' && 'ok' in body) return body;
    } catch {
      // Fall through: the server answered something that is not a Result (a proxy page, a crash).
    }
    return fail('internal', `The server answered "${channel}" with HTTP ${response.status} and no readable result: ${text.slice(0, 200)}`);
  };
  const api = Object.fromEntries(
    CHANNELS.map((channel) => [channel, (request: RequestOf<typeof channel>) => call(channel, request)]),
  ) as PathregApi;

  const listeners = new Set<(event: ServerEvent) => void>();
  let socket: WebSocket | null = null;
  let delay = options.reconnectDelayMs ?? 500;
  let closed = false;
  const connect = () => {
    if (closed) return;
    const url = new URL('/events', options.origin.replace(/^http/, 'ws'));
    const protocols = options.token ? [EVENTS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${options.token}`] : [EVENTS_PROTOCOL];
    const ws = new options.WebSocket(url.toString(), protocols);
    socket = ws;
    ws.onopen = () => {
      delay = options.reconnectDelayMs ?? 500;
      options.onConnectionChange?.(true);
    };
    ws.onmessage = (message: MessageEvent) => {
      let event: ServerEvent;
      try {
        event = JSON.parse(String(message.data)) as ServerEvent;
      } catch {
        return;
      }
      for (const listener of listeners) listener(event);
    };
    ws.onclose = () => {
      if (socket === ws) socket = null;
      options.onConnectionChange?.(false);
      if (!closed && listeners.size > 0) {
        setTimeout(connect, delay);
        delay = Math.min(10_000, delay * 2);
      }
    };
  };
  return {
    api,
    onEvent(listener) {
      listeners.add(listener);
      if (!socket) connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && socket) {
          closed = true;
          socket.close();
          socket = null;
          closed = false;
        }
      };
    },
  };
}
