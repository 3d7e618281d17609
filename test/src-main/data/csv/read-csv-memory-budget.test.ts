import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it, vi } from 'vitest';

// The memory available is whatever the machine reports; here it is pinned to 1 MB so a small table crosses it.
vi.mock('../../../../src-main/data/read-limits.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../../src-main/data/read-limits.ts')>()),
  dataMemoryBudgetBytes: () => 1024 ** 2,
}));

const { openCsv } = await import('../../../../src-main/data/csv/read-csv.ts');
const { allocateGeneBlock } = await import('../../../../src-main/data/matrix-source.ts');

const dir = mkdtempSync(join(tmpdir(), 'csv-budget-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('memory available for a data set', () => {
  it('stops a table (here a gzip of zeros) where it outgrows the memory available, naming the line', async () => {
    const row = (r: number) => `c${r},${Array.from({ length: 100 }, () => '0').join(',')}`;
    const text = `cell,${Array.from({ length: 100 }, (_, g) => `g${g}`).join(',')}\n${Array.from({ length: 5000 }, (_, r) => row(r)).join('\n')}\n`;
    const path = join(dir, 'zeros.csv.gz');
    writeFileSync(path, gzipSync(text));
    await expect(openCsv(path)).rejects.toThrow(
      /^"zeros\.csv\.gz" line 2050 is where the table outgrows the memory available for it \(1 MB for 2,048 rows/,
    );
    // Within the budget the same table reads.
    writeFileSync(join(dir, 'small.csv'), text.split('\n').slice(0, 1001).join('\n'));
    expect((await openCsv(join(dir, 'small.csv'))).cellNames).toHaveLength(1000);
  });

  it('refuses a block of genes larger than the memory available', () => {
    const source = {
      cells: 150_000,
      genes: 10,
      storedEntries: null,
      label: '/X',
      readGenes: () => new Float32Array(0),
      sampleValues: () => new Float32Array(0),
    };
    expect(() => allocateGeneBlock('/data/big.h5ad', source, [0, 1])).toThrow(
      '"big.h5ad" /X would need 1 MB to read 2 genes for 150,000 cells, more than the 1 MB of memory available now',
    );
    expect(allocateGeneBlock('/data/big.h5ad', { ...source, cells: 1000 }, [0, 1])).toHaveLength(2000);
  });
});
