/**
 * Every channel that takes a path, with the real session behind the policy: a path outside the allowed folders is
 * refused before anything is created, opened or tested, and the refusal reads the same whether the file exists.
 * The "outside" files include a FIFO: anything that opened it for reading would block, so the test would hang.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppSession } from '../../../src-main/session/app-session.ts';
import { dispatch, type Handlers } from '../../../src-main/session/handlers.ts';
import { DialogGrants, folderPolicy, realPathOf, withFileAccessPolicy } from '../../../src-main/session/file-access-policy.ts';
import type { Result } from '../../../src-shared/contract/result.ts';
import { PAPER_DEFAULTS } from '../../../src-shared/run-config.ts';

const SECRET = 'SECRET-CONTENT-7f3a';

let base: string;
let inside: string;
let outside: string;
let session: AppSession;
let handlers: Handlers;
const described: string[] = [];

async function call(channel: string, payload: unknown, using: Handlers = handlers): Promise<Result<unknown>> {
  return dispatch(using, channel, payload, JSON.stringify(payload).length);
}

function refusedMessage(result: Result<unknown>): string {
  expect(result.ok).toBe(false);
  if (result.ok) return '';
  expect(result.error.code).toBe('forbidden');
  expect(result.error.message).not.toContain(SECRET);
  return result.error.message;
}

/** The refusal for a missing file and for an existing one differ only in the path: no existence oracle. */
async function expectRefusedAlike(channel: string, payloadFor: (file: string) => unknown): Promise<void> {
  const existing = path.join(outside, 'secret.csv');
  const missing = path.join(outside, 'no-such-file.csv');
  const fifo = path.join(outside, 'pipe.csv');
  const a = refusedMessage(await call(channel, payloadFor(existing)));
  const b = refusedMessage(await call(channel, payloadFor(missing)));
  const c = refusedMessage(await call(channel, payloadFor(fifo)));
  const unnamed = (message: string) => message.replace(/secret|no-such-file|pipe/, 'X');
  expect(unnamed(a)).toBe(unnamed(b));
  expect(unnamed(c)).toBe(unnamed(b));
}

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'pathreg-file-policy-'));
  inside = path.join(base, 'inside');
  outside = path.join(base, 'outside');
  await mkdir(inside);
  await mkdir(outside);
  await writeFile(path.join(outside, 'secret.csv'), `source,target,weight,sign,rank\n${SECRET},B,0.5,1,1\n`);
  execFileSync('mkfifo', [path.join(outside, 'pipe.csv')]);
  // A link inside the allowed folder that leads out of it.
  await symlink(outside, path.join(inside, 'link-out'));
  session = new AppSession({
    sessionDir: path.join(base, 'session'),
    examplesDir: path.join(base, 'no-examples'),
    describeDataset: async (file): Promise<never> => {
      described.push(file);
      throw new Error(`test describer called for ${file}`);
    },
    listEngines: async () => [],
    transport: 'http',
    appVersion: 'test',
  });
  handlers = withFileAccessPolicy(session.handlers, await folderPolicy({ roots: [inside] }));
  // One finished run in the session, so a save has run folders to copy (the refused save used to copy them first).
  const imported = await call('run:import', {
    fileName: 'network.csv',
    contentBase64: Buffer.from('source,target,weight,sign,rank\nA,B,0.5,1,1\n').toString('base64'),
  });
  expect(imported.ok).toBe(true);
});

afterAll(async () => {
  await session?.dispose();
  await rm(base, { recursive: true, force: true });
});

describe('file-path channels outside the allowed folders', () => {
  it('dataset:open is refused without reading, and alike for existing and missing files', async () => {
    await expectRefusedAlike('dataset:open', (file) => ({ path: file }));
    await expectRefusedAlike('dataset:open', (file) => ({ path: path.join(inside, 'link-out', path.basename(file)) }));
    expect(refusedMessage(await call('dataset:open', { path: '../../../../etc/passwd' }))).toMatch(/pathreg serve --root/);
    expect(described).toEqual([]);
  });

  it('the TF list of training:start is refused before the run or the file is looked at', async () => {
    await expectRefusedAlike('training:start', (file) => ({
      datasetId: 'dataset-1',
      selection: {
        genes: [],
        pseudotimeColumn: 'pseudotime',
        lineageColumn: null,
        donorColumn: null,
        lineages: [],
        trainDonors: [],
        testDonors: [],
        trimStart: 0,
        trimEnd: 0,
      },
      config: { ...PAPER_DEFAULTS, iterations: 8, engine: 'tfjs' },
      tfList: { kind: 'path', path: file },
    }));
  });

  it('project:open is refused without opening the file (the FIFO would block)', async () => {
    await expectRefusedAlike('project:open', (file) => ({ path: file.replace(/\.csv$/, '.pathreg') }));
    await expectRefusedAlike('project:open', (file) => ({ path: file }));
  });

  it('run:import by path is refused without reading, so no CSV header is echoed', async () => {
    await expectRefusedAlike('run:import', (file) => ({ path: file }));
  });

  it('project:save outside is refused and writes nothing: no project file, no <name>-runs folder', async () => {
    const before = await readdir(outside);
    for (const target of [
      path.join(outside, 'saved.pathreg'),
      path.join(inside, 'link-out', 'saved.pathreg'),
      '../../../../etc/passwd.pathreg',
    ]) {
      refusedMessage(await call('project:save', { path: target, viewState: {} }));
    }
    expect((await readdir(outside)).sort()).toEqual(before.sort());
  });

  it('project:save with a wrong extension writes nothing, even inside the allowed folder and without the policy', async () => {
    for (const using of [handlers, session.handlers]) {
      const answer = await call('project:save', { path: path.join(inside, 'notes.txt'), viewState: {} }, using);
      expect(answer.ok).toBe(false);
      if (!answer.ok) expect(answer.error.message).toMatch(/end in \.pathreg or \.json.*nothing was written/);
      expect(existsSync(path.join(inside, 'notes.txt-runs'))).toBe(false);
      expect(existsSync(path.join(inside, 'notes-runs'))).toBe(false);
    }
  });
});

