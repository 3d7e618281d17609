/**
 * Starts the real browser shell the way a user does (`node bin/pathreg.mjs serve`) in a child process and reads
 * the address with the token from what it prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ServeProcess {
  url: string;
  origin: string;
  token: string;
  sessionDir: string;
  output(): string;
  stop(): Promise<void>;
}

/** `extraArgs` go after `serve` (e.g. `--root DIR`). */
export async function startServe(timeoutMs = 60_000, extraArgs: string[] = []): Promise<ServeProcess> {
  const sessionDir = await mkdtemp(path.join(tmpdir(), 'pathreg-e2e-session-'));
  // The folders the app may open files in: the checkout, the session (tests write bad files there) and the shared
  // data sets next to the checkout, as a user would name them with --root.
  const shared = path.resolve(REPO_ROOT, '..', 'shared', 'data');
  const roots = [REPO_ROOT, sessionDir, ...(existsSync(shared) ? [shared] : [])].flatMap((root) => ['--root', root]);
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'bin', 'pathreg.mjs'), 'serve', '--session-dir', sessionDir, ...roots, ...extraArgs],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pathreg serve printed no address within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = () => {
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pathreg serve exited with ${code}:\n${output}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    sessionDir,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      // Run folders hold checkpoints and results (tens of MB for the example): leave nothing behind.
      await rm(sessionDir, { recursive: true, force: true });
    },
  };
}
