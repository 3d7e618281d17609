import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import WebSocket from 'ws';
import { startBrowserShell, type BrowserShell } from '../../../src-main/server/http-server.ts';
import { APP_ROOT, createAppSession } from '../../../src-main/session/create-session.ts';
import type { AppSession } from '../../../src-main/session/app-session.ts';
import { folderPolicy, type FileAccessPolicy } from '../../../src-main/session/file-access-policy.ts';
import type { Result } from '../../../src-shared/contract/result.ts';

let shell: BrowserShell;
let session: AppSession;
let staticDir: string;
let root: string;
let fileAccess: FileAccessPolicy;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pathreg-server-test-'));
  staticDir = path.join(root, 'renderer');
  await mkdir(staticDir);
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>PathReg Studio</title>');
  await writeFile(path.join(root, 'secret.txt'), 'outside the static folder');
  session = await createAppSession({ transport: 'http', sessionDir: path.join(root, 'session') });
  fileAccess = await folderPolicy({ roots: [root] });
  shell = await startBrowserShell({ handlers: session.handlers, subscribe: (l) => session.subscribe(l), staticDir, fileAccess });
});

afterAll(async () => {
  await shell.close();
  await session.dispose();
  await rm(root, { recursive: true, force: true });
});

async function api(channel: string, body: unknown, headers: Record<string, string> = { 'x-pathreg-token': shell.token }) {
  const response = await fetch(`${shell.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Result<unknown> };
}

describe('browser shell server', () => {
  it('listens on loopback only and prints a URL carrying the token', () => {
    expect(shell.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
    expect(shell.url).toContain(shell.token);
  });

  it('says which port is taken when asked for a busy one', async () => {
    await expect(
      startBrowserShell({ handlers: session.handlers, subscribe: (l) => session.subscribe(l), staticDir, fileAccess, port: shell.port }),
    ).rejects.toThrow(new RegExp(`Port ${shell.port} on 127\\.0\\.0\\.1 is already used by another program: choose another with --port`));
  });

  it('answers a valid request with the token', async () => {
    const { status, body } = await api('app:info', {});
    expect(status).toBe(200);
    expect(body.ok).toBe(true);
    if (body.ok) expect((body.value as { transport: string }).transport).toBe('http');
  });

  it('refuses API requests without the token with 401 and a message', async () => {
    const { status, body } = await api('app:info', {}, {});
    expect(status).toBe(401);
    expect(body.ok).toBe(false);
    if (!body.ok) {
      expect(body.error.code).toBe('unauthorized');
      expect(body.error.message).toMatch(/access token/);
    }
  });

  it('refuses a wrong token', async () => {
    const { status } = await api('app:info', {}, { 'x-pathreg-token': 'x'.repeat(shell.token.length) });
    expect(status).toBe(401);
  });

  it('serves the built interface without the token and never sets a cookie', async () => {
    for (const address of [`${shell.origin}/`, shell.url, `${shell.origin}/index.html`]) {
      const page = await fetch(address);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('PathReg Studio');
      expect(page.headers.get('set-cookie')).toBeNull();
      expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  // Cookies ignore ports: a page of any other server on 127.0.0.1 would receive a cookie set by this one and could
  // replay it. So neither a cookie nor the address's query string may stand in for the header.
  it('does not take the token from a cookie or the query string (the cross-port cookie case)', async () => {
    const other = createServer((_request, response) => response.end('another local program'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      const withCookie = await api('app:info', {}, { cookie: `pathreg_token=${shell.token}` });
      expect(withCookie.status).toBe(401);
      const fromOtherPort = await api('app:info', {}, { cookie: `pathreg_token=${shell.token}`, origin: otherOrigin });
      expect(fromOtherPort.status).toBe(403);
      const inQuery = await fetch(`${shell.origin}/api/app:info?token=${shell.token}`, { method: 'POST', body: '{}' });
      expect(inQuery.status).toBe(401);
      // The other server's pages are "same-site" to this one (same host, other port): Fetch Metadata marks them.
      const sameSite = await api('app:info', {}, { 'x-pathreg-token': shell.token, 'sec-fetch-site': 'same-site' });
      expect(sameSite.status).toBe(403);
      const crossSite = await api('app:info', {}, { 'x-pathreg-token': shell.token, 'sec-fetch-site': 'cross-site' });
      expect(crossSite.status).toBe(403);
      const sameOrigin = await api('app:info', {}, { 'x-pathreg-token': shell.token, 'sec-fetch-site': 'same-origin' });
      expect(sameOrigin.status).toBe(200);
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it('refuses a state-changing request forged from another page before writing anything', async () => {
    const target = path.join(root, 'forged.pathreg');
    // What a form or no-cors fetch on another page can send: no custom header, a text/plain body, its own origin.
    const forged = await fetch(`${shell.origin}/api/project:save`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'http://127.0.0.1:1', cookie: `pathreg_token=${shell.token}` },
      body: JSON.stringify({ path: target, viewState: {} }),
    });
    expect(forged.status).toBe(403);
    const noOrigin = await fetch(`${shell.origin}/api/project:save`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', cookie: `pathreg_token=${shell.token}` },
      body: JSON.stringify({ path: target, viewState: {} }),
    });
    expect(noOrigin.status).toBe(401);
    expect(existsSync(target)).toBe(false);
    expect(existsSync(`${path.join(root, 'forged')}-runs`)).toBe(false);
  });

  it('never serves files outside the renderer folder, links included', async () => {
    await symlink(path.join(root, 'secret.txt'), path.join(staticDir, 'linked.txt'));
    await symlink(root, path.join(staticDir, 'linked-folder'));
    for (const attempt of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/linked.txt', '/linked-folder/secret.txt']) {
      const status = await new Promise<number>((resolve) => {
        // fetch normalises "..", so send the raw path.
        const req = httpRequest(
          { host: '127.0.0.1', port: shell.port, path: attempt, headers: { 'x-pathreg-token': shell.token } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.end();
      });
      expect(status).toBe(404);
    }
  });

  it('refuses wrong types with a message naming the field', async () => {
    const { status, body } = await api('dataset:open', { path: 42 });
    expect(status).toBe(400);
    if (!body.ok) {
      expect(body.error.code).toBe('invalid-request');
      expect(body.error.message).toMatch(/path/);
    }
  });

  it('refuses extra fields', async () => {
    const { status, body } = await api('training:list', { everything: true });
    expect(status).toBe(400);
    if (!body.ok) expect(body.error.message).toMatch(/everything/);
  });

  it('refuses oversized payloads with 413 and says what to do', async () => {
    const { status, body } = await api('dataset:open', { path: 'x'.repeat(300 * 1024) });
    expect(status).toBe(413);
    if (!body.ok) {
      expect(body.error.code).toBe('too-large');
      expect(body.error.message).toMatch(/over its limit of 256\.0 KiB/);
    }
  });

  it('refuses text that is not JSON, unknown channels and GET on the API', async () => {
    expect((await api('app:info', '{not json')).status).toBe(400);
    const unknown = await api('shell:exec', {});
    expect(unknown.status).toBe(404);
    const get = await fetch(`${shell.origin}/api/app:info`, { headers: { 'x-pathreg-token': shell.token } });
    expect(get.status).toBe(405);
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: shell.port,
          path: '/api/app:info',
          method: 'POST',
          headers: { host: `evil.example:${shell.port}`, 'x-pathreg-token': shell.token },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.end('{}');
    });
    expect(status).toBe(403);
  });

  it('reports a user error as a value (missing file inside the allowed folder)', async () => {
    const missing = path.join(root, 'no-such-folder', 'data.h5ad');
    const { status, body } = await api('dataset:open', { path: missing });
    expect(status).toBe(200);
    expect(body.ok).toBe(false);
    if (!body.ok) {
      expect(body.error.code).toBe('not-found');
      expect(body.error.message).toContain(missing);
    }
  });

  it('refuses a path outside the allowed folders, the same way whether it exists or not', async () => {
    const answers = await Promise.all(['/no/such/folder/data.h5ad', '/etc/passwd'].map((file) => api('dataset:open', { path: file })));
    const messages = answers.map(({ body }) => (body.ok ? 'opened' : `${body.error.code}: ${body.error.message}`));
    expect(messages[0]).toMatch(/^forbidden: .*is outside the folders this PathReg Studio server may read/);
    expect(messages[1].replace('/etc/passwd', 'X')).toBe(messages[0].replace('/no/such/folder/data.h5ad', 'X'));
  });

  it('opens an uploaded file', async () => {
    const bytes = await readFile(path.join(APP_ROOT, 'resources/examples/hematopoiesis/B_12_norm.tsv.gz'));
    const { status, body } = await api('dataset:upload', { fileName: 'B_12_norm.tsv.gz', contentBase64: bytes.toString('base64') });
    expect(status).toBe(200);
    expect(body.ok).toBe(true);
    if (body.ok) expect(body.value).toMatchObject({ name: 'B_12_norm.tsv.gz', format: 'pathreg-tables', genes: 529 });
    const sneaky = await api('dataset:upload', { fileName: '../../etc/passwd', contentBase64: '' });
    expect(sneaky.status).toBe(400);
    // ".." passes the schema (no slash) but names a folder: a message for the user, not an internal error.
    const dots = await api('dataset:upload', { fileName: '..', contentBase64: '' });
    expect(dots.status).toBe(200);
    expect(dots.body.ok === false && dots.body.error).toMatchObject({
      code: 'bad-input',
      message: expect.stringMatching(/"\.\." is not a file name/),
    });
  });

  it('streams events over the WebSocket only with the token', async () => {
    const refused = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`${shell.origin.replace('http', 'ws')}/events`);
      ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      ws.on('open', () => resolve('open'));
      ws.on('error', () => undefined);
    });
    expect(refused).toBe('401');
    // The address's query string is no longer a way in, nor a cookie.
    const inQuery = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`${shell.origin.replace('http', 'ws')}/events?token=${shell.token}`, ['pathreg.v1'], {
        headers: { cookie: `pathreg_token=${shell.token}` },
      });
      ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      ws.on('open', () => resolve('open'));
      ws.on('error', () => undefined);
    });
    expect(inQuery).toBe('401');
    const { first, protocol } = await new Promise<{ first: string; protocol: string }>((resolve, reject) => {
      const ws = new WebSocket(`${shell.origin.replace('http', 'ws')}/events`, ['pathreg.v1', `pathreg.token.${shell.token}`]);
      ws.on('message', (data) => {
        resolve({ first: String(data), protocol: ws.protocol });
        ws.close();
      });
      ws.on('error', reject);
    });
    expect(JSON.parse(first)).toEqual({ type: 'session:changed' });
    // The server selects the plain protocol and never echoes the token back.
    expect(protocol).toBe('pathreg.v1');
  });
});
