// Another program's page on 127.0.0.1 (other port) in the same Chromium as an open PathReg Studio tab gets nothing
// it can use: no token in any request it receives, and none of its attempts on the API or the event socket succeed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { chromiumSkipReason, openAppInChromium } from './app-in-chromium.ts';
import type { LaunchedBrowser } from './chromium.ts';
import { startServe, type ServeProcess } from './serve-process.ts';

const unavailable = chromiumSkipReason('the cross-port token test');

/** What the other program's page tries, in the browser; every outcome comes back as text. */
const ATTACK = `
async function attempt(name, run) {
  try { return name + ': ' + (await run()); } catch (error) { return name + ': threw ' + (error && error.name); }
}
window.attack = async (appOrigin, target) => {
  const body = JSON.stringify({ path: target, viewState: {} });
  const results = [];
  results.push(await attempt('cors save', async () => (await fetch(appOrigin + '/api/project:save', { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body })).status));
  results.push(await attempt('no-cors save', async () => (await fetch(appOrigin + '/api/project:save', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body })).type));
  results.push(await attempt('cors info', async () => (await fetch(appOrigin + '/api/app:info', { method: 'POST', credentials: 'include', body: '{}' })).status));
  results.push(await attempt('read page', async () => (await (await fetch(appOrigin + '/', { credentials: 'include' })).text()).slice(0, 40)));
  results.push(await attempt('socket', () => new Promise((resolve) => {
    const ws = new WebSocket(appOrigin.replace('http', 'ws') + '/events', ['pathreg.v1']);
    ws.onopen = () => resolve('opened');
    ws.onmessage = (m) => resolve('message ' + m.data);
    ws.onerror = () => resolve('refused');
  })));
  // A form post is the classic CSRF: it needs no script access to the answer.
  const frame = document.createElement('iframe');
  frame.name = 'sink';
  document.body.append(frame);
  const form = document.createElement('form');
  form.method = 'POST';
  form.enctype = 'text/plain';
  form.target = 'sink';
  form.action = appOrigin + '/api/project:save';
  const input = document.createElement('input');
  input.name = body.slice(0, -2) + '", "x": "';
  input.value = '"}';
  form.append(input);
  document.body.append(form);
  await new Promise((resolve) => { frame.onload = resolve; form.submit(); setTimeout(resolve, 3000); });
  results.push('form: submitted');
  return results;
};
`;

describe.skipIf(unavailable !== null)('the token and another server on 127.0.0.1', () => {
  let serve: ServeProcess;
  let browser: LaunchedBrowser;
  let appPage: Page;
  let other: Server;
  let otherOrigin: string;
  let folder: string;
  const received: IncomingMessage[] = [];

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'pathreg-cross-port-'));
    // The target folder is an allowed root: only the missing credential may stop the other page's save.
    serve = await startServe(60_000, ['--root', folder]);
    other = createServer((request, response) => {
      received.push(request);
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(`<!doctype html><title>another local program</title><script>${ATTACK}</script>`);
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    ({ browser, page: appPage } = await openAppInChromium(serve.url));
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await new Promise<void>((resolve) => (other ? other.close(() => resolve()) : resolve()));
    await rm(folder, { recursive: true, force: true });
  });

  it('the app tab holds the token in its sessionStorage only, and it works there', async () => {
    expect(appPage.url()).not.toContain('token=');
    const cookies = await browser.context.cookies();
    expect(cookies.filter((cookie) => cookie.value.includes(serve.token))).toEqual([]);
    // Positive control: the same request the other page will try succeeds from the app's own tab with its header.
    const own = path.join(folder, 'own.pathreg');
    const status = await appPage.evaluate(async (target) => {
      const token = sessionStorage.getItem('pathreg-token') ?? '';
      const response = await fetch('/api/project:save', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-pathreg-token': token },
        body: JSON.stringify({ path: target, viewState: {} }),
      });
      return response.status;
    }, own);
    expect(status).toBe(200);
    expect(existsSync(own)).toBe(true);
    // A reload keeps working from sessionStorage.
    await appPage.reload();
    await appPage.getByTestId('app:root').waitFor();
    expect(await appPage.evaluate(() => sessionStorage.getItem('pathreg-token'))).toBe(serve.token);
  });

  it('a page of another local server receives no token and none of its calls succeed', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${otherOrigin}/`);
    const target = path.join(folder, 'stolen.pathreg');
    const results = await page.evaluate(
      ([appOrigin, file]) => (window as unknown as { attack(a: string, b: string): Promise<string[]> }).attack(appOrigin, file),
      [serve.origin, target] as const,
    );
    await page.reload();
    await page.close();

    // Cross-origin reads fail (no CORS), the opaque no-cors and form posts are refused by the server (they leave
    // no file), and the socket without the token is refused.
    expect(results).toEqual([
      'cors save: threw TypeError',
      'no-cors save: opaque',
      'cors info: threw TypeError',
      'read page: threw TypeError',
      'socket: refused',
      'form: submitted',
    ]);
    expect(existsSync(target)).toBe(false);
    expect((await readdir(folder)).sort()).toEqual(
      ['own.pathreg', 'own-runs'].filter((name) => existsSync(path.join(folder, name))).sort(),
    );

    // Nothing the other server received carries the token: not its address, not a cookie, not a referrer.
    expect(received.length).toBeGreaterThanOrEqual(2);
    for (const request of received) {
      const everything = `${request.url ?? ''}\n${JSON.stringify(request.headers)}`;
      expect(everything).not.toContain(serve.token);
      expect(request.headers.cookie ?? '').not.toMatch(/pathreg/);
    }
  });
});
