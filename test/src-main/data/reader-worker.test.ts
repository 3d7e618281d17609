import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ReaderWorker } from '../../../src-main/data/reader-worker.ts';
import { DataFileError } from '../../../src-main/data/reader-error.ts';

// ../shared/data beside the checkout, as on the dev and CI machines.
const HSMM = fileURLToPath(new URL('../../../../shared/data/hsmm', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'reader-worker-'));
const reader = new ReaderWorker({ timeoutMs: 30_000 });
afterAll(async () => {
  await reader.terminate();
  rmSync(dir, { recursive: true, force: true });
});

describe('reader worker', () => {
  it('inspects and reads genes in a worker thread, blocks transferred back', async () => {
    const summary = await reader.inspect(join(HSMM, 'hsmm.h5ad'));
    expect(summary).toMatchObject({ format: 'h5ad', cells: 271, genes: 2000 });
    const dataset = await reader.open(join(HSMM, 'hsmm_csc.h5ad'));
    expect(dataset.cellNames[0]).toBe('T0_CT_A01');
    expect(dataset.obs.find((c) => c.name === 'Media')).toMatchObject({ type: 'categorical', levels: ['GM', 'DM'] });
    const block = await dataset.readGenes([0, 676]);
    expect(block).toBeInstanceOf(Float32Array);
    expect(block[0]).toBe(Math.fround(21.9844));
    expect(dataset.sources[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    dataset.close();
  });

  it('turns reader errors into DataFileErrors naming the file, and keeps serving', async () => {
    const truncated = join(dir, 'pbmc.h5ad');
    writeFileSync(truncated, readFileSync(join(HSMM, 'hsmm.h5ad')).subarray(0, 100_000));
    const failure = await reader.inspect(truncated).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DataFileError);
    expect((failure as Error).message).toMatch(
      /^"pbmc.h5ad" is truncated \(truncated file: eof = 100000.*stored_eof = 3411072\): the download or copy was probably interrupted/,
    );
    expect((await reader.inspect(join(HSMM, 'hsmm.loom'))).format).toBe('loom');
  });

  it('stops a request that runs past its limit with a message naming the file, then starts afresh', async () => {
    const impatient = new ReaderWorker({ timeoutMs: 1 });
    try {
      await expect(impatient.inspect(join(HSMM, 'hsmm.csv'))).rejects.toThrow(
        /^"hsmm.csv" took longer than 1 ms to read, so reading was stopped/,
      );
    } finally {
      await impatient.terminate();
    }
    expect((await reader.inspect(join(HSMM, 'hsmm.csv'))).cells).toBe(271);
  });

  it('stops a request when its signal aborts, within 1 s, and the next request gets a fresh worker', async () => {
    // 400,000 lines of a table with a text column: seconds of parsing, so the abort lands in the middle.
    const big = join(dir, 'big.csv');
    writeFileSync(big, `cell,Gata1,Spi1\n${Array.from({ length: 400_000 }, (_, i) => `c${i},${i % 7},${i % 3}`).join('\n')}\n`);
    const cancellable = new ReaderWorker({ timeoutMs: 60_000 });
    try {
      await cancellable.inspect(join(HSMM, 'hsmm.loom')); // the worker is loaded: what follows times only the read
      const controller = new AbortController();
      const reading = cancellable.open(big, {}, controller.signal).catch((e: unknown) => e);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const abortedAt = performance.now();
      controller.abort();
      const outcome = await reading;
      expect(performance.now() - abortedAt).toBeLessThan(1000);
      expect(outcome).toBeInstanceOf(DataFileError);
      expect((outcome as Error).message).toBe('"big.csv" was not read: reading was cancelled');
      await expect(cancellable.inspect(big, {}, AbortSignal.abort())).rejects.toThrow('reading was cancelled');
      expect((await cancellable.inspect(join(HSMM, 'hsmm.loom'))).format).toBe('loom');
    } finally {
      await cancellable.terminate();
    }
  });
});

describe('reader worker cancellation', () => {
  /** Starts watching the request at once (so its rejection is never unhandled); `abort` then measures the answer. */
  const watch = (pending: Promise<unknown>) => {
    const settled = pending.then(
      () => new Error('answered instead of being cancelled'),
      (error: unknown) => error as Error,
    );
    return async (controller: AbortController, reason: string): Promise<number> => {
      const abortedAt = performance.now();
      controller.abort(new Error(reason));
      const outcome = await settled;
      expect(outcome.message).toBe(reason);
      return performance.now() - abortedAt;
    };
  };

  it('a read under way in the worker rejects at once with the reason, and the next request gets a fresh worker', async () => {
    const cancellable = new ReaderWorker({ timeoutMs: 60_000 });
    try {
      expect((await cancellable.inspect(join(HSMM, 'hsmm.loom'))).format).toBe('loom');
      // A dense table of 3,000 cells x 3,000 genes (about 40 MB of text): seconds of parsing in the worker.
      const table = join(dir, 'dense.csv');
      const header = ['cell', ...Array.from({ length: 3000 }, (_, g) => `g${g}`)].join(',');
      const row = (c: number) => [`c${c}`, ...Array.from({ length: 3000 }, (_, g) => ((c * 31 + g * 17) % 1000) / 10)].join(',');
      writeFileSync(table, [header, ...Array.from({ length: 3000 }, (_, c) => row(c))].join('\n') + '\n');
      const controller = new AbortController();
      const abort = watch(cancellable.open(table, {}, controller.signal));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await abort(controller, 'cancelled while reading')).toBeLessThan(500);
      expect((await cancellable.inspect(join(HSMM, 'hsmm.loom'))).format).toBe('loom');
      await expect(cancellable.inspect(join(HSMM, 'hsmm.loom'), {}, AbortSignal.abort(new Error('too late')))).rejects.toThrow('too late');
    } finally {
      await cancellable.terminate();
    }
  }, 120_000);

  it('a read still waiting for the worker to load is cancelled at once too', async () => {
    const cancellable = new ReaderWorker({ timeoutMs: 60_000 });
    try {
      const controller = new AbortController();
      const abort = watch(cancellable.inspect(join(HSMM, 'hsmm.loom'), {}, controller.signal));
      expect(await abort(controller, 'cancelled while loading')).toBeLessThan(500);
    } finally {
      await cancellable.terminate();
    }
  }, 60_000);
});