describe('inside the allowed folders', () => {
  it('saves and opens a project, and hands dataset:open its path', async () => {
    const target = path.join(inside, 'work.pathreg');
    const saved = await call('project:save', { path: target, viewState: { tab: 'network' } });
    expect(saved.ok).toBe(true);
    expect(existsSync(target)).toBe(true);
    expect((await readdir(path.join(inside, 'work-runs'))).length).toBe(1);
    const opened = await call('project:open', { path: target });
    expect(opened.ok).toBe(true);
    const data = path.join(inside, 'counts.csv');
    await writeFile(data, 'x');
    await call('dataset:open', { path: data });
    expect(described).toEqual([data]);
  });
});

describe('upload names', () => {
  it('"." and ".." are refused with a message that says what to do, before anything is written', async () => {
    const uploads = path.join(base, 'session', 'uploads');
    const before = existsSync(uploads) ? (await readdir(uploads)).length : 0;
    for (const fileName of ['..', '.']) {
      for (const channel of ['dataset:upload', 'run:import']) {
        const answer = await call(channel, { fileName, contentBase64: 'AAAA' });
        expect(answer.ok).toBe(false);
        if (!answer.ok) {
          expect(answer.error.code).toBe('bad-input');
          expect(answer.error.message).toContain(`"${fileName}" is not a file name`);
        }
      }
    }
    expect(existsSync(uploads) ? (await readdir(uploads)).length : 0).toBe(before);
  });
});

describe('the desktop policy (files chosen in a dialog)', () => {
  it('allows exactly the granted paths, links resolved, and read-only folders only for reading', async () => {
    const grants = new DialogGrants();
    const chosen = path.join(inside, 'chosen.pathreg');
    await grants.grant(chosen);
    await grants.allowReadingUnder(outside);
    await expect(grants.check(chosen, 'write')).resolves.toBe(chosen);
    await expect(grants.check(path.join(inside, 'other.pathreg'), 'write')).rejects.toThrow(/files you chose in this window.*File › Open/);
    await expect(grants.check(path.join(outside, 'secret.csv'), 'read')).resolves.toBe(path.join(outside, 'secret.csv'));
    await expect(grants.check(path.join(outside, 'secret.csv'), 'write')).rejects.toThrow(/files you chose/);
    // Granting through a link and checking the real path (or the reverse) is the same file.
    await grants.grant(path.join(inside, 'link-out', 'via-link.csv'));
    await expect(grants.check(path.join(outside, 'via-link.csv'), 'write')).resolves.toBe(path.join(outside, 'via-link.csv'));
  });

  it('resolves a path that does not exist yet through its existing folders', async () => {
    expect(await realPathOf(path.join(inside, 'link-out', 'a', 'b.txt'))).toBe(path.join(await realPathOf(outside), 'a', 'b.txt'));
  });
});

describe('what a project file names', () => {
  it('a project inside the allowed folders that points at data or run folders outside is refused before anything opens', async () => {
    const target = path.join(inside, 'points-out.pathreg');
    expect((await call('project:save', { path: target, viewState: {} })).ok).toBe(true);
    const saved = JSON.parse(await readFile(target, 'utf8')) as {
      datasets: unknown[];
      runs: Array<{ relativeFolder: string | null; summary: { folder: string } }>;
    };
    const data = path.join(outside, 'data.csv');
    await writeFile(data, 'x');
    const runFolder = path.join(outside, 'run-elsewhere');
    await mkdir(runFolder, { recursive: true });
    const edited = [
      // Text anyone could write: a data set outside the allowed folders…
      {
        ...saved,
        datasets: [{ datasetId: 'dataset-9', name: 'data.csv', path: data, relativePath: path.relative(inside, data), sources: [] }],
      },
      // …or a run folder outside them.
      { ...saved, runs: saved.runs.map((run) => ({ ...run, relativeFolder: path.relative(inside, runFolder) })) },
    ];
    for (const [i, document] of edited.entries()) {
      const file = path.join(inside, `edited-${i}.pathreg`);
      await writeFile(file, JSON.stringify(document));
      described.length = 0;
      const before = ((await call('session:state', {})) as { ok: true; value: { runs: unknown[] } }).value.runs.length;
      const answer = await call('project:open', { path: file });
      expect(answer.ok).toBe(false);
      if (!answer.ok) {
        expect(answer.error.code).toBe('forbidden');
        expect(answer.error.message).toContain(`refers to "${i === 0 ? data : runFolder}"`);
        expect(answer.error.message).toMatch(/nothing of the project was opened/);
      }
      expect(described).toEqual([]);
      expect(((await call('session:state', {})) as { ok: true; value: { runs: unknown[] } }).value.runs.length).toBe(before);
    }
    // The same project as saved (runs next to it) still opens.
    expect((await call('project:open', { path: target })).ok).toBe(true);
  });

  it('the desktop policy trusts a project the user picked in the dialog', () => {
    expect(new DialogGrants().checksProjectReferences).toBe(false);
  });
});
