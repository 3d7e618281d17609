/**
 * Desktop app: exported files are saved by main, not downloaded by the window. The export channels still build the
 * bytes in the session; this wraps them so that main asks where to save (native dialog, which confirms replacing an
 * existing file) and writes atomically. A read-only folder or a full disk comes back as a message for the window.
 */
import path from 'node:path';
import { UserError } from '../../src-shared/contract/result.ts';
import type { ExportedFile } from '../../src-shared/contract/types.ts';
import { FileWriteError, writeFileAtomic, type AtomicFileSystem } from '../files/atomic-write.ts';
import type { Handlers } from '../session/handlers.ts';

/** Asks the user for a file to save `suggested` as; null when the dialog was cancelled. */
export type ChooseSavePath = (suggested: string) => Promise<string | null>;

const EXPORT_CHANNELS = [
  'export:network',
  'export:figure',
  'export:report',
  'export:perturbation',
  'export:edge-table',
  'export:comparison',
  'export:sweep-network',
] as const;

/** Saves one exported file (and its provenance sidecar) where the user chose; the answer drops the bytes. */
export async function saveExportedFile(file: ExportedFile, choose: ChooseSavePath, fileSystem?: AtomicFileSystem): Promise<ExportedFile> {
  const target = await choose(file.fileName);
  if (!target) return { ...file, contentBase64: '', sidecar: undefined, edgeTable: undefined, savedTo: null };
  // The native dialog has already asked whether to replace an existing file.
  const options = { overwrite: true, fileSystem };
  try {
    if (file.sidecar) await writeFileAtomic(`${target}.provenance.json`, Buffer.from(file.sidecar.contentBase64, 'base64'), options);
    if (file.edgeTable)
      await writeFileAtomic(`${target}.edge-attributes.csv`, Buffer.from(file.edgeTable.contentBase64, 'base64'), options);
    await writeFileAtomic(target, Buffer.from(file.contentBase64, 'base64'), options);
  } catch (error) {
    if (error instanceof FileWriteError) throw new UserError('bad-input', error.message);
    throw error;
  }
  const { sidecar: _sidecar, edgeTable: _edgeTable, ...rest } = file;
  void _sidecar;
  void _edgeTable;
  return { ...rest, contentBase64: '', savedTo: path.resolve(target) };
}

/** The session's handlers with every export channel ending in a save dialog and an atomic write in main. */
export function withSaveDialog(handlers: Handlers, choose: ChooseSavePath, fileSystem?: AtomicFileSystem): Handlers {
  const wrapped: Handlers = { ...handlers };
  for (const channel of EXPORT_CHANNELS) {
    const inner = handlers[channel] as (request: unknown) => Promise<ExportedFile>;
    (wrapped as Record<string, unknown>)[channel] = async (request: unknown) => saveExportedFile(await inner(request), choose, fileSystem);
  }
  return wrapped;
}
