// Run comparison over the contract (issue 18): two seeds of one short fit, imported as run folders, compared with
// runs:compare; the Jaccard of their top-k and the Spearman correlation equal ones computed here from the two
// edges.csv files by a separate route, and the exported difference network holds every edge of either top-k: as CSV,
// as GraphML and cyjs read back by networkx (class counts and each run's weight equal edges.csv's), and as the
// figure in SVG and PNG with both runs' provenance inside.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { JSDOM } from 'jsdom';
import { readIndependently } from '../export/independent-readers.ts';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAppSession } from '../../../src-main/session/create-session.ts';
import type { AppSession } from '../../../src-main/session/app-session.ts';
import type { ExportedFile, ImportedRun } from '../../../src-shared/contract/types.ts';
import type { RunComparison } from '../../../src-shared/contract/run-comparison.ts';
import { runCli, writeTrajectoryFolder } from '../cli/cli-harness.ts';
import { callChannel } from './session-calls.ts';

let root: string;
let session: AppSession;
const folders: string[] = [];
const runs: ImportedRun[] = [];

/** edges.csv as "source>target" → weight, read with a plain split (the fixture's gene names hold no commas). */
async function edgesOf(folder: string): Promise<Map<string, number>> {
  const lines = (await readFile(path.join(folder, 'edges.csv'), 'utf8')).trim().split('\n').slice(1);
  const map = new Map<string, number>();
  for (const line of lines) {
    const [source, target, weight] = line.split(',');
    if (source !== target) map.set(`${source}>${target}`, Number(weight));
  }
  return map;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pathreg-compare-'));
  const data = await writeTrajectoryFolder(path.join(root, 'data'));
  for (const seed of [0, 1]) {
    const out = path.join(root, `seed-${seed}`);
    const options = `--train 12 --test 21 --iterations 12 --hidden 4 --bins 5 --engine wasm --tf-list none --seed ${seed}`;
    const fit = await runCli(['fit', '--data', data, ...options.split(' '), '--out', out]);
    expect(fit.code, fit.stderr).toBe(0);
    folders.push(out);
  }
  session = await createAppSession({ transport: 'http', sessionDir: path.join(root, 'session') });
  for (const folder of folders) runs.push(await callChannel<ImportedRun>(session, 'run:import', { path: folder }));
}, 180_000);

