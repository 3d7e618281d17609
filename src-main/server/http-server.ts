/**
 * The browser shell: the contract over HTTP (POST /api/<channel>, JSON in, Result JSON out) and server events over
 * a WebSocket (/events), on 127.0.0.1 only, behind a random token. It serves the built renderer from the same origin.
 *
 * The token is never a cookie (cookies ignore ports: every other server on 127.0.0.1 would receive it). The page
 * keeps it in sessionStorage and sends it in a header (API) or as a WebSocket subprotocol (events); the built
 * renderer itself is public, so a reload without the token in the address still loads the app.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { isChannel, maxRequestBytes } from '../../src-shared/contract/channels.ts';
import type { ServerEvent } from '../../src-shared/contract/events.ts';
import { fail, type Result } from '../../src-shared/contract/result.ts';
import { checkRequestSize } from '../../src-shared/contract/validate.ts';
import { dispatch, type Handlers } from '../session/handlers.ts';
import { withFileAccessPolicy, type FileAccessPolicy } from '../session/file-access-policy.ts';
import {
  createAccessToken,
  EVENTS_PROTOCOL,
  requestToken,
  sameOriginFetch,
  socketToken,
  TOKEN_PROTOCOL_PREFIX,
  tokenMatches,
} from './access-token.ts';
import { sendStaticFile } from './static-files.ts';
import { contentSecurityPolicy } from '../../src-shared/content-security-policy.ts';

export interface BrowserShellOptions {
  handlers: Handlers;
  /** Which paths the page may name (required: the server must never forward a path unchecked). */
  fileAccess: FileAccessPolicy;
  /** Registers a listener for server events; returns the unsubscribe function. */
  subscribe: (listener: (event: ServerEvent) => void) => () => void;
  /** Folder of the built renderer (index.html and its bundle). */
  staticDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Loopback only unless the user asks otherwise. */
  host?: string;
  /** Fixed token (tests); a random one otherwise. */
  token?: string;
}

