// Excluded cells in the selection: each lasso undoable in turn, an empty list leaving no field, and the file
// `pathreg fit --exclude-cells` reads.
import { describe, expect, it } from 'vitest';
import type { TrajectorySelection } from '../../../src-shared/contract/types.ts';
import { readCellNameList } from '../../../src-main/data/trajectories-from-dataset/excluded-cells.ts';
import {
  canUndoExcludedCells,
  excludedCellsFile,
  setExcludedCells,
  undoExcludedCells,
} from '../../../src-renderer/view-logic/cell-exclusion.ts';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const base: TrajectorySelection = {
  genes: [],
  pseudotimeColumn: 'pseudotime',
  lineageColumn: null,
  donorColumn: null,
  lineages: [],
  trainDonors: [],
  testDonors: [],
  trimStart: 10,
  trimEnd: 20,
};

describe('excluded cells with undo', () => {
  it('undoes one change at a time, back to a selection without the field', () => {
    expect(canUndoExcludedCells('dataset-7')).toBe(false);
    const first = setExcludedCells('dataset-7', base, ['a', 'b']);
    const second = setExcludedCells('dataset-7', first, ['a', 'b', 'c']);
    expect(second.excludedCells).toEqual(['a', 'b', 'c']);
    const cleared = setExcludedCells('dataset-7', second, []);
    expect('excludedCells' in cleared).toBe(false);
    expect(undoExcludedCells('dataset-7', cleared)?.excludedCells).toEqual(['a', 'b', 'c']);
    expect(undoExcludedCells('dataset-7', second)?.excludedCells).toEqual(['a', 'b']);
    const back = undoExcludedCells('dataset-7', first);
    expect(back).toEqual(base);
    expect(canUndoExcludedCells('dataset-7')).toBe(false);
    expect(undoExcludedCells('dataset-7', base)).toBeNull();
  });

  it('writes a list that pathreg fit reads back', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'pathreg-excluded-list-'));
    try {
      const file = path.join(folder, 'cells.txt');
      await writeFile(file, excludedCellsFile('hsmm.h5ad', ['T0_CT_A01', 'T24_CT_B02']));
      await expect(readCellNameList(file)).resolves.toEqual(['T0_CT_A01', 'T24_CT_B02']);
      await writeFile(file, '# nothing\n\n');
      await expect(readCellNameList(file)).rejects.toThrow(/cells\.txt.*holds no cell names: give one cell name per line/);
      await expect(readCellNameList(path.join(folder, 'absent.txt'))).rejects.toThrow(/absent\.txt.*does not exist/);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
