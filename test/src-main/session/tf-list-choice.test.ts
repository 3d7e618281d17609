// The app's TF-list choice end to end below the window: the contract accepts a bundled name, a path or an upload
// (and nothing else), the file-access policy checks only paths, the session turns uploads into files and refuses a
// list that names none of the genes before a run starts, and the job reads each source as `pathreg fit` would.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateRequest } from '../../../src-shared/contract/validate.ts';
import { BUNDLED_TF_LISTS, type TfListChoice } from '../../../src-shared/tf-list-choice.ts';
import { readBundledTfList } from '../../../src-main/data/tf-lists/bundled-tf-lists.ts';
import { readJobTfList } from '../../../src-main/jobs/job-tf-list.ts';
import { tfListMismatch, tfListSourceOf } from '../../../src-main/session/tf-list-choice.ts';
import { tfListOverlap } from '../../../src-main/session/tf-list-overlap.ts';
import { folderPolicy, withFileAccessPolicy } from '../../../src-main/session/file-access-policy.ts';
import type { Handlers } from '../../../src-main/session/handlers.ts';
import { createAppSession } from '../../../src-main/session/create-session.ts';
import type { AppSession } from '../../../src-main/session/app-session.ts';
import type { DatasetInfo } from '../../../src-shared/contract/types.ts';
import { PAPER_DEFAULTS } from '../../../src-shared/run-config.ts';

const base64 = (text: string) => Buffer.from(text).toString('base64');
let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pathreg-tf-choice-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the contract’s TF-list choice', () => {
  const selection = {
    genes: [],
    pseudotimeColumn: 'pseudotime',
    lineageColumn: null,
    donorColumn: null,
    lineages: [],
    trainDonors: [],
    testDonors: [],
    trimStart: 0,
    trimEnd: 0,
  };
  const start = (tfList: unknown) =>
    validateRequest('training:start', { datasetId: 'dataset-1', selection, config: PAPER_DEFAULTS, tfList });

  it('accepts every bundled name, a path, an upload and none; absent is the automatic default', () => {
    for (const { name } of BUNDLED_TF_LISTS) expect(start({ kind: 'bundled', name }).ok, name).toBe(true);
    expect(start({ kind: 'path', path: '/data/tfs.txt' }).ok).toBe(true);
    expect(start({ kind: 'upload', fileName: 'tfs.txt', contentBase64: base64('GATA1\n') }).ok).toBe(true);
    expect(start({ kind: 'none' }).ok).toBe(true);
    expect(validateRequest('training:start', { datasetId: 'dataset-1', selection, config: PAPER_DEFAULTS }).ok).toBe(true);
    const overlap = validateRequest('dataset:tf-overlap', {
      datasetId: 'dataset-1',
      tfList: { kind: 'bundled', name: 'mouse' },
      genes: [],
    });
    expect(overlap.ok).toBe(true);
  });

  it('refuses an unknown bundled name, a bundled name with a path, an upload into a folder, and the old path field', () => {
    const refused = (result: ReturnType<typeof start>) => (result.ok ? '' : result.error.message);
    expect(refused(start({ kind: 'bundled', name: 'zebrafish' }))).toMatch(/tfList\.name/);
    expect(refused(start({ kind: 'bundled', name: 'human', path: '/etc/passwd' }))).toMatch(/tfList/);
    expect(refused(start({ kind: 'upload', fileName: '../tfs.txt', contentBase64: base64('GATA1') }))).toMatch(/file name without folders/);
    expect(refused(start({ kind: 'upload', fileName: 'tfs.txt', contentBase64: 'not base64!' }))).toMatch(/base64/);
    const old = validateRequest('training:start', { datasetId: 'dataset-1', selection, config: PAPER_DEFAULTS, tfListPath: '/tfs.txt' });
    expect(old.ok).toBe(false);
  });
});

describe('the file-access policy and the TF-list choice', () => {
  it('checks a path against the allowed folders, but lets a bundled list (outside them) and a well-named upload through', async () => {
    const inside = path.join(root, 'inside');
    const seen: TfListChoice[] = [];
    const spy = {
      'dataset:tf-overlap': async (request: { tfList: TfListChoice }) => {
        seen.push(request.tfList);
        return { origin: '', symbols: 0, genes: 0, tfs: 0, examples: [] };
      },
    } as unknown as Handlers;
    const guarded = withFileAccessPolicy(spy, await folderPolicy({ roots: [root] }));
    const ask = (tfList: TfListChoice) => guarded['dataset:tf-overlap']({ datasetId: 'dataset-1', tfList, genes: [] });
    await ask({ kind: 'bundled', name: 'human' });
    await ask({ kind: 'upload', fileName: 'my-tfs.txt', contentBase64: base64('GATA1') });
    await ask({ kind: 'path', path: path.join(inside, '..', 'tfs.txt') });
    expect(seen).toEqual([
      { kind: 'bundled', name: 'human' },
      { kind: 'upload', fileName: 'my-tfs.txt', contentBase64: base64('GATA1') },
      { kind: 'path', path: path.join(root, 'tfs.txt') },
    ]);
    await expect(ask({ kind: 'path', path: '/etc/passwd' })).rejects.toThrow(/outside the folders/);
    expect(seen).toHaveLength(3);
  });
});