export interface BrowserShell {
  /** The URL to open, token included. */
  url: string;
  origin: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

/** Messages from the page over the WebSocket are only keep-alives; anything bigger is refused by ws. */
const MAX_SOCKET_MESSAGE_BYTES = 1024;

export async function startBrowserShell(options: BrowserShellOptions): Promise<BrowserShell> {
  const host = options.host ?? '127.0.0.1';
  const handlers = withFileAccessPolicy(options.handlers, options.fileAccess);
  const token = options.token ?? createAccessToken();
  const sockets = new Set<WebSocket>();
  const server = createServer();
  const sockServer = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_SOCKET_MESSAGE_BYTES,
    // Select the plain protocol, never echo the token one back (browsers require one of the offered to be chosen).
    handleProtocols: (protocols) => (protocols.has(EVENTS_PROTOCOL) ? EVENTS_PROTOCOL : false),
  });
  let origin = '';

  const securityHeaders = (): Record<string, string> => ({
    // No network origin but our own: the page may talk only to this server.
    'content-security-policy': contentSecurityPolicy({ connectSources: [origin.replace(/^http/, 'ws')] }),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  });

  /** DNS rebinding defence: a page on another site that resolves to 127.0.0.1 still sends its own Host. */
  const hostAllowed = (request: IncomingMessage): boolean => {
    const hostHeader = request.headers.host ?? '';
    const port = (server.address() as AddressInfo).port;
    return hostHeader === `${host}:${port}` || hostHeader === `localhost:${port}` || hostHeader === `127.0.0.1:${port}`;
  };
  const originAllowed = (request: IncomingMessage): boolean => {
    const requestOrigin = request.headers.origin;
    if (requestOrigin === undefined) return true;
    const port = (server.address() as AddressInfo).port;
    return requestOrigin === origin || requestOrigin === `http://localhost:${port}`;
  };

  const sendJson = (response: ServerResponse, status: number, body: Result<unknown>): void => {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      ...securityHeaders(),
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'content-length': String(Buffer.byteLength(text)),
    });
    response.end(text);
  };
  const refuseToken = (response: ServerResponse): void => {
    const message =
      'This PathReg Studio server needs the access token from the address it printed when it started ' +
      '(…/?token=…). Open that exact address in this tab, or restart with `npm run web` to get a new one.';
    sendJson(response, 401, fail('unauthorized', message));
  };

  server.on('request', (request, response) => {
    void handleRequest(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        sendJson(response, 500, fail('internal', `The server failed: ${error instanceof Error ? error.message : String(error)}`));
      else response.destroy();
    });
  });

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', origin);
    const isApi = url.pathname.startsWith('/api/');
    if (!hostAllowed(request) || !originAllowed(request)) {
      sendJson(response, 403, fail('forbidden', 'Requests from other sites or host names are refused by the PathReg Studio server.'));
      return;
    }
    if (isApi) {
      // Forged cross-site requests (CSRF) are refused before the token or the body is even looked at.
      if (!sameOriginFetch(request)) {
        sendJson(response, 403, fail('forbidden', 'Requests from other pages are refused by the PathReg Studio server.'));
        return;
      }
      if (!tokenMatches(token, requestToken(request))) {
        refuseToken(response);
        return;
      }
      await handleApi(request, response, url.pathname.slice('/api/'.length));
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendJson(response, 405, fail('invalid-request', `${request.method} is not allowed here; the API takes POST /api/<channel>.`));
      return;
    }
    // The built interface holds no secret, so it is served without the token; everything it can do goes through the API.
    const headers = securityHeaders();
    if (!existsSync(path.join(options.staticDir, 'index.html'))) {
      response.writeHead(503, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
      response.end(
        `The app's interface is not built yet (no ${path.join(options.staticDir, 'index.html')}). Run \`npm run build:renderer\`, then reload.\n`,
      );
      return;
    }
    if (!(await sendStaticFile(options.staticDir, url.pathname, response, headers))) {
      response.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
      response.end(`No file ${url.pathname} in the app.\n`);
    }
  }

  async function handleApi(request: IncomingMessage, response: ServerResponse, channel: string): Promise<void> {
    if (request.method !== 'POST') {
      sendJson(response, 405, fail('invalid-request', `Use POST for /api/${channel}.`));
      return;
    }
    if (!isChannel(channel)) {
      sendJson(response, 404, fail('unknown-channel', `There is no channel named ${JSON.stringify(channel.slice(0, 80))}.`));
      return;
    }
    // Refuse by the declared length before reading, and stop reading as soon as the limit is passed.
    const declared = Number(request.headers['content-length'] ?? '0');
    const limit = maxRequestBytes(channel);
    if (declared > limit) {
      const result = checkRequestSize(channel, declared);
      response.setHeader('connection', 'close');
      sendJson(response, 413, result);
      request.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    for await (const chunk of request) {
      received += (chunk as Buffer).length;
      if (received > limit) {
        response.setHeader('connection', 'close');
        sendJson(response, 413, checkRequestSize(channel, received));
        request.destroy();
        return;
      }
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    let payload: unknown;
    try {
      payload = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      sendJson(response, 400, fail('invalid-request', `The request to "${channel}" is not valid JSON.`));
      return;
    }
    const result = await dispatch(handlers, channel, payload, received);
    const status = result.ok ? 200 : result.error.code === 'invalid-request' ? 400 : result.error.code === 'too-large' ? 413 : 200;
    sendJson(response, status, result);
  }

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', origin);
    const refuse = (status: string, message: string) => {
      socket.end(`HTTP/1.1 ${status}\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${message}\n`);
    };
    if (url.pathname !== '/events') return refuse('404 Not Found', 'Only /events accepts WebSocket connections.');
    if (!hostAllowed(request) || !originAllowed(request)) return refuse('403 Forbidden', 'Connections from other sites are refused.');
    if (!tokenMatches(token, socketToken(request)))
      return refuse(
        '401 Unauthorized',
        `The access token is missing or wrong (offer it as the subprotocol ${TOKEN_PROTOCOL_PREFIX}<token>).`,
      );
    sockServer.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
      ws.send(JSON.stringify({ type: 'session:changed' } satisfies ServerEvent));
    });
  });

  const unsubscribe = options.subscribe((event) => {
    const text = JSON.stringify(event);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new Error(
            `Port ${options.port} on ${host} is already used by another program: choose another with --port, or leave --port out to take a free one.`,
          ),
        );
      } else reject(error);
    });
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${host}:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    server,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      sockServer.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
