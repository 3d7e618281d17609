/**
 * The project file: one JSON document with the session's data references (path + SHA-256 of every input file),
 * every run's settings, state, loss history and folder, and the renderer's view state. Written atomically.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../../src-shared/contract/result.ts';
import type { RunSummary, TrainingProgress } from '../../src-shared/contract/types.ts';
import { writeFileAtomic } from '../files/atomic-write.ts';

export const PROJECT_FORMAT = 'pathreg-studio-project';
export const PROJECT_VERSION = 1;

export interface ProjectDataset {
  datasetId: string;
  name: string;
  path: string;
  /** The same path relative to the project file's folder, so a project moved together with its data still opens. */
  relativePath: string;
  sources: Array<{ path: string; bytes: number; sha256: string }>;
}

export interface ProjectDocument {
  format: typeof PROJECT_FORMAT;
  version: number;
  savedAt: string;
  appVersion: string;
  datasets: ProjectDataset[];
  /** `relativeFolder`: the run's folder relative to the project file, found again when both move together. */
  runs: Array<{ summary: RunSummary; history: TrainingProgress[]; relativeFolder?: string }>;
  viewState: Record<string, unknown>;
}

/** Shape checks for a file we read back; run summaries are kept as saved (they came from this app). */
const projectSchema = z.object({
  format: z.literal(PROJECT_FORMAT),
  version: z.number().int().min(1),
  savedAt: z.string(),
  appVersion: z.string(),
  datasets: z.array(
    z.object({
      datasetId: z.string(),
      name: z.string(),
      path: z.string(),
      relativePath: z.string(),
      sources: z.array(z.object({ path: z.string(), bytes: z.number(), sha256: z.string() })),
    }),
  ),
  runs: z.array(
    z.object({
      summary: z.object({ runId: z.string(), datasetId: z.string(), folder: z.string() }).passthrough(),
      history: z.array(z.unknown()),
      relativeFolder: z.string().optional(),
    }),
  ),
  viewState: z.record(z.string(), z.unknown()),
});

/** Refuses a project path without the project extension; called before anything of a save is written. */
export function checkProjectFileName(file: string): void {
  if (!file.endsWith('.json') && !file.endsWith('.pathreg')) {
    throw new UserError(
      'bad-input',
      `Project files end in .pathreg or .json; "${path.basename(file)}" does not. Add the extension; nothing was written.`,
    );
  }
}

/** Largest project file read: a project lists runs and paths, never data, so anything bigger is not one. */
const MAX_PROJECT_BYTES = 64 * 1024 * 1024;

export async function writeProjectFile(file: string, document: ProjectDocument): Promise<number> {
  checkProjectFileName(file);
  const text = `${JSON.stringify(document, null, 1)}\n`;
  try {
    await writeFileAtomic(file, text, { overwrite: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UserError('bad-input', `Cannot write the project file "${file}" (${code}). Choose a folder you can write to.`);
  }
  return Buffer.byteLength(text);
}

export async function readProjectFile(file: string): Promise<ProjectDocument> {
  let text: string;
  try {
    // A FIFO or device would block or never end, and a huge file is no project: look before reading.
    const info = await stat(file);
    if (!info.isFile() || info.size > MAX_PROJECT_BYTES) {
      throw new UserError(
        'bad-input',
        `"${path.basename(file)}" is not a PathReg Studio project file (${info.isFile() ? 'far too large' : 'not a regular file'}). Choose the .pathreg file Save Project wrote.`,
      );
    }
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      code === 'ENOENT' ? 'not-found' : 'bad-input',
      code === 'ENOENT' ? `There is no project file at "${file}".` : `Cannot read the project file "${file}" (${code ?? String(error)}).`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The parser's message quotes the text; a project path may name any file, so nothing of it is echoed back.
    throw new UserError(
      'bad-input',
      `"${path.basename(file)}" is not a PathReg Studio project: it is not valid JSON. Choose the .pathreg file Save Project wrote.`,
    );
  }
  const parsed = projectSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first.path.map(String).join('.') || 'the top level';
    throw new UserError('bad-input', `"${path.basename(file)}" is not a PathReg Studio project file: ${where}: ${first.message}.`);
  }
  if (parsed.data.version > PROJECT_VERSION) {
    throw new UserError(
      'bad-input',
      `"${path.basename(file)}" was saved by a newer PathReg Studio (project version ${parsed.data.version}); update the app to open it.`,
    );
  }
  return parsed.data as unknown as ProjectDocument;
}

/**
 * Where a saved data path is now: as saved when it still exists, else at the same place relative to the project
 * file (a project folder moved or shared together with its data), else null.
 */
export function relocate(dataset: ProjectDataset, projectFile: string, exists: (candidate: string) => boolean): string | null {
  if (exists(dataset.path)) return dataset.path;
  const candidate = path.resolve(path.dirname(projectFile), dataset.relativePath);
  return exists(candidate) ? candidate : null;
}
