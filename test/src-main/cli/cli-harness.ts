// Runs the CLI in-process with stdout/stderr captured, and writes small seeded trajectory folders for it.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { vi } from 'vitest';
import { main } from '../../../src-main/cli/main.ts';
import { SeededRandom } from '../../../src-main/engine/model/random.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

export const FIXTURE_GENES = ['GATA1', 'SPI1', 'CEBPA', 'KLF1', 'PAX5'];

/**
 * A folder in the paper's layout: donors 12 and 21, lineages eryth and mono, except that donor 21 has no mono file
 * (like the real donor 24 without eryth). 60 cells each, so 30 remain after the paper's trimming.
 */
export async function writeTrajectoryFolder(folder: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  const random = new SeededRandom(3);
  const files: Array<[string, string]> = [
    ['eryth', '12'],
    ['mono', '12'],
    ['eryth', '21'],
  ];
  for (const [lineage, donor] of files) {
    const rows = [['dpt_pseudotime', ...FIXTURE_GENES].join('\t')];
    for (let c = 0; c < 60; c++) {
      const t = random.uniform();
      const values = FIXTURE_GENES.map((_, g) =>
        Math.max(0, Math.sin(t * 3 + g + (lineage === 'mono' ? 1 : 0)) + 0.2 * random.uniform()).toFixed(4),
      );
      rows.push([t.toFixed(6), ...values].join('\t'));
    }
    await writeFile(join(folder, `${lineage}_${donor}_norm.tsv`), `${rows.join('\n')}\n`);
  }
  return folder;
}
