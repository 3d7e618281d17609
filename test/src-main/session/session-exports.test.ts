// Export from the app over the contract (export:network, export:figure, export:report) and re-import (run:import):
// a real short run on the bundled example, real bytes checked by parsing them back, payloads validated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { APP_ROOT, createAppSession } from '../../../src-main/session/create-session.ts';
import type { AppSession } from '../../../src-main/session/app-session.ts';
import { dispatch } from '../../../src-main/session/handlers.ts';
import { PAPER_DEFAULTS } from '../../../src-shared/run-config.ts';
import type { ExportedFile, ImportedRun, RunResult } from '../../../src-shared/contract/types.ts';
import { validateRequest } from '../../../src-shared/contract/validate.ts';
import { edgeSelectionFromView, exportNetworkFromSession } from '../../../src-main/session/session-exports.ts';
import { readIndependently } from '../export/independent-readers.ts';
import { heatmapFromResult, networkFromResult } from '../../../src-shared/figures/run-adapters.ts';
import { selectFromSorted, sortEdges, withFocusEdges } from '../../../src-shared/figures/network-data.ts';
import { buildNetworkScene } from '../../../src-shared/figures/network-scene.ts';
import { clusterHeatmap } from '../../../src-shared/figures/render-heatmap.ts';
import { strongestRegulators } from '../../../src-shared/strongest-regulators.ts';

let root: string;
let session: AppSession;
let runId: string;
let result: RunResult;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pathreg-export-test-'));
  await cp(path.join(APP_ROOT, 'resources/examples/hematopoiesis'), path.join(root, 'data'), {
    recursive: true,
    filter: (source) => !/_21_/.test(source),
  });
  session = await createAppSession({ transport: 'http', sessionDir: path.join(root, 'session') });
  const dataset = await session.handlers['dataset:open']({ path: path.join(root, 'data') });
  const selection = { ...dataset.suggestedSelection!, genes: dataset.geneNames.slice(0, 6), testDonors: [] };
  const run = await session.handlers['training:start']({
    datasetId: dataset.datasetId,
    label: 'export run',
    selection,
    // λ 0 keeps every path open, so the network has edges to export.
    config: {
      ...PAPER_DEFAULTS,
      regularizer: { kind: 'none', lambda: 0 },
      model: { hidden: [4], activation: 'first' },
      solver: { kind: 'rk4', bins: 6, substeps: 1 },
      iterations: 6,
      engine: 'tfjs',
    },
  });
  await new Promise<void>((resolve) => {
    const stop = session.subscribe((event) => {
      if (event.type === 'training:state' && event.run.runId === run.runId && event.run.hasResult) {
        stop();
        resolve();
      }
    });
  });
  runId = run.runId;
  result = await session.handlers['run:result']({ runId });
}, 120_000);

afterAll(async () => {
  await session.dispose();
  await rm(root, { recursive: true, force: true });
});

async function call<T>(channel: string, payload: unknown): Promise<T> {
  const answer = await dispatch(session.handlers, channel, payload, JSON.stringify(payload).length);
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value as T;
}

const bytesOf = (file: ExportedFile) => Buffer.from(file.contentBase64, 'base64');

