import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src-shared/contract/result.ts';
import { tfListOverlap } from '../../../src-main/session/tf-list-overlap.ts';

const BUNDLED = 'resources/tf-lists/pathreg-basegrn-human.txt';
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pathreg-tf-overlap-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('tfListOverlap (the Data view’s TF-list check)', () => {
  it('counts the chosen genes the list names, every gene when none are chosen, with the first few names', async () => {
    const all = ['ABCB6', 'GATA1', 'NEGR1', 'SPI1', 'Gata2', 'KLF1'];
    const everyGene = await tfListOverlap({ kind: 'file', path: BUNDLED }, [], all);
    expect(everyGene).toMatchObject({ origin: 'pathreg-basegrn-human.txt', symbols: 762, genes: 6 });
    expect(everyGene.examples).toEqual(everyGene.examples.filter((gene) => all.includes(gene)));
    expect(everyGene.tfs).toBeGreaterThanOrEqual(3);
    expect(everyGene.examples).toContain('GATA1');
    expect(everyGene.examples).not.toContain('NEGR1');
    const chosen = await tfListOverlap({ kind: 'file', path: BUNDLED }, ['GATA1', 'NEGR1'], all);
    expect(chosen).toMatchObject({ genes: 2, tfs: 1, examples: ['GATA1'] });
  });

  it('says 0 for a list that names none of the genes (Ensembl IDs), and names an unreadable file', async () => {
    const none = await tfListOverlap({ kind: 'file', path: BUNDLED }, [], ['ENSG00000102145', 'ENSG00000066336']);
    expect(none).toMatchObject({ tfs: 0, examples: [], genes: 2 });
    const empty = join(root, 'empty.txt');
    await writeFile(empty, '# nothing here\n');
    await expect(tfListOverlap({ kind: 'file', path: empty }, [], ['GATA1'])).rejects.toThrow(UserError);
    await expect(tfListOverlap({ kind: 'file', path: empty }, [], ['GATA1'])).rejects.toThrow(
      /empty\.txt" lists no transcription factors.*one gene symbol per line/,
    );
    await expect(tfListOverlap({ kind: 'file', path: join(root, 'missing.txt') }, [], ['GATA1'])).rejects.toThrow(/missing\.txt/);
  });
});
