// The Perturb panel's chosen cells: a lineage and a pseudotime range become at most five cells spread over the
// range (numbered as trajectories.json and `--from-cells` number them), and every wrong range is answered in words.
import { describe, expect, it } from 'vitest';
import { chooseStartCells, MAX_START_CELLS } from '../../../src-renderer/view-logic/start-cells.ts';

const times = (n: number) => Array.from({ length: n }, (_, i) => i / (n - 1));
const TRAJECTORIES = [
  { name: 'eryth_12', lineage: 'eryth', times: times(11) },
  { name: 'eryth_21', lineage: 'eryth', times: [0, 0.35, 0.45, 1] },
  { name: 'mono_12', lineage: 'mono', times: times(5) },
];
const choose = (lineage: string, from: string, to: string) => chooseStartCells(TRAJECTORIES, lineage, from, to, 'run-1');

describe('chooseStartCells', () => {
  it("takes the lineage's cells in the range, every trajectory of it, in pseudotime order", () => {
    const choice = choose('eryth', '0.3', '0.5');
    expect(choice).toEqual({
      cells: [
        { trajectory: 'eryth_12', cell: 3 },
        { trajectory: 'eryth_21', cell: 1 },
        { trajectory: 'eryth_12', cell: 4 },
        { trajectory: 'eryth_21', cell: 2 },
        { trajectory: 'eryth_12', cell: 5 },
      ],
      description:
        '5 cells of eryth between pseudotime 0.30 and 0.50 (eryth_12 cell 3 at 0.30; eryth_21 cell 1 at 0.35; eryth_12 cell 4 at 0.40; eryth_21 cell 2 at 0.45; eryth_12 cell 5 at 0.50)',
    });
  });

  it('spreads at most five cells over a wide range, first and last included, and never starts at the end', () => {
    const choice = choose('eryth', '0', '1');
    if ('error' in choice) throw new Error(choice.error);
    expect(choice.cells).toHaveLength(MAX_START_CELLS);
    // 13 cells before pseudotime 1 (the two at 1 are left out): picks 0, 3, 6, 9, 12 of them.
    expect(choice.cells[0]).toEqual({ trajectory: 'eryth_12', cell: 0 });
    expect(choice.cells.at(-1)).toEqual({ trajectory: 'eryth_12', cell: 9 });
    expect(choice.description).toMatch(/^5 cells of eryth between pseudotime 0\.00 and 1\.00, spread over the 13 there/);
  });

  it('answers a range without cells, a backwards range and values outside 0–1 in words', () => {
    expect(choose('mono', '0.3', '0.4')).toEqual({
      error:
        'No cell of mono the model was trained on lies between pseudotime 0.30 and 0.40 (its 5 cells lie between pseudotime 0.00 and 1.00): widen the range.',
    });
    expect(choose('mono', '1', '1')).toEqual({
      error:
        'The cells of mono between pseudotime 1.00 and 1.00 are at its end (pseudotime 1): nothing is left to simulate after them. Choose a range that ends before 1.',
    });
    expect(choose('eryth', '0.6', '0.4')).toEqual({
      error: 'The range from 0.6 to 0.4 runs backwards: give the earlier pseudotime first.',
    });
    expect(choose('eryth', '1.5', '2')).toEqual({
      error: 'Pseudotime runs from 0 (where each lineage starts) to 1 (where it ends); 1.5 is outside that range.',
    });
    expect(choose('eryth', 'early', '0.5')).toEqual({
      error: '"early" is not a pseudotime: give a number from 0 (where each lineage starts) to 1 (where it ends), e.g. 0.3.',
    });
    expect(choose('eryth', '0.2', ' ')).toEqual({
      error: 'The end of the pseudotime range is empty: give a number from 0 (where each lineage starts) to 1 (where it ends), e.g. 0.5.',
    });
    expect(choose('B', '0', '1')).toEqual({
      error: 'run-1 has no lineage "B" among the cells it was trained on; its lineages are eryth, mono.',
    });
  });
});
