/**
 * Which files the window may name. The renderer is untrusted (an injected script has the same channels as the
 * user), so every channel that takes a path checks it here before anything else happens: nothing is created, read,
 * or even tested for existence outside what the user chose.
 *
 * - Browser shell: paths under the folders the server was started with (`pathreg serve --root DIR`, default the
 *   working folder), plus the app's own resources (examples, bundled TF lists) for reading.
 * - Electron: the files the user picked in a native dialog (and the same read-only resources).
 *
 * Paths are compared after resolving symbolic links, so a link inside an allowed folder that points elsewhere
 * leads nowhere. The refusal reads the same whether or not the file exists, so it is no existence oracle either.
 */
import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../src-shared/contract/result.ts';
import type { TfListChoice } from '../../src-shared/tf-list-choice.ts';
import type { Handlers } from './handlers.ts';
import { checkProjectFileName, readProjectFile, relocate } from './project-file.ts';

export type FileUse = 'read' | 'write';

export interface FileAccessPolicy {
  /**
   * The absolute path (links in it not resolved, so names stay as the user typed them) when the window may use
   * `file` this way; throws UserError('forbidden') otherwise.
   */
  check(file: string, use: FileUse): Promise<string>;
  /**
   * Whether the data and run folders a project file names must pass `check` too. The browser shell: yes, a project
   * file is only text anyone could have written. The desktop app: no, the user picked the project in a dialog.
   */
  readonly checksProjectReferences: boolean;
}

/**
 * The real path of `file` without requiring it to exist: the longest existing ancestor is resolved (links
 * included) and the rest appended, so a file about to be written is placed where the kernel would put it.
 */
export async function realPathOf(file: string): Promise<string> {
  const absolute = path.resolve(file);
  const rest: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      return path.join(await realpath(current), ...rest.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return absolute;
      rest.push(path.basename(current));
      current = parent;
    }
  }
}

function isInside(folder: string, file: string): boolean {
  return file === folder || file.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
}

function refusal(file: string, where: string, remedy: string): UserError {
  return new UserError('forbidden', `"${file}" is outside ${where}, so PathReg Studio did not touch it. ${remedy}`);
}

export interface FolderPolicyOptions {
  /** Folders the window may read and write under (`--root`). */
  roots: string[];
  /** Folders it may only read under (the app's examples and TF lists). */
  readOnly?: string[];
}

/** The browser shell's policy: everything under the given folders, links resolved. */
export async function folderPolicy(options: FolderPolicyOptions): Promise<FileAccessPolicy & { roots: string[] }> {
  const roots = await Promise.all(options.roots.map(realPathOf));
  const readOnly = await Promise.all((options.readOnly ?? []).map(realPathOf));
  const listed = roots.map((root) => `"${root}"`).join(', ');
  return {
    roots,
    checksProjectReferences: true,
    async check(file, use) {
      const real = await realPathOf(file);
      const allowed = [...roots, ...(use === 'read' ? readOnly : [])];
      if (!allowed.some((folder) => isInside(folder, real))) {
        throw refusal(
          file,
          `the folders this PathReg Studio server may ${use === 'read' ? 'read' : 'write'} (${listed})`,
          'Move the file into one of them, or restart the server with `pathreg serve --root <folder that holds it>`.',
        );
      }
      return path.resolve(file);
    },
  };
}

/** The desktop app's policy: files the user picked in a native dialog, plus read-only folders of the app. */
export class DialogGrants implements FileAccessPolicy {
  readonly checksProjectReferences = false;
  private readonly granted = new Set<string>();
  private readonly readOnly: string[] = [];

  /** Records a path the user picked in a dialog (or from the Recent menu, which only lists such paths). */
  async grant(file: string): Promise<void> {
    this.granted.add(await realPathOf(file));
  }

  async allowReadingUnder(folder: string): Promise<void> {
    this.readOnly.push(await realPathOf(folder));
  }

  async check(file: string, use: FileUse): Promise<string> {
    const real = await realPathOf(file);
    if (this.granted.has(real) || (use === 'read' && this.readOnly.some((folder) => isInside(folder, real)))) return path.resolve(file);
    throw refusal(file, 'the files you chose in this window', 'Choose it with File › Open or File › Save instead of typing its path.');
  }
}