describe('resolving a choice', () => {
  it('reads a bundled list by name as `pathreg fit --tf-list human` does, as a list the user gave', async () => {
    const human = await readJobTfList({ kind: 'bundled', name: 'human' });
    expect(human.given).toBe(true);
    expect(human.tfList?.origin).toBe('human');
    expect(human.tfList?.symbols).toEqual((await readBundledTfList('human')).symbols);
    const automatic = await readJobTfList({ kind: 'default' });
    expect(automatic).toMatchObject({ given: false, tfList: { origin: 'pathreg-basegrn-human' } });
    expect(await readJobTfList({ kind: 'none' })).toEqual({ tfList: null, given: false });
  });

  it('holds the symbol counts the Data view’s dropdown shows', async () => {
    for (const entry of BUNDLED_TF_LISTS) {
      expect((await readBundledTfList(entry.name)).symbols.length, entry.name).toBe(entry.symbols);
    }
  });

  it('keeps an upload in the session folder once per content, named by its own file name', async () => {
    const sessionDir = path.join(root, 'session');
    const choice: TfListChoice = { kind: 'upload', fileName: 'lab-tfs.txt', contentBase64: base64('# ours\nGATA1\nSPI1\n') };
    const first = await tfListSourceOf(choice, sessionDir);
    const again = await tfListSourceOf(choice, sessionDir);
    expect(again).toEqual(first);
    expect(first).toMatchObject({ kind: 'file', origin: 'lab-tfs.txt' });
    if (first.kind !== 'file') throw new Error('not a file');
    await expect(readFile(first.path, 'utf8')).resolves.toBe('# ours\nGATA1\nSPI1\n');
    expect(await readdir(path.join(sessionDir, 'uploads', 'tf-lists'))).toHaveLength(1);
    const read = await readJobTfList(first);
    expect(read).toMatchObject({ given: true, tfList: { origin: 'lab-tfs.txt', symbols: ['GATA1', 'SPI1'] } });
    const overlap = await tfListOverlap(first, [], ['GATA1', 'KLF1', 'SPI1']);
    expect(overlap).toMatchObject({ origin: 'lab-tfs.txt', symbols: 2, genes: 3, tfs: 2, examples: ['GATA1', 'SPI1'] });
    await expect(tfListSourceOf({ kind: 'path', path: path.join(root, 'nowhere.txt') }, sessionDir)).rejects.toThrow(
      /There is no TF list at ".*nowhere\.txt"/,
    );
  });

  it('words a list that names none of the genes, and nothing for one that names some', () => {
    const none = { origin: 'mouse', symbols: 1479, genes: 2, tfs: 0, examples: [] };
    expect(tfListMismatch(none, 'hsmm.h5ad', true)).toMatch(
      /^The TF list mouse \(1,479 symbols\) names none of the 2 chosen genes of "hsmm\.h5ad", so the run would stop before training\. .*Gene names from/,
    );
    expect(tfListMismatch({ ...none, tfs: 1, examples: ['MYOG'] }, 'hsmm.h5ad', true)).toBeNull();
  });
});

describe('training:start with a TF list (the bundled example, a real session)', () => {
  let session: AppSession;
  let dataset: DatasetInfo;
  beforeAll(async () => {
    session = await createAppSession({ transport: 'http', sessionDir: path.join(root, 'real-session') });
    dataset = await session.handlers['dataset:open-example']({ exampleId: 'hematopoiesis' });
  });
  afterAll(async () => {
    await session?.dispose();
  });

  it('counts the bundled human list’s TFs among the example’s genes', async () => {
    const overlap = await session.handlers['dataset:tf-overlap']({
      datasetId: dataset.datasetId,
      tfList: { kind: 'bundled', name: 'human' },
      genes: [],
    });
    expect(overlap.origin).toBe('human');
    expect(overlap.symbols).toBe(1563);
    expect(overlap.genes).toBe(529);
    expect(overlap.tfs).toBeGreaterThan(50);
    expect(overlap.examples.length).toBe(6);
  });

  it('refuses at once a list that names none of the chosen genes, before any run exists', async () => {
    const started = Date.now();
    await expect(
      session.handlers['training:start']({
        datasetId: dataset.datasetId,
        selection: { ...dataset.suggestedSelection!, genes: ['GATA1', 'KLF1'] },
        config: { ...PAPER_DEFAULTS, iterations: 5, engine: 'tfjs' },
        tfList: { kind: 'upload', fileName: 'fly-tfs.txt', contentBase64: base64('bcd\nhb\nKr\n') },
      }),
    ).rejects.toThrow(/^The TF list fly-tfs\.txt \(3 symbols\) names none of the 2 chosen genes of "hematopoiesis"/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await session.handlers['training:list']({})).toEqual([]);
  });
});
