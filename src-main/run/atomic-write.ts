import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `data` to `path` so that a reader never sees a half-written file: temp file in the same folder (rename is
 * only atomic within one file system), fsync, rename over the target, then fsync the folder so the rename survives
 * a power cut.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const folder = dirname(path);
  const temp = join(folder, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  // Some platforms (Windows) cannot open a folder for fsync; the rename itself is still atomic there.
  const folderHandle = await open(folder, 'r').catch(() => null);
  if (folderHandle) {
    await folderHandle.sync().catch(() => undefined);
    await folderHandle.close();
  }
}
