import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../../../src-main/cli/main.ts';
import { writeRunFixture, type RunFixture } from '../../export/run-folder-fixture.ts';

const LAUNCHER = fileURLToPath(new URL('../../../../bin/pathreg.mjs', import.meta.url));
let fixture: RunFixture;
let outDir: string;
beforeAll(async () => {
  fixture = await writeRunFixture(7);
  outDir = await mkdtemp(path.join(tmpdir(), 'pathreg-cli-export-'));
});
afterAll(async () => {
  await rm(fixture.folder, { recursive: true, force: true });
  await rm(outDir, { recursive: true, force: true });
});

/** Runs `pathreg export …` in-process and captures stderr. */
async function runExport(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await main(['export', ...args]), stderr };
  } finally {
    spy.mockRestore();
  }
}

describe('pathreg export', () => {
  it('writes every network format from a run folder; GraphML with --top-k reads back in networkx with that many edges', async () => {
    for (const format of ['csv', 'tsv', 'beeline', 'sif', 'graphml', 'cyjs', 'cx2', 'adjacency']) {
      const out = path.join(outDir, `net-${format}`);
      const result = await runExport([fixture.folder, '--format', format, '--top-k', '12', '--out', out]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain(`8 genes, 12 edges`);
    }
    const counts = execFileSync(
      '/usr/bin/python3',
      [
        '-c',
        'import networkx as nx,sys; g=nx.read_graphml(sys.argv[1]); print(g.number_of_nodes(), g.number_of_edges())',
        path.join(outDir, 'net-graphml'),
      ],
      { encoding: 'utf8' },
    );
    expect(counts.trim()).toBe('8 12');
  });

  it('--threshold keeps the edges at or above the weight, and the RUN_DIR may come after the options', async () => {
    const out = path.join(outDir, 'thr.csv');
    expect((await runExport(['--format', 'csv', '--threshold', '0.2', '--out', out, fixture.folder])).code).toBe(0);
    const rows = (await readFile(out, 'utf8'))
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .slice(1);
    expect(rows.length).toBe(fixture.edges.filter((edge) => edge.weight >= 0.2).length);
  });

  it('writes figures and the report', async () => {
    for (const [format, figure] of [
      ['svg', 'heatmap'],
      ['png', 'network'],
      ['pdf', 'metrics'],
    ]) {
      const out = path.join(outDir, `fig-${figure}.${format}`);
      const result = await runExport([
        fixture.folder,
        '--format',
        format,
        '--figure',
        figure,
        '--width',
        '183',
        '--height',
        '100',
        '--out',
        out,
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain(`${figure} figure, 183 × 100 mm`);
    }
    expect((await runExport([fixture.folder, '--format', 'html', '--out', path.join(outDir, 'r.html')])).code).toBe(0);
  });

  it('bad calls: one line naming the option or file and what to do, usage errors exit 2, nothing written', async () => {
    const cases: Array<[string[], number, RegExp]> = [
      [
        [fixture.folder, '--format', 'csv', '--top-k', '5', '--threshold', '0.1', '--out', 'x.csv'],
        2,
        /--top-k and --threshold both select edges; give one of them/,
      ],
      [
        [fixture.folder, '--format', 'xlsx', '--out', 'x'],
        2,
        /--format must be one of csv, tsv, beeline, sif, graphml, cyjs, cx2, adjacency, svg, png, pdf, html, got "xlsx"/,
      ],
      [[fixture.folder, '--format', 'csv'], 2, /--out FILE is required/],
      [['--format', 'csv', '--out', 'x.csv'], 2, /give the run folder first/],
      [[fixture.folder, '--format', 'png', '--dpi', '200', '--out', 'x.png'], 2, /--dpi must be one of 150, 300, 600, got "200"/],
      [[fixture.folder, '--format', 'csv', '--figure', 'network', '--out', 'x.csv'], 2, /--figure applies to svg, png and pdf only/],
      [[fixture.folder, '--format', 'csv', '--top-k', '0', '--out', 'x.csv'], 2, /--top-k must be a whole number from 1/],
      [
        [path.join(outDir, 'no-run'), '--format', 'csv', '--out', path.join(outDir, 'x.csv')],
        1,
        /no-run\/metrics\.json" is missing.*pathreg fit --out/,
      ],
      [
        [fixture.folder, '--format', 'csv', '--out', path.join(outDir, 'missing-folder', 'x.csv')],
        1,
        /the folder ".*missing-folder" does not exist/,
      ],
    ];
    const before = await readdir(outDir);
    for (const [args, code, message] of cases) {
      const result = await runExport(args);
      expect(result.code, args.join(' ')).toBe(code);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(await readdir(outDir)).toEqual(before);
  });

  it('an existing file is kept unless --force; the launcher (bin/pathreg.mjs) exits 1 with the message', async () => {
    const out = path.join(outDir, 'keep.graphml');
    await writeFile(out, 'precious\n');
    const refused = spawnSync(process.execPath, [LAUNCHER, 'export', fixture.folder, '--format', 'graphml', '--out', out], {
      encoding: 'utf8',
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/keep\.graphml" already exists and was left untouched\. Choose another file name, or pass --force/);
    expect(await readFile(out, 'utf8')).toBe('precious\n');
    expect((await runExport([fixture.folder, '--format', 'graphml', '--out', out, '--force'])).code).toBe(0);
    expect(await readFile(out, 'utf8')).toContain('<graphml');
  });
});
