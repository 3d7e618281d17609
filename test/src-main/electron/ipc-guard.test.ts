import { describe, expect, it } from 'vitest';
import { guardedInvoke, payloadBytes } from '../../../src-main/electron/ipc-guard.ts';
import { isAppUrl, secureWebPreferences, CONTENT_SECURITY_POLICY } from '../../../src-main/electron/security.ts';
import type { Handlers } from '../../../src-main/session/handlers.ts';
import { UserError } from '../../../src-shared/contract/result.ts';

const calls: string[] = [];
// Only the handlers these tests reach are real functions; reaching any other is a test failure.
const handlers = new Proxy({} as Handlers, {
  get(_target, channel: string) {
    return async (request: unknown) => {
      calls.push(channel);
      if (channel === 'training:cancel') throw new UserError('not-found', 'There is no run "run-9" in this session.');
      return { channel, request };
    };
  },
});
const options = { handlers, isAppUrl, trustedContents: () => [7] };
const window = { frameUrl: 'app://pathreg/index.html', webContentsId: 7 };

describe('IPC guard', () => {
  it('passes a valid request from the app window to its handler', async () => {
    const result = await guardedInvoke(options, window, 'dataset:open', { path: '/data/x.h5ad' });
    expect(result).toEqual({ ok: true, value: { channel: 'dataset:open', request: { path: '/data/x.h5ad' } } });
  });

  it('refuses other senders: another web contents, another origin, a gone frame', async () => {
    for (const sender of [
      { frameUrl: 'app://pathreg/index.html', webContentsId: 8 },
      { frameUrl: 'https://example.com/', webContentsId: 7 },
      { frameUrl: 'file:///etc/passwd', webContentsId: 7 },
      { frameUrl: null, webContentsId: 7 },
    ]) {
      const result = await guardedInvoke(options, sender, 'app:info', {});
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('forbidden');
    }
  });

  it('refuses wrong types, extra fields and unknown channels with a message', async () => {
    calls.length = 0;
    const wrongType = await guardedInvoke(options, window, 'training:pause', { runId: 3 });
    const extra = await guardedInvoke(options, window, 'dataset:open', { path: '/x', shell: 'rm -rf /' });
    const unknown = await guardedInvoke(options, window, 'fs:write', {});
    for (const result of [wrongType, extra, unknown]) expect(result.ok).toBe(false);
    if (!wrongType.ok) expect(wrongType.error.message).toMatch(/runId/);
    if (!extra.ok) expect(extra.error.message).toMatch(/shell/);
    if (!unknown.ok) expect(unknown.error.code).toBe('unknown-channel');
    expect(calls).toEqual([]);
  });

  it('refuses oversized payloads before validating them', async () => {
    const result = await guardedInvoke(options, window, 'project:save', {
      path: '/x.pathreg',
      viewState: { blob: 'x'.repeat(13 * 1024 * 1024) },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('too-large');
  });

  it('refuses values that are not plain data', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(payloadBytes(cyclic)).toBeNull();
    const result = await guardedInvoke(options, window, 'app:info', cyclic);
    expect(result.ok).toBe(false);
  });

  it('returns a handler error as a value, message intact', async () => {
    const result = await guardedInvoke(options, window, 'training:cancel', { runId: 'run-9' });
    expect(result).toEqual({ ok: false, error: { code: 'not-found', message: 'There is no run "run-9" in this session.' } });
  });
});

describe('security defaults', () => {
  it('isolates and sandboxes the renderer without Node', () => {
    const prefs = secureWebPreferences('/app/preload.cjs');
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
  });

  it('has a CSP with no network origin', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*/);
  });
});
