/**
 * `pathreg serve`: the browser shell. Serves the app and its API on 127.0.0.1 at a free port behind a random token,
 * prints the address to open, and runs until interrupted.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsageError, type Command } from '../command.ts';
import { formatOptionHelp, integerOption, parseOptions, repeatedValues, type OptionSpec } from '../option-parser.ts';
import { startBrowserShell } from '../../server/http-server.ts';
import { folderPolicy } from '../../session/file-access-policy.ts';
import { APP_ROOT, createAppSession } from '../../session/create-session.ts';

const OPTIONS: OptionSpec[] = [
  { name: 'port', value: 'N', help: 'port to listen on (default: a free one)' },
  { name: 'session-dir', value: 'DIR', help: 'folder for runs, uploads and checkpoints (default: a new temporary folder)' },
  {
    name: 'root',
    value: 'DIR',
    repeatable: true,
    help: 'a folder the app may open and save files in, subfolders included (repeat for more; default: the current folder)',
  },
  { name: 'static-dir', value: 'DIR', help: 'the built interface (default: dist/renderer; build it with npm run build:renderer)' },
  { name: 'help', help: 'show this help' },
];

export const serveCommand: Command = {
  name: 'serve',
  summary: 'open the app in a browser: serves it on 127.0.0.1 with a private access token',
  async run(argv: string[]): Promise<number> {
    const options = parseOptions('serve', argv, OPTIONS);
    if (options.has('help')) {
      process.stdout.write(
        `Usage: pathreg serve [options]\n\nServes PathReg Studio on 127.0.0.1 only; the printed address carries the access token.\n\n${formatOptionHelp(OPTIONS)}\n`,
      );
      return 0;
    }
    const port = options.has('port') ? integerOption('port', String(options.get('port')), 0, 65535) : 0;
    const sessionDirOption = options.get('session-dir');
    const staticOption = options.get('static-dir');
    // Without --session-dir the runs go to a temporary folder, removed on exit (Save Project keeps copies of them).
    const sessionDir =
      typeof sessionDirOption === 'string' ? path.resolve(sessionDirOption) : await mkdtemp(path.join(tmpdir(), 'pathreg-session-'));
    const roots = await allowedRoots(repeatedValues(options, 'root'));
    const fileAccess = await folderPolicy({ roots, readOnly: [path.join(APP_ROOT, 'resources')] });
    const session = await createAppSession({ transport: 'http', sessionDir });
    try {
      const shell = await startBrowserShell({
        handlers: session.handlers,
        subscribe: (listener) => session.subscribe(listener),
        fileAccess,
        staticDir: typeof staticOption === 'string' ? path.resolve(staticOption) : path.join(APP_ROOT, 'dist', 'renderer'),
        port,
      });
      process.stdout.write(
        `PathReg Studio is running. Open this address in your browser (it contains your private access token):\n\n  ${shell.url}\n\n` +
          `Files can be opened and saved under: ${fileAccess.roots.join(', ')} (add folders with --root DIR).\nPress Ctrl+C to stop.\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      process.stdout.write('Stopping: ending training jobs…\n');
      await shell.close();
    } finally {
      await session.dispose();
      if (typeof sessionDirOption !== 'string') await rm(sessionDir, { recursive: true, force: true });
    }
    return 0;
  },
};

/** The folders given with --root (each must exist and be a folder), or the current folder. */
async function allowedRoots(given: string[]): Promise<string[]> {
  if (given.length === 0) return [process.cwd()];
  for (const folder of given) {
    const info = await stat(folder).catch(() => null);
    if (!info?.isDirectory()) throw new UsageError(`--root ${folder}: there is no folder there. Give a folder that exists.`);
  }
  return given.map((folder) => path.resolve(folder));
}
