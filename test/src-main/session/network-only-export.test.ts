// "Network only" (issue 18): a velocity fit ranks every pair in edges.csv and gives those outside its cut-off network
// sign 0. With the Network view's checkbox on, the "as shown" exports (network file and figure) select the threshold
// and top-k from the fitted network's edges only, as the screen does; off, the unsigned pairs come back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { createAppSession } from '../../../src-main/session/create-session.ts';
import type { AppSession } from '../../../src-main/session/app-session.ts';
import type { ExportedFile, ImportedRun } from '../../../src-shared/contract/types.ts';
import { callChannel } from './session-calls.ts';

let root: string;
let session: AppSession;
let runId: string;

// Signed edges interleaved with heavier unsigned pairs, so a top-k over all edges differs from one over the network.
const EDGES = [
  ['TF1', 'G1', 9, 0],
  ['TF1', 'G2', 8, 1],
  ['TF2', 'G3', 7, 0],
  ['TF2', 'G1', 6, -1],
  ['TF1', 'G3', 5, 0],
  ['TF2', 'G2', 4, 1],
  ['G1', 'G2', 3, -1],
  ['G3', 'G4', 2, 0],
] as const;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pathreg-network-only-'));
  const file = path.join(root, 'ranked.csv');
  await writeFile(file, `source,target,weight,sign\n${EDGES.map((edge) => edge.join(',')).join('\n')}\n`);
  session = await createAppSession({ transport: 'http', sessionDir: path.join(root, 'session') });
  runId = (await callChannel<ImportedRun>(session, 'run:import', { path: file })).run.runId;
}, 60_000);

afterAll(async () => {
  await session.dispose();
  await rm(root, { recursive: true, force: true });
});

const csvEdges = (file: ExportedFile) =>
  Buffer.from(file.contentBase64, 'base64')
    .toString('utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .map(([source, target, , sign]) => `${source}>${target}:${sign}`);

describe('network only', () => {
  it('an "as shown" edge list takes the top-k of the signed edges only, and says so', async () => {
    const request = { runId, format: 'csv', selection: { topK: 3 }, hideIsolated: true };
    const only = await callChannel<ExportedFile>(session, 'export:network', { ...request, networkOnly: true });
    expect(csvEdges(only)).toEqual(['TF1>G2:1', 'TF2>G1:-1', 'TF2>G2:1']);
    expect(only.content).toContain('fitted network only');
    const all = await callChannel<ExportedFile>(session, 'export:network', request);
    expect(csvEdges(all)).toEqual(['TF1>G1:0', 'TF1>G2:1', 'TF2>G3:0']);
    expect(all.content).not.toContain('fitted network only');
  });

  it('the whole network keeps every ranked pair whatever the checkbox', async () => {
    const file = await callChannel<ExportedFile>(session, 'export:network', { runId, format: 'csv', selection: 'all', networkOnly: true });
    expect(csvEdges(file)).toHaveLength(EDGES.length);
  });

  it('the network figure draws only signed edges, with the note in its provenance', async () => {
    const base = { runId, figure: 'network', format: 'svg', width: 89, height: 70, unit: 'mm', dpi: 300, background: 'white' };
    const drawn = async (networkOnly: boolean) => {
      const file = await callChannel<ExportedFile>(session, 'export:figure', { ...base, selection: { topK: 4 }, networkOnly });
      const svg = new JSDOM(Buffer.from(file.contentBase64, 'base64').toString('utf8'), { contentType: 'image/svg+xml' }).window.document;
      return {
        edges: [...svg.querySelectorAll('g.edges line')].map(
          (line) => `${line.getAttribute('data-source')}>${line.getAttribute('data-target')}`,
        ),
        provenance: svg.querySelector('metadata')!.textContent!,
      };
    };
    const only = await drawn(true);
    expect(new Set(only.edges)).toEqual(new Set(['TF1>G2', 'TF2>G1', 'TF2>G2', 'G1>G2']));
    expect(only.provenance).toContain('fitted network only');
    const all = await drawn(false);
    expect(new Set(all.edges)).toEqual(new Set(['TF1>G1', 'TF1>G2', 'TF2>G3', 'TF2>G1']));
  });
});
