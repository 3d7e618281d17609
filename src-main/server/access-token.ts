/**
 * The browser shell's only credential: a random token printed in the URL. Anyone else on the machine can reach
 * 127.0.0.1, so every request must carry it (query, header or the cookie set when the page first loads).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'pathreg_token';
export const TOKEN_HEADER = 'x-pathreg-token';

export function createAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The token a request carries, from the `token` query parameter, the header, a bearer header or the cookie. */
export function requestToken(request: IncomingMessage, url: URL): string | null {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return fromQuery;
  const header = request.headers[TOKEN_HEADER];
  if (typeof header === 'string' && header) return header;
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) return authorization.slice(7);
  const cookies = request.headers.cookie ?? '';
  for (const part of cookies.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === TOKEN_COOKIE) return rest.join('=');
  }
  return null;
}

/** Constant-time comparison, so the token cannot be guessed character by character from response times. */
export function tokenMatches(expected: string, given: string | null): boolean {
  if (given === null) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
