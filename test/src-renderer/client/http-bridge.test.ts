/**
 * The renderer's HTTP + WebSocket client against the real browser-shell server and app session (no training):
 * calls come back as Result values, server errors stay values, a missing token gives the user a message, and server
 * events arrive over the socket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { createHttpBridge, tokenFromLocation } from '../../../src-renderer/client/http-bridge.ts';
import { createAppSession } from '../../../src-main/session/create-session.ts';
import { startBrowserShell, type BrowserShell } from '../../../src-main/server/http-server.ts';
import { folderPolicy } from '../../../src-main/session/file-access-policy.ts';
import type { ServerEvent } from '../../../src-shared/contract/events.ts';

let shell: BrowserShell;
let dispose: () => Promise<void>;
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'pathreg-bridge-test-'));
  await writeFile(path.join(folder, 'index.html'), '<!doctype html><title>test</title>');
  const session = await createAppSession({ transport: 'http', sessionDir: path.join(folder, 'session') });
  shell = await startBrowserShell({
    handlers: session.handlers,
    subscribe: (listener) => session.subscribe(listener),
    staticDir: folder,
    fileAccess: await folderPolicy({ roots: [folder] }),
  });
  dispose = async () => {
    await shell.close();
    await session.dispose();
  };
});

afterAll(async () => {
  await dispose?.();
  await rm(folder, { recursive: true, force: true });
});

const bridgeFor = (token: string | null) =>
  createHttpBridge({
    origin: shell.origin,
    token,
    fetch,
    WebSocket: WebSocket as unknown as new (url: string) => globalThis.WebSocket,
    reconnectDelayMs: 50,
  });

describe('HTTP bridge', () => {
  it('reads the token from the page address and removes it', () => {
    expect(tokenFromLocation('http://127.0.0.1:5000/?token=abc&x=1')).toEqual({ token: 'abc', cleanHref: 'http://127.0.0.1:5000/?x=1' });
    expect(tokenFromLocation('http://127.0.0.1:5000/').token).toBeNull();
  });

  it('calls a channel and gets its value', async () => {
    const info = await bridgeFor(shell.token).api['app:info']({});
    expect(info.ok).toBe(true);
    if (info.ok) expect(info.value.transport).toBe('http');
  });

  it('keeps a handler error as a value with the user message', async () => {
    const answer = await bridgeFor(shell.token).api['dataset:summary']({ datasetId: 'dataset-999' });
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.error.code).toBe('not-found');
  });

  it('refuses a request without the token, with a message that says what to do', async () => {
    const answer = await bridgeFor(null).api['session:state']({});
    expect(answer.ok).toBe(false);
    if (!answer.ok) {
      expect(answer.error.code).toBe('unauthorized');
      expect(answer.error.message).toMatch(/access token/);
    }
  });

  it('turns an unreachable server into an error value naming the channel', async () => {
    const bridge = createHttpBridge({
      origin: 'http://127.0.0.1:9',
      token: 't',
      fetch,
      WebSocket: WebSocket as unknown as new (url: string) => globalThis.WebSocket,
    });
    const answer = await bridge.api['app:info']({});
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.error.message).toMatch(/Could not reach the PathReg Studio server for "app:info"/);
  });

  it('receives server events over the WebSocket', async () => {
    const bridge = bridgeFor(shell.token);
    const event = await new Promise<ServerEvent>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no event within 5 s')), 5000);
      const stop = bridge.onEvent((received) => {
        clearTimeout(timer);
        stop();
        resolve(received);
      });
    });
    expect(event.type).toBe('session:changed');
  });
});
