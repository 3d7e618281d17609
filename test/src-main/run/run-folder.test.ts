import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataSha256, removeInterruptedWrites, writeEdges, writeMetrics } from '../../../src-main/run/run-folder.ts';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'pathreg-run-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('run files', () => {
  it('writes metrics with NaN as null and edges as quoted CSV', async () => {
    await writeMetrics(folder, { spurious_feature_sparsity: Number.NaN, train_mse: 0.5, nested: { x: Number.POSITIVE_INFINITY } });
    expect(JSON.parse(await readFile(join(folder, 'metrics.json'), 'utf8'))).toEqual({
      spurious_feature_sparsity: null,
      train_mse: 0.5,
      nested: { x: null },
    });
    await writeEdges(folder, [{ source: 'GATA1', target: 'A,B', weight: 0.123456789, sign: -1 }]);
    expect(await readFile(join(folder, 'edges.csv'), 'utf8')).toBe('source,target,weight,sign\nGATA1,"A,B",0.1234568,-1\n');
  });

  it('hashes the input by file name and content hash, not by folder', () => {
    const a = dataSha256([
      { path: '/x/eryth_12_norm.tsv.gz', bytes: 1, sha256: 'aa' },
      { path: '/x/mono_12_norm.tsv.gz', bytes: 1, sha256: 'bb' },
    ]);
    const b = dataSha256([
      { path: '/elsewhere/mono_12_norm.tsv.gz', bytes: 1, sha256: 'bb' },
      { path: '/y/eryth_12_norm.tsv.gz', bytes: 1, sha256: 'aa' },
    ]);
    const c = dataSha256([
      { path: '/x/eryth_12_norm.tsv.gz', bytes: 1, sha256: 'ab' },
      { path: '/x/mono_12_norm.tsv.gz', bytes: 1, sha256: 'bb' },
    ]);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('removes only the temporary files of interrupted writes', async () => {
    await writeFile(join(folder, '.checkpoint.bin.19084.1795524489917.tmp'), 'partial');
    await writeFile(join(folder, 'checkpoint.bin'), 'whole');
    await writeFile(join(folder, '.notes.tmp'), 'mine');
    await removeInterruptedWrites(folder);
    expect((await readdir(folder)).sort()).toEqual(['.notes.tmp', 'checkpoint.bin']);
  });
});
