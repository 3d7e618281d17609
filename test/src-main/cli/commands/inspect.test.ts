import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { inspectCommand } from '../../../../src-main/cli/commands/inspect.ts';
import { UsageError } from '../../../../src-main/cli/command.ts';

// ../shared/data beside the checkout, as on the dev and CI machines.
const HSMM = fileURLToPath(new URL('../../../../../shared/data/hsmm', import.meta.url));

afterEach(() => vi.restoreAllMocks());

async function runInspect(argv: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const code = await inspectCommand.run(argv);
  return { code, stdout };
}

describe('pathreg inspect', () => {
  it('prints the summary as JSON with cells, genes, format, value_kind and obs {name, type, levels}', async () => {
    const { code, stdout } = await runInspect([join(HSMM, 'hsmm.h5ad')]);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({ format: 'h5ad', cells: 271, genes: 2000, value_kind: 'normalized' });
    expect((summary.obs as unknown[])[1]).toEqual({ name: 'Media', type: 'categorical', levels: ['GM', 'DM'] });
    expect((summary.obs as unknown[])[0]).toEqual({ name: 'Hours', type: 'numeric', levels: null });
  });

  it('rejects a missing FILE and an unknown format as usage errors', async () => {
    await expect(inspectCommand.run([])).rejects.toThrow(UsageError);
    await expect(inspectCommand.run(['x.h5ad', '--format', 'xlsx'])).rejects.toThrow(
      /--format must be one of h5ad, 10x-mtx, 10x-h5, loom, csv, pathreg-tables, beeline, got "xlsx"/,
    );
  });

  it("fails with the reader's message naming the file", async () => {
    await expect(runInspect([join(HSMM, 'nothing-here.h5ad')])).rejects.toThrow(/^"nothing-here.h5ad" cannot be found or read/);
  });
});