describe('export and import channels', () => {
  it('exports the current selection as GraphML with the right edge count, provenance inside, and imports it back', async () => {
    expect(result.edges.length).toBeGreaterThan(3);
    const positions = Object.fromEntries(result.genes.map((gene, i) => [gene, { x: 10 * i, y: 5 * i }]));
    const file = await call<ExportedFile>('export:network', { runId, format: 'graphml', selection: { topK: 3 }, positions });
    expect(file.fileName).toBe('export-run-network.graphml');
    const doc = new JSDOM(bytesOf(file).toString('utf8'), { contentType: 'application/xml' }).window.document;
    expect(doc.getElementsByTagName('edge')).toHaveLength(3);
    expect(doc.getElementsByTagName('node')).toHaveLength(6);
    expect(bytesOf(file).toString('utf8')).toContain('PathReg Studio');
    // Provenance names the input files with their SHA-256.
    const dataset = (await session.handlers['session:state']({})).datasets[0];
    expect(bytesOf(file).toString('utf8')).toContain(dataset.sources[0].sha256);

    // networkx reads the same file: three edges with the weights and signs of the three heaviest, six genes.
    const onDisk = path.join(root, file.fileName);
    await writeFile(onDisk, bytesOf(file));
    const reading = readIndependently('graphml', onDisk);
    expect(Object.keys(reading.nodes)).toHaveLength(6);
    expect(reading.edges).toHaveLength(3);

    const imported = await call<ImportedRun>('run:import', { fileName: file.fileName, contentBase64: file.contentBase64 });
    expect(imported.edges).toBe(3);
    expect(imported.genes).toBe(6);
    const back = await session.handlers['run:result']({ runId: imported.run.runId });
    expect(back.runId).toBe(imported.run.runId);
    const strongest = result.edges
      .slice()
      .sort((a, b) => b.weight - a.weight)
      .slice(0, 3);
    expect(back.edges.map((e) => [e.source, e.target, e.sign])).toEqual(strongest.map((e) => [e.source, e.target, e.sign]));
    back.edges.forEach((edge, i) => expect(edge.weight).toBeCloseTo(strongest[i].weight, 6));
    for (const edge of strongest) {
      const read = reading.edges.find((e) => e.source === edge.source && e.target === edge.target)!;
      expect(Number(read.weight)).toBeCloseTo(edge.weight, 6);
      expect(Number(read.sign)).toBe(edge.sign);
    }
    // The settings came back from the provenance inside the file.
    expect(imported.run.config.seed).toBe(PAPER_DEFAULTS.seed);
    expect(imported.run.config.model.hidden).toEqual([4]);
  });

  it('re-imports the whole network as CSV from a path, and a checkpoint.bin', async () => {
    const file = await call<ExportedFile>('export:network', { runId, format: 'csv', selection: 'all' });
    const csv = path.join(root, 'whole.csv');
    await writeFile(csv, bytesOf(file));
    const imported = await call<ImportedRun>('run:import', { path: csv });
    expect(imported.edges).toBe(result.edgeTotal ?? result.edges.length);
    expect(imported.notes.join(' ')).toMatch(/no TF flags/);
    const run = (await session.handlers['session:state']({})).runs.find((r) => r.runId === runId)!;
    const fromCheckpoint = await call<ImportedRun>('run:import', { path: path.join(run.folder, 'checkpoint.bin') });
    expect(fromCheckpoint.genes).toBe(6);
    expect(fromCheckpoint.edges).toBeGreaterThan(0);
    // Signs come from the run's result.json beside the checkpoint: the same as the trained run's.
    const fromCheckpointResult = await session.handlers['run:result']({ runId: fromCheckpoint.run.runId });
    const trainedSigns = new Map(result.edges.map((e) => [`${e.source}>${e.target}`, e.sign]));
    const matched = fromCheckpointResult.edges.filter((e) => trainedSigns.has(`${e.source}>${e.target}`));
    expect(matched.length).toBeGreaterThan(0);
    for (const edge of matched) expect(edge.sign).toBe(trainedSigns.get(`${edge.source}>${edge.target}`));
    expect(fromCheckpoint.notes.join(' ')).not.toMatch(/edge signs need/);
  });

  it('exports SIF with its provenance sidecar', async () => {
    const file = await call<ExportedFile>('export:network', { runId, format: 'sif', selection: { threshold: 0 } });
    expect(bytesOf(file).toString('utf8').trim().split('\n')).toHaveLength(result.edges.length);
    expect(JSON.parse(Buffer.from(file.sidecar!.contentBase64, 'base64').toString('utf8')).app).toBe('PathReg Studio');
  });

  it('exports the network figure as PDF, curves as PNG with tEXt provenance, metrics as SVG, and the report', async () => {
    const figure = { runId, width: 89, height: 70, unit: 'mm', dpi: 150, background: 'white' };
    const pdf = await call<ExportedFile>('export:figure', {
      ...figure,
      figure: 'network',
      format: 'pdf',
      selection: { topK: 5 },
      layout: 'hierarchical',
    });
    expect(bytesOf(pdf).subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(pdf.fileName).toBe('export-run-network.pdf');
    const png = await call<ExportedFile>('export:figure', { ...figure, figure: 'curves', format: 'png' });
    const pngBytes = bytesOf(png);
    expect([...pngBytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
    expect(pngBytes.includes(Buffer.from('tEXtpathreg:app_version'))).toBe(true);
    const svg = await call<ExportedFile>('export:figure', { ...figure, figure: 'metrics', format: 'svg', background: 'transparent' });
    expect(bytesOf(svg).toString('utf8')).toContain('pathreg-provenance');
    const trajectories = await call<ExportedFile>('export:figure', {
      ...figure,
      figure: 'trajectories',
      format: 'svg',
      genes: [result.genes[0]],
    });
    expect(bytesOf(trajectories).toString('utf8')).toContain(result.genes[0]);
    const report = await call<ExportedFile>('export:report', { runId });
    expect(bytesOf(report).toString('utf8')).toMatch(/^<!DOCTYPE html>/);
  }, 60_000);

  it('refuses bad payloads and unknown runs with messages', async () => {
    const refused = (channel: 'export:network' | 'export:figure' | 'run:import', payload: unknown) => {
      const answer = validateRequest(channel, payload);
      expect(answer.ok).toBe(false);
      return answer.ok ? '' : answer.error.message;
    };
    expect(refused('export:network', { runId, format: 'xlsx', selection: 'all' })).toMatch(/format/);
    expect(refused('export:network', { runId, format: 'csv', selection: { topK: 0 } })).toMatch(/selection/);
    expect(refused('export:network', { runId, format: 'csv', selection: 'all', extra: 1 })).toMatch(/extra/);
    expect(
      refused('export:figure', {
        runId,
        figure: 'network',
        format: 'png',
        width: 89,
        height: 60,
        unit: 'mm',
        dpi: 72,
        background: 'white',
      }),
    ).toMatch(/dpi/);
    expect(
      refused('export:figure', {
        runId,
        figure: 'network',
        format: 'svg',
        width: -1,
        height: 60,
        unit: 'cm',
        dpi: 300,
        background: 'white',
      }),
    ).toMatch(/width/);
    expect(refused('run:import', { fileName: '../x.graphml', contentBase64: '' })).toMatch(/refused/);
    const huge = await dispatch(session.handlers, 'export:network', { runId, format: 'csv', selection: 'all' }, 3 * 1024 * 1024);
    expect(huge.ok ? '' : huge.error.code).toBe('too-large');
    const missing = await dispatch(session.handlers, 'export:network', { runId: 'run-999', format: 'csv', selection: 'all' }, 80);
    expect(missing.ok ? '' : missing.error.message).toMatch(/no run "run-999"/);
    const notNetwork = await dispatch(
      session.handlers,
      'run:import',
      { fileName: 'notes.txt', contentBase64: Buffer.from('hello').toString('base64') },
      80,
    );
    expect(notNetwork.ok ? '' : notNetwork.error.message).toMatch(/notes\.txt.*\.graphml/);
  });

  it('turns the view’s threshold and top-k into one selection', () => {
    const network = {
      nodes: [],
      edges: [0.9, 0.5, 0.2, 0.1].map((weight, i) => ({ source: 'a', target: `g${i}`, weight, sign: 1 as const, rank: i + 1 })),
    };
    expect(edgeSelectionFromView(network, 'all')).toEqual({ kind: 'all' });
    expect(edgeSelectionFromView(network, { threshold: 0.3, topK: 3 })).toEqual({ kind: 'top-k', k: 2 });
    expect(edgeSelectionFromView(network, { threshold: 0.05, topK: 3 })).toEqual({ kind: 'top-k', k: 3 });
    expect(edgeSelectionFromView(network, { threshold: 0.3 })).toEqual({ kind: 'threshold', minWeight: 0.3 });
  });
});

describe('whole-network export from the app', () => {
  it('reads every edge from the run folder when the window holds only the heaviest ones', async () => {
    const state = await session.handlers['session:state']({});
    const summary = state.runs.find((r) => r.runId === runId)!;
    const total = result.edgeTotal ?? result.edges.length;
    expect(total).toBe(6 * 5);
    // As for a big network: the window was sent only the 4 heaviest edges.
    const cut = { summary, result: { ...result, edges: result.edges.slice(0, 4) }, history: [], dataset: null, appVersion: 'test' };
    const file = await exportNetworkFromSession(cut, { runId, format: 'csv', selection: 'all' });
    const rows = bytesOf(file)
      .toString('utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .slice(1);
    expect(rows).toHaveLength(total);
    const top = await exportNetworkFromSession(cut, { runId, format: 'csv', selection: { topK: 2 } });
    expect(
      bytesOf(top)
        .toString('utf8')
        .split('\n')
        .filter((line) => line && !line.startsWith('#'))
        .slice(1),
    ).toHaveLength(2);
  });
});

describe('exports equal the screen', () => {
  it('"as shown" GraphML holds exactly the genes the Network view draws, read back by networkx', async () => {
    const view = networkFromResult(result);
    const shown = selectFromSorted(sortEdges(view.edges), { topK: 3 });
    // The scene the Network view's canvas draws (hide genes without edges, its default), no layout needed to count.
    const scene = buildNetworkScene(view, shown, {}, null, { nodeRadius: 4, minEdgeWidth: 1, maxEdgeWidth: 3, hideIsolated: true });
    expect(scene.nodes.length).toBeLessThan(result.genes.length);
    const file = await call<ExportedFile>('export:network', { runId, format: 'graphml', selection: { topK: 3 }, hideIsolated: true });
    const out = path.join(root, 'as-shown.graphml');
    await writeFile(out, bytesOf(file));
    const read = readIndependently('graphml', out);
    expect(Object.keys(read.nodes).sort()).toEqual(scene.nodes.map((node) => node.id).sort());
    expect(read.edges).toHaveLength(3);
    expect(file.content).toMatch(/as the Network view shows them/);
  });

  it('a focused gene\'s extra links, drawn below the top-k on screen, are in the "as shown" GraphML and figure', async () => {
    const view = networkFromResult(result);
    const sorted = sortEdges(view.edges);
    const top = selectFromSorted(sorted, { topK: 1 });
    // A gene outside the heaviest edge, whose own links the view adds when it is focused.
    const focus = result.genes.find((gene) => gene !== top[0].source && gene !== top[0].target)!;
    const shown = withFocusEdges(top, sorted, focus);
    expect(shown.length).toBeGreaterThan(1);
    const scene = buildNetworkScene(
      view,
      shown,
      {},
      null,
      { nodeRadius: 4, minEdgeWidth: 1, maxEdgeWidth: 3, hideIsolated: true },
      { focus },
    );
    const request = { runId, selection: { topK: 1 }, hideIsolated: true, focus };
    const file = await call<ExportedFile>('export:network', { ...request, format: 'graphml' });
    const out = path.join(root, 'focus-as-shown.graphml');
    await writeFile(out, bytesOf(file));
    const read = readIndependently('graphml', out);
    expect(Object.keys(read.nodes).sort()).toEqual(scene.nodes.map((node) => node.id).sort());
    expect(read.edges).toHaveLength(shown.length);
    expect(file.content).toContain(`strongest links of the focused gene ${focus}`);
    const figure = await call<ExportedFile>('export:figure', {
      ...request,
      figure: 'network',
      format: 'svg',
      width: 89,
      height: 71,
      unit: 'mm',
      dpi: 300,
      background: 'white',
    });
    const svg = new JSDOM(bytesOf(figure).toString('utf8'), { contentType: 'image/svg+xml' }).window.document.documentElement;
    expect(Number(svg.getAttribute('data-edge-count'))).toBe(shown.length);
    expect(Number(svg.getAttribute('data-node-count'))).toBe(scene.nodes.length);
    const stale = await dispatch(session.handlers, 'export:network', { ...request, format: 'csv', focus: 'NOT_A_GENE' }, 200);
    expect(stale.ok ? '' : stale.error.message).toMatch(/focused gene "NOT_A_GENE" is not among the 6 genes of export run/);
  });

  it("a CSV export opens in Python's csv module with the header on line 1 and its provenance in the sidecar", async () => {
    const file = await call<ExportedFile>('export:network', { runId, format: 'csv', selection: { topK: 5 } });
    expect(bytesOf(file).toString('utf8').split('\n')[0]).toBe('source,target,weight,sign,rank');
    const out = path.join(root, 'shown.csv');
    await writeFile(out, bytesOf(file));
    const read = readIndependently('csv', out);
    expect(read.header).toEqual(['source', 'target', 'weight', 'sign', 'rank']);
    expect(read.edges).toHaveLength(5);
    expect(file.sidecar?.fileName).toBe('export-run-network.csv.provenance.json');
    expect(JSON.parse(Buffer.from(file.sidecar!.contentBase64, 'base64').toString('utf8')).app).toBe('PathReg Studio');
  });

  for (const cluster of [true, false]) {
    it(`the heatmap file draws the Heatmap view's matrix (${cluster ? 'clustered' : 'run order'}), not the Network view's edges`, async () => {
      const screen = heatmapFromResult(result);
      const order = clusterHeatmap(screen, cluster);
      // A selection from the Network view must not shrink the file below what the Heatmap view shows.
      const file = await call<ExportedFile>('export:figure', {
        runId,
        figure: 'heatmap',
        format: 'svg',
        width: 89,
        height: 80,
        unit: 'mm',
        dpi: 150,
        background: 'white',
        selection: { topK: 3 },
        cluster,
      });
      const doc = new JSDOM(bytesOf(file).toString('utf8'), { contentType: 'image/svg+xml' }).window.document;
      const svg = doc.documentElement;
      expect(Number(svg.getAttribute('data-rows'))).toBe(screen.rows.length);
      expect(Number(svg.getAttribute('data-columns'))).toBe(screen.columns.length);
      const cells = Array.from(doc.querySelectorAll('[data-row]'));
      // Genes in drawn order: by each cell's position (zero cells are left out, so first appearance would not do).
      const inOrder = (attribute: string, axis: string) =>
        [...new Map(cells.map((cell) => [cell.getAttribute(attribute)!, Number(cell.getAttribute(axis))])).entries()]
          .sort((a, b) => a[1] - b[1])
          .map(([gene]) => gene);
      const rowsInFile = inOrder('data-row', 'y');
      const columnsInFile = inOrder('data-column', 'x');
      expect(rowsInFile).toEqual(order.rowOrder.map((i) => screen.rows[i]));
      expect(columnsInFile).toEqual(order.columnOrder.map((i) => screen.columns[i]));
    });
  }

  it('the HTML report plots the genes chosen in the Trajectories view and shows its whole metrics table', async () => {
    const chosen = [result.genes[4], result.genes[1]];
    const report = await call<ExportedFile>('export:report', { runId, genes: chosen });
    const html = bytesOf(report).toString('utf8');
    const doc = new JSDOM(html).window.document;
    const panels = Array.from(doc.querySelectorAll('[data-testid="report:figure-trajectories"] g.panel'));
    expect(panels.map((panel) => panel.getAttribute('data-gene'))).toEqual(chosen);
    expect(html).not.toContain('Table taller than the figure');
    // Without a choice the report plots the strongest regulators, as the Trajectories view starts with.
    const byDefault = new JSDOM(bytesOf(await call<ExportedFile>('export:report', { runId })).toString('utf8')).window.document;
    const strongest = strongestRegulators(result.edges, 4, result.genes);
    expect(
      Array.from(byDefault.querySelectorAll('[data-testid="report:figure-trajectories"] g.panel')).map((panel) =>
        panel.getAttribute('data-gene'),
      ),
    ).toEqual(strongest);
    const unknown = await dispatch(session.handlers, 'export:report', { runId, genes: ['NOT_A_GENE'] }, 80);
    expect(unknown.ok ? '' : unknown.error.message).toMatch(/"NOT_A_GENE" is not among the 6 genes of export run/);
  }, 60_000);
});
