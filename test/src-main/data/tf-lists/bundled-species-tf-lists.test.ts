import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTfListOption } from '../../../../src-main/cli/tf-list-option.ts';
import { defaultTfListFolder, readBundledTfList } from '../../../../src-main/data/tf-lists/bundled-tf-lists.ts';
import { matchTfList } from '../../../../src-main/data/tf-lists/read-tf-list.ts';

const sha256 = (file: string) =>
  createHash('sha256')
    .update(readFileSync(`${defaultTfListFolder()}/${file}`))
    .digest('hex');

describe('bundled human and mouse TF lists (BEELINE, GPL-3.0)', () => {
  it('are the byte-exact BEELINE files named in the README, with the license beside them', () => {
    expect(sha256('beeline-human-tfs.csv')).toBe('8f7d29d0cd4ee3c365cca33a9e52d0fd48431e70e5d64be2ee3971954936b03e');
    expect(sha256('beeline-mouse-tfs.csv')).toBe('2e8cd7c02b3f603e665ef0b9310a06680ad824182e82bb2b7af528dab024c18e');
    expect(readFileSync(`${defaultTfListFolder()}/LICENSE-BEELINE-GPL-3.txt`, 'utf8')).toMatch(
      /GNU GENERAL PUBLIC LICENSE\s+Version 3, 29 June 2007/,
    );
    const readme = readFileSync(`${defaultTfListFolder()}/README.md`, 'utf8');
    expect(readme).toContain('13c8593dae8723776c8825ac467b81cd9f04ee16');
  });

  it('read as lists of 1,563 human and 1,479 mouse symbols from the TF column', async () => {
    const human = await readBundledTfList('human');
    const mouse = await readBundledTfList('mouse');
    expect(human.symbols).toHaveLength(1563);
    expect(mouse.symbols).toHaveLength(1479);
    expect(human.symbols).toContain('GATA1');
    expect(human.symbols).not.toContain('RegNetwork');
    expect(mouse.symbols).toContain('TRP53');
  });

  it('are selectable as --tf-list human and --tf-list mouse', async () => {
    expect((await loadTfListOption('human'))?.origin).toBe('human');
    expect((await loadTfListOption('mouse'))?.symbols.length).toBe(1479);
  });

  it('the mouse list matches mouse symbols ignoring case (Gata1 ↔ GATA1)', async () => {
    const overlap = matchTfList(await readBundledTfList('mouse'), ['Gata1', 'Spi1', 'Actb', 'Trp53']);
    expect(overlap.tfGenes).toEqual(['Gata1', 'Spi1', 'Trp53']);
    expect(overlap.matchedIgnoringCase).toHaveLength(3);
  });

  it('the human list finds the myogenic regulators of the HSMM data', async () => {
    const overlap = matchTfList(await readBundledTfList('human'), ['MYOD1', 'MYOG', 'MYF5', 'TNNT1', 'ACTB']);
    expect(overlap.tfGenes).toEqual(['MYOD1', 'MYOG', 'MYF5']);
  });
});
