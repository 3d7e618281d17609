// Desktop export saving: the chosen file is written atomically with its sidecar; a cancelled dialog writes nothing;
// a read-only folder, a full disk or a missing folder come back as a message naming the file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { saveExportedFile } from '../../../src-main/electron/save-exports.ts';
import { nodeFileSystem } from '../../../src-main/files/atomic-write.ts';
import type { ExportedFile } from '../../../src-shared/contract/types.ts';

let root: string;
const file: ExportedFile = {
  fileName: 'run-network.sif',
  mimeType: 'text/plain',
  contentBase64: Buffer.from('A\tactivates\tB\n').toString('base64'),
  bytes: 14,
  sidecar: { fileName: 'run-network.sif.provenance.json', contentBase64: Buffer.from('{"app":"PathReg Studio"}\n').toString('base64') },
  content: 'sif network',
};

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pathreg-save-test-'));
});
afterAll(async () => {
  await chmod(path.join(root, 'locked'), 0o755).catch(() => undefined);
  await rm(root, { recursive: true, force: true });
});

describe('saving exports in the desktop app', () => {
  it('writes the file and its sidecar where the user chose, and returns no bytes', async () => {
    const target = path.join(root, 'chosen.sif');
    const saved = await saveExportedFile(file, async (suggested) => {
      expect(suggested).toBe('run-network.sif');
      return target;
    });
    expect(saved.savedTo).toBe(target);
    expect(saved.contentBase64).toBe('');
    expect(await readFile(target, 'utf8')).toBe('A\tactivates\tB\n');
    expect(JSON.parse(await readFile(`${target}.provenance.json`, 'utf8')).app).toBe('PathReg Studio');
  });

  it('writes nothing when the dialog is cancelled', async () => {
    const before = await readdir(root);
    const saved = await saveExportedFile(file, async () => null);
    expect(saved.savedTo).toBeNull();
    expect(await readdir(root)).toEqual(before);
  });

  it('says so, naming the file, when the folder is read-only or the disk is full', async () => {
    const locked = path.join(root, 'locked');
    await mkdir(locked);
    await chmod(locked, 0o555);
    const readOnly = saveExportedFile(file, async () => path.join(locked, 'x.sif'));
    if (process.getuid?.() !== 0) await expect(readOnly).rejects.toThrow(/read-only or you do not have permission/);
    else await readOnly.catch(() => undefined);
    // A full disk, simulated at the write call only (everything else is the real file system).
    const full = {
      ...nodeFileSystem,
      open: async (name: string, flags: string, mode?: number) => {
        const handle = await nodeFileSystem.open(name, flags, mode);
        return {
          ...handle,
          write: async () => {
            throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
          },
          sync: () => handle.sync(),
          close: () => handle.close(),
        };
      },
    };
    await expect(saveExportedFile(file, async () => path.join(root, 'full.sif'), full)).rejects.toThrow(/disk .* is full/);
    expect((await readdir(root)).filter((name) => name.includes('full'))).toEqual([]);
  });
});
