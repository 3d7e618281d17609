/**
 * The browser shell's only credential: a random token printed in the URL. Anyone else on the machine can reach
 * 127.0.0.1, so every API request and event socket must carry it, and only in a form that another local server
 * cannot obtain: a request header (API) or a WebSocket subprotocol (events). Never a cookie: cookies ignore the
 * port, so a page served by any other program on 127.0.0.1 would receive it. Never the query string of API calls:
 * a cross-origin page could then make "simple" requests that need no CORS preflight.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_HEADER = 'x-pathreg-token';
/** The subprotocol the server selects; the page offers it together with the token protocol below. */
export const EVENTS_PROTOCOL = 'pathreg.v1';
/** Browsers cannot set headers on a WebSocket; the token travels as a second offered subprotocol instead. */
export const TOKEN_PROTOCOL_PREFIX = 'pathreg.token.';

export function createAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The token an API request carries: the header, or a bearer header. Both need a CORS preflight cross-origin. */
export function requestToken(request: IncomingMessage): string | null {
  const header = request.headers[TOKEN_HEADER];
  if (typeof header === 'string' && header) return header;
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) return authorization.slice(7);
  return null;
}

/** The token offered in a WebSocket upgrade's `Sec-WebSocket-Protocol` list, or null. */
export function socketToken(request: IncomingMessage): string | null {
  const offered = request.headers['sec-websocket-protocol'] ?? '';
  for (const protocol of offered.split(',')) {
    const trimmed = protocol.trim();
    if (trimmed.startsWith(TOKEN_PROTOCOL_PREFIX)) return trimmed.slice(TOKEN_PROTOCOL_PREFIX.length);
  }
  return null;
}

/**
 * False for a request a browser marks as sent by another site or origin (Fetch Metadata). The token already
 * stops forged requests; this refuses them before any body is read, and also covers browsers' navigations.
 */
export function sameOriginFetch(request: IncomingMessage): boolean {
  const site = request.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

/** Constant-time comparison, so the token cannot be guessed character by character from response times. */
export function tokenMatches(expected: string, given: string | null): boolean {
  if (given === null) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