/** Names a folder or nothing: an upload must be a file name such as "pbmc.h5ad". */
const NOT_A_FILE_NAME = new Set(['.', '..']);

function checkUploadName(fileName: string): void {
  if (NOT_A_FILE_NAME.has(fileName.trim()) || fileName.trim() === '') {
    throw new UserError(
      'bad-input',
      `"${fileName}" is not a file name: upload a file such as "pbmc.h5ad" or "counts.csv", not a folder. Rename it and try again.`,
    );
  }
}

/**
 * Checks the paths a project file names, as opening it will use them (the same `relocate` and run-folder choice as
 * the session), so a project cannot lead the session to data or run folders outside the allowed folders.
 */
async function checkProjectReferences(file: string, policy: FileAccessPolicy): Promise<void> {
  const project = await readProjectFile(file);
  const named: string[] = [];
  for (const saved of project.datasets) {
    const found = relocate(saved, file, existsSync);
    if (found) named.push(found);
  }
  for (const saved of project.runs) {
    const nextToProject = saved.relativeFolder ? path.resolve(path.dirname(file), saved.relativeFolder) : null;
    named.push(nextToProject && existsSync(nextToProject) ? nextToProject : saved.summary.folder);
  }
  for (const reference of named) {
    try {
      await policy.check(reference, 'read');
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      throw new UserError(
        'forbidden',
        `The project "${path.basename(file)}" refers to "${reference}", outside the folders this PathReg Studio server may read, so ` +
          'nothing of the project was opened. Keep the data and the run folders inside those folders (Save Project puts runs next ' +
          'to the project), or restart the server with `pathreg serve --root <folder that holds them>`.',
      );
    }
  }
}

/**
 * The session's handlers with every file path checked against `policy` before the handler runs, and every upload
 * name checked before anything is written. `project:save` checks its extension here too, so a refused save writes
 * nothing (the handler copies runs next to the project before it writes the file itself).
 */
export function withFileAccessPolicy(handlers: Handlers, policy: FileAccessPolicy): Handlers {
  return {
    ...handlers,
    'dataset:open': async (request) => handlers['dataset:open']({ path: await policy.check(request.path, 'read') }),
    'dataset:upload': async (request) => {
      checkUploadName(request.fileName);
      return handlers['dataset:upload'](request);
    },
    'dataset:tf-overlap': async (request) =>
      handlers['dataset:tf-overlap']({ ...request, tfList: await checkTfListChoice(request.tfList, policy) }),
    'training:start': async (request) =>
      handlers['training:start'](
        request.tfList === undefined ? request : { ...request, tfList: await checkTfListChoice(request.tfList, policy) },
      ),
    'project:save': async (request) => {
      checkProjectFileName(request.path);
      return handlers['project:save']({ ...request, path: await policy.check(request.path, 'write') });
    },
    'project:open': async (request) => {
      const file = await policy.check(request.path, 'read');
      if (policy.checksProjectReferences) await checkProjectReferences(file, policy);
      return handlers['project:open']({ path: file });
    },
    'run:import': async (request) => {
      if ('path' in request) return handlers['run:import']({ path: await policy.check(request.path, 'read') });
      checkUploadName(request.fileName);
      return handlers['run:import'](request);
    },
    'run:score': async (request) => {
      if ('path' in request) return handlers['run:score']({ runId: request.runId, path: await policy.check(request.path, 'read') });
      checkUploadName(request.fileName);
      return handlers['run:score'](request);
    },
  };
}

/**
 * Only a TF list given by path is a file the policy governs: a bundled list is the app's own (named, never a path
 * from the window) and an upload lands in the session folder under a checked name.
 */
async function checkTfListChoice(choice: TfListChoice, policy: FileAccessPolicy): Promise<TfListChoice> {
  if (choice.kind === 'path') return { kind: 'path', path: await policy.check(choice.path, 'read') };
  if (choice.kind === 'upload') checkUploadName(choice.fileName);
  return choice;
}