afterAll(async () => {
  await session.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('two seeds compared', () => {
  it('Jaccard of the top-k and Spearman over shared pairs equal an independent computation from edges.csv', async () => {
    const [a, b] = await Promise.all(folders.map(edgesOf));
    expect(a.size).toBeGreaterThan(5);
    const k = Math.floor(Math.min(a.size, b.size) / 2);
    const comparison = await callChannel<RunComparison>(session, 'runs:compare', { runIds: runs.map((r) => r.run.runId), topK: k });
    // Independently: order by weight descending, then by "source>target" text (the same tie rule as the exports).
    const top = (m: Map<string, number>) =>
      new Set(
        [...m.entries()]
          .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
          .slice(0, k)
          .map(([key]) => key),
      );
    const [topA, topB] = [top(a), top(b)];
    const shared = [...topA].filter((key) => topB.has(key)).length;
    const jaccard = shared / (topA.size + topB.size - shared);
    expect(comparison.overlaps).toHaveLength(1);
    expect(comparison.overlaps[0].jaccard).toBeCloseTo(jaccard, 12);
    expect(comparison.runs.map((r) => r.edges)).toEqual([a.size, b.size]);
    // Spearman as 1 − 6Σd²/(n(n²−1)) holds without ties; the fit's weights have none among shared pairs here.
    const pairs = [...a.keys()].filter((key) => b.has(key));
    const rank = (values: number[]) => {
      const order = values.map((v, i) => [v, i] as const).sort((x, y) => x[0] - y[0]);
      const ranks = new Array<number>(values.length);
      order.forEach(([, i], r) => (ranks[i] = r + 1));
      return ranks;
    };
    const ra = rank(pairs.map((key) => a.get(key)!));
    const rb = rank(pairs.map((key) => b.get(key)!));
    const n = pairs.length;
    const rho = 1 - (6 * ra.reduce((sum, r, i) => sum + (r - rb[i]) ** 2, 0)) / (n * (n * n - 1));
    expect(comparison.overlaps[0].sharedPairs).toBe(n);
    expect(comparison.overlaps[0].spearman).toBeCloseTo(rho, 9);
    // The difference network: every edge of either top-k once, marked where it is.
    expect(comparison.difference).toHaveLength(topA.size + topB.size - shared);
    expect(comparison.difference.filter((e) => e.in === 'both')).toHaveLength(shared);
    expect(comparison.metrics.find((m) => m.key === 'seed')?.values).toEqual([0, 1]);
  });

  it('exports the difference network as CSV (header on line 1) with both runs’ provenance in the sidecar', async () => {
    const file = await callChannel<ExportedFile>(session, 'export:comparison', { runIds: runs.map((r) => r.run.runId), topK: 5 });
    const lines = Buffer.from(file.contentBase64, 'base64').toString('utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('source,target,in,weight_a,sign_a,weight_b,sign_b');
    expect(lines.length - 1).toBeGreaterThanOrEqual(5);
    const sidecar = JSON.parse(Buffer.from(file.sidecar!.contentBase64, 'base64').toString('utf8'));
    expect(sidecar.runs).toHaveLength(2);
    expect(sidecar.overlaps[0]).toHaveProperty('jaccard');
  });

  /** The classes of the union of both top-k, computed here from the two edges.csv files. */
  async function classesFromFiles(k: number): Promise<{ a: Map<string, number>; b: Map<string, number>; classes: Map<string, string> }> {
    const [a, b] = await Promise.all(folders.map(edgesOf));
    const top = (m: Map<string, number>) =>
      new Set(
        [...m.entries()]
          .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
          .slice(0, k)
          .map(([key]) => key),
      );
    const [topA, topB] = [top(a), top(b)];
    const classes = new Map<string, string>();
    for (const key of topA) classes.set(key, topB.has(key) ? 'both' : 'only_A');
    for (const key of topB) if (!topA.has(key)) classes.set(key, 'only_B');
    return { a, b, classes };
  }

  const count = (values: Iterable<string>) => {
    const counts: Record<string, number> = { only_A: 0, only_B: 0, both: 0 };
    for (const value of values) counts[value]++;
    return counts;
  };

  it('exports GraphML and cyjs whose edges, read by networkx, carry the class and both runs’ weights of edges.csv', async () => {
    const k = 6;
    const { a, b, classes } = await classesFromFiles(k);
    expect(count(classes.values()).only_A).toBeGreaterThan(0);
    for (const format of ['graphml', 'cyjs'] as const) {
      const file = await callChannel<ExportedFile>(session, 'export:comparison', { runIds: runs.map((r) => r.run.runId), topK: k, format });
      expect(file.fileName.endsWith(`.${format}`)).toBe(true);
      const out = path.join(root, `difference.${format}`);
      await writeFile(out, Buffer.from(file.contentBase64, 'base64'));
      const read = readIndependently(format, out);
      expect(read.directed).toBe(true);
      const byKey = new Map(read.edges.map((edge) => [`${edge.source}>${edge.target}`, edge]));
      expect(new Set(byKey.keys())).toEqual(new Set(classes.keys()));
      expect(count(read.edges.map((edge) => String(edge.comparison)))).toEqual(count(classes.values()));
      for (const [key, where] of classes) {
        const edge = byKey.get(key)!;
        expect(edge.comparison).toBe(where);
        // Each run's weight as edges.csv has it (absent or null where that run has no such edge).
        if (a.has(key)) expect(edge.weight_a as number).toBeCloseTo(a.get(key)!, 6);
        else expect(edge.weight_a ?? null).toBeNull();
        if (b.has(key)) expect(edge.weight_b as number).toBeCloseTo(b.get(key)!, 6);
        else expect(edge.weight_b ?? null).toBeNull();
        expect([-1, 0, 1]).toContain(Number(edge.sign_a ?? edge.sign_b));
      }
      // Only the genes on these edges, and both run folders with their metrics in the provenance.
      const genes = new Set([...classes.keys()].flatMap((key) => key.split('>')));
      expect(new Set(Object.keys(read.nodes))).toEqual(genes);
      const provenance = JSON.stringify(read.graph);
      // The session's run folders (an imported folder is copied into the session first).
      for (const { run } of runs) expect(provenance).toContain(run.folder);
      expect(provenance).toMatch(/run_a.*metrics.*train_mse/);
      expect(provenance).toMatch(/run_b.*metrics.*train_mse/);
    }
  });

  it('keeps only the classes asked for (GraphML of the only-B edges)', async () => {
    const k = 6;
    const { classes } = await classesFromFiles(k);
    const request = { runIds: runs.map((r) => r.run.runId), topK: k, format: 'graphml', classes: ['b'] };
    const file = await callChannel<ExportedFile>(session, 'export:comparison', request);
    const out = path.join(root, 'only-b.graphml');
    await writeFile(out, Buffer.from(file.contentBase64, 'base64'));
    const read = readIndependently('graphml', out);
    expect(read.edges.length).toBe(count(classes.values()).only_B);
    expect(read.edges.every((edge) => edge.comparison === 'only_B')).toBe(true);
  });

  it('exports the figure as SVG (edges per class, provenance inside) and PNG (text chunks)', async () => {
    const k = 6;
    const { classes } = await classesFromFiles(k);
    const expected = count(classes.values());
    const base = { runIds: runs.map((r) => r.run.runId), topK: k };
    const svgFile = await callChannel<ExportedFile>(session, 'export:comparison', {
      ...base,
      format: 'svg',
      figure: { width: 89, height: 70, unit: 'mm', dpi: 300, background: 'white' },
    });
    const text = Buffer.from(svgFile.contentBase64, 'base64').toString('utf8');
    const svg = new JSDOM(text, { contentType: 'image/svg+xml' }).window.document.documentElement;
    expect(svg.getAttribute('width')).toBe('89mm');
    const drawn = count([...svg.querySelectorAll('line.diff-edge')].map((line) => line.getAttribute('data-comparison') ?? ''));
    expect(drawn).toEqual(expected);
    const metadata = JSON.parse(svg.querySelector('metadata')!.textContent!);
    expect(metadata.parameters.comparison.run_a.folder).toBe(runs[0].run.folder);
    expect(metadata.parameters.comparison.run_b.folder).toBe(runs[1].run.folder);
    expect(metadata.parameters.comparison.run_b.metrics.seed).toBe(1);
    const png = Buffer.from(
      (await callChannel<ExportedFile>(session, 'export:comparison', { ...base, format: 'png' })).contentBase64,
      'base64',
    );
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.toString('latin1')).toContain('pathreg:param.comparison.run_b.folder');
  });

  it('refuses the same run twice, and a single run, with a message', async () => {
    const id = runs[0].run.runId;
    await expect(callChannel(session, 'runs:compare', { runIds: [id, id], topK: 5 })).rejects.toThrow(/same run is chosen twice/);
    await expect(callChannel(session, 'runs:compare', { runIds: [id], topK: 5 })).rejects.toThrow();
  });
});
