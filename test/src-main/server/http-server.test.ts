import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request as httpRequest } from 'node:http';
import WebSocket from 'ws';
import { startBrowserShell, type BrowserShell } from '../../../src-main/server/http-server.ts';
import { APP_ROOT, createAppSession } from '../../../src-main/session/create-session.ts';
import type { AppSession } from '../../../src-main/session/app-session.ts';
import type { Result } from '../../../src-shared/contract/result.ts';

let shell: BrowserShell;
let session: AppSession;
let staticDir: string;
let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pathreg-server-test-'));
  staticDir = path.join(root, 'renderer');
  await mkdir(staticDir);
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>PathReg Studio</title>');
  await writeFile(path.join(root, 'secret.txt'), 'outside the static folder');
  session = await createAppSession({ transport: 'http', sessionDir: path.join(root, 'session') });
  shell = await startBrowserShell({ handlers: session.handlers, subscribe: (l) => session.subscribe(l), staticDir });
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
      startBrowserShell({ handlers: session.handlers, subscribe: (l) => session.subscribe(l), staticDir, port: shell.port }),
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

  it('refuses the page without the token, serves it with the token and sets the cookie', async () => {
    const refused = await fetch(`${shell.origin}/`);
    expect(refused.status).toBe(401);
    expect(await refused.text()).toMatch(/access token/);
    const page = await fetch(shell.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('PathReg Studio');
    expect(page.headers.get('set-cookie')).toMatch(/pathreg_token=.*HttpOnly; SameSite=Strict/);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const withCookie = await fetch(`${shell.origin}/index.html`, { headers: { cookie: `pathreg_token=${shell.token}` } });
    expect(withCookie.status).toBe(200);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const attempt of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
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

  it('reports a user error as a value (missing file)', async () => {
    const { status, body } = await api('dataset:open', { path: '/no/such/folder/data.h5ad' });
    expect(status).toBe(200);
    expect(body.ok).toBe(false);
    if (!body.ok) {
      expect(body.error.code).toBe('not-found');
      expect(body.error.message).toContain('/no/such/folder/data.h5ad');
    }
  });

  it('opens an uploaded file', async () => {
    const bytes = await readFile(path.join(APP_ROOT, 'resources/examples/hematopoiesis/B_12_norm.tsv.gz'));
    const { status, body } = await api('dataset:upload', { fileName: 'B_12_norm.tsv.gz', contentBase64: bytes.toString('base64') });
    expect(status).toBe(200);
    expect(body.ok).toBe(true);
    if (body.ok) expect(body.value).toMatchObject({ name: 'B_12_norm.tsv.gz', format: 'pathreg-tables', genes: 529 });
    const sneaky = await api('dataset:upload', { fileName: '../../etc/passwd', contentBase64: '' });
    expect(sneaky.status).toBe(400);
  });

  it('streams events over the WebSocket only with the token', async () => {
    const refused = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`${shell.origin.replace('http', 'ws')}/events`);
      ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      ws.on('open', () => resolve('open'));
      ws.on('error', () => undefined);
    });
    expect(refused).toBe('401');
    const first = await new Promise<string>((resolve, reject) => {
      const ws = new WebSocket(`${shell.origin.replace('http', 'ws')}/events?token=${shell.token}`);
      ws.on('message', (data) => {
        resolve(String(data));
        ws.close();
      });
      ws.on('error', reject);
    });
    expect(JSON.parse(first)).toEqual({ type: 'session:changed' });
  });
});
