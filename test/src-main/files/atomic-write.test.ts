import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  isInterruptedWriteOf,
  nodeFileSystem,
  removeInterruptedWrites,
  writeFileAtomic,
  type AtomicFileSystem,
} from '../../../src-main/files/atomic-write.ts';
import { removeInterruptedWrites as removeRunFolderLeftovers } from '../../../src-main/run/run-folder.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pathreg-atomic-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The real file system, except that writes stop with ENOSPC after `limit` bytes (a full disk). */
function diskFullAfter(limit: number): AtomicFileSystem {
  let written = 0;
  return {
    ...nodeFileSystem,
    async open(file, flags, mode) {
      const handle = await nodeFileSystem.open(file, flags, mode);
      return {
        async write(data, offset, length, position) {
          const room = limit - written;
          if (room <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          const result = await handle.write(data, offset, Math.min(length, room), position);
          written += result.bytesWritten;
          return result;
        },
        sync: () => handle.sync(),
        close: () => handle.close(),
      };
    },
  };
}

/** The real file system, except that creating files fails as in a read-only folder. */
const readOnlyFolder: AtomicFileSystem = {
  ...nodeFileSystem,
  open: async () => {
    throw Object.assign(new Error('EROFS: read-only file system, open'), { code: 'EROFS' });
  },
};

function mountAvailable(): boolean {
  try {
    execFileSync('sh', ['-c', 'test "$(id -u)" = 0 && command -v mount'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('writeFileAtomic', () => {
  it('writes the whole content and leaves no temp file', async () => {
    const file = path.join(dir, 'plain.txt');
    await writeFileAtomic(file, 'hello\n');
    expect(await readFile(file, 'utf8')).toBe('hello\n');
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('a full disk (injected ENOSPC after 1 KiB) gives a clear message and leaves neither target nor temp file', async () => {
    const sub = path.join(dir, 'full');
    await mkdir(sub);
    const file = path.join(sub, 'network.graphml');
    const promise = writeFileAtomic(file, 'x'.repeat(10_000), { fileSystem: diskFullAfter(1024) });
    await expect(promise).rejects.toThrow(/disk holding .* is full \(ENOSPC; the file needs 10,000 bytes\)\. Nothing was written/);
    expect(await readdir(sub)).toEqual([]);
  });

  it('a full disk keeps the previous version of a file being replaced', async () => {
    const file = path.join(dir, 'keep.csv');
    await writeFile(file, 'old content\n');
    await expect(writeFileAtomic(file, 'y'.repeat(5000), { overwrite: true, fileSystem: diskFullAfter(100) })).rejects.toThrow(/is full/);
    expect(await readFile(file, 'utf8')).toBe('old content\n');
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('a read-only folder (injected EROFS) names the folder and says what to do', async () => {
    const file = path.join(dir, 'ro', 'figure.svg');
    await mkdir(path.dirname(file));
    await expect(writeFileAtomic(file, '<svg/>', { fileSystem: readOnlyFolder })).rejects.toThrow(
      /folder ".*ro" is read-only or you do not have permission .*\(EROFS\)\. Nothing was written; choose another folder/,
    );
    expect(await readdir(path.dirname(file))).toEqual([]);
  });

  it('an existing file is refused without --force and replaced with it', async () => {
    const file = path.join(dir, 'exists.csv');
    await writeFile(file, 'first\n');
    await expect(writeFileAtomic(file, 'second\n')).rejects.toThrow(/already exists and was left untouched.*--force/);
    expect(await readFile(file, 'utf8')).toBe('first\n');
    await writeFileAtomic(file, 'second\n', { overwrite: true });
    expect(await readFile(file, 'utf8')).toBe('second\n');
  });

  it('a missing folder and a folder given as the file name are explained', async () => {
    await expect(writeFileAtomic(path.join(dir, 'no-such-folder', 'x.csv'), 'a')).rejects.toThrow(
      /folder ".*no-such-folder" does not exist/,
    );
    await expect(writeFileAtomic(dir, 'a', { overwrite: true })).rejects.toThrow(/that is a folder/);
  });

  // Real kernels, not injection: a 64 KiB tmpfs and a read-only bind mount. Needs root and mount(8) (containers
  // without CAP_SYS_ADMIN cannot mount); the injected cases above cover the same code paths there.
  const realMounts = mountAvailable();
  it.skipIf(!realMounts)(
    'on a real 64 KiB tmpfs, a 200 KiB export fails with the full-disk message and leaves the disk empty',
    async ({ skip }) => {
      const mountPoint = await mkdtemp(path.join(tmpdir(), 'pathreg-tmpfs-'));
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint]);
      } catch (error) {
        await rm(mountPoint, { recursive: true, force: true });
        skip(`cannot mount a tmpfs here (${String(error)})`);
        return;
      }
      try {
        const file = path.join(mountPoint, 'big.csv');
        await expect(writeFileAtomic(file, 'z'.repeat(200 * 1024))).rejects.toThrow(/is full \(ENOSPC/);
        expect(await readdir(mountPoint)).toEqual([]);
      } finally {
        execFileSync('umount', [mountPoint]);
        await rm(mountPoint, { recursive: true, force: true });
      }
    },
  );

  it.skipIf(!realMounts)('on a real read-only bind mount, the export is refused with the read-only message', async ({ skip }) => {
    const mountPoint = await mkdtemp(path.join(tmpdir(), 'pathreg-ro-'));
    try {
      execFileSync('mount', ['--bind', '-o', 'ro', mountPoint, mountPoint]);
    } catch (error) {
      await rm(mountPoint, { recursive: true, force: true });
      skip(`cannot bind-mount here (${String(error)})`);
      return;
    }
    try {
      await expect(writeFileAtomic(path.join(mountPoint, 'net.graphml'), '<graphml/>')).rejects.toThrow(/is read-only .*\(EROFS\)/);
      expect(await readdir(mountPoint)).toEqual([]);
    } finally {
      execFileSync('umount', [mountPoint]);
      await rm(mountPoint, { recursive: true, force: true });
    }
  });
});

describe('interrupted writes', () => {
  /** The real file system, except that the final rename never happens: the process "dies" right before it. */
  const killedBeforeRename: AtomicFileSystem = { ...nodeFileSystem, rename: () => new Promise<void>(() => undefined) };

  async function leaveInterruptedWrite(folder: string, name: string): Promise<string> {
    void writeFileAtomic(path.join(folder, name), 'partial', { overwrite: true, fileSystem: killedBeforeRename });
    for (let i = 0; i < 200; i++) {
      const temp = (await readdir(folder)).find((entry) => entry.startsWith(`.${name}.`) && entry.endsWith('.tmp'));
      if (temp) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return temp;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error('the interrupted write left no temp file');
  }

  it('the temp files real writes leave are found and removed; nothing else is', async () => {
    const folder = await mkdtemp(path.join(dir, 'killed-'));
    const left = [await leaveInterruptedWrite(folder, 'checkpoint.bin'), await leaveInterruptedWrite(folder, 'history.csv')];
    await writeFile(path.join(folder, 'checkpoint.bin'), 'whole');
    await writeFile(path.join(folder, '.notes.tmp'), 'mine');
    await writeFile(path.join(folder, '.checkpoint.bin.abc.def.tmp'), 'not ours');
    expect((await removeInterruptedWrites(folder, ['checkpoint.bin', 'history.csv'])).sort()).toEqual(left.sort());
    expect((await readdir(folder)).sort()).toEqual(['.checkpoint.bin.abc.def.tmp', '.notes.tmp', 'checkpoint.bin']);
  });

  // The run folder's clean-up (src-main/run/run-folder.ts) matches digits: the names must be digits, not hex.
  it('the run folder clean-up of `pathreg fit` removes a real interrupted checkpoint write', async () => {
    const folder = await mkdtemp(path.join(dir, 'run-'));
    const temp = await leaveInterruptedWrite(folder, 'checkpoint.bin');
    expect(isInterruptedWriteOf(temp, 'checkpoint.bin')).toBe(true);
    expect(temp).toMatch(/^\.checkpoint\.bin\.\d+\.\d+\.tmp$/);
    await removeRunFolderLeftovers(folder);
    expect(await readdir(folder)).toEqual([]);
  });
});
