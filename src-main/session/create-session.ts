/** Builds the app session with the real readers, engines and job runner; used by `pathreg serve` and Electron main. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppInfo } from '../../src-shared/contract/types.ts';
import { describeInWorker, pseudotimeInWorker } from '../jobs/describe-in-worker.ts';
import { AppSession, readAppMetadata } from './app-session.ts';

/** The repository (or unpacked app) root: package.json, resources/ and dist/ live here. */
export const APP_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface CreateSessionOptions {
  transport: AppInfo['transport'];
  /** Defaults to a fresh folder under the system temp folder. */
  sessionDir?: string;
  root?: string;
  /** Bundled examples; a packaged app keeps them in its resources folder. */
  examplesDir?: string;
  /** Compiled worker files (bundled builds); the TypeScript sources are used otherwise. */
  workers?: { training: URL; dataset: URL; perturbation?: URL };
}

export async function createAppSession(options: CreateSessionOptions): Promise<AppSession> {
  const root = options.root ?? APP_ROOT;
  const sessionDir = options.sessionDir ?? (await mkdtemp(path.join(tmpdir(), 'pathreg-session-')));
  const { version, licenses } = await readAppMetadata(root);
  return new AppSession({
    sessionDir,
    examplesDir: options.examplesDir ?? path.join(root, 'resources', 'examples'),
    describeDataset: (file) => describeInWorker(file, options.workers?.dataset),
    computePseudotime: (task) => pseudotimeInWorker(task, options.workers?.dataset),
    ...(options.workers?.dataset ? { embeddingWorker: options.workers.dataset } : {}),
    listEngines: async () => {
      // Loaded on first use: probing imports every engine module, which the server should not pay for at start.
      const { defaultEngineRegistry } = await import('../engine/engine-registry.ts');
      return defaultEngineRegistry().list();
    },
    transport: options.transport,
    appVersion: version,
    licenses,
    ...(options.workers ? { trainingWorker: options.workers.training } : {}),
    ...(options.workers?.perturbation ? { perturbationWorker: options.workers.perturbation } : {}),
  });
}
