import { describe, expect, it } from 'vitest';
import { chooseTrajectoryGenes } from '../../../src-renderer/view-logic/trajectory-genes.ts';

const GENES = ['GATA1', 'GATA2', 'KLF1', 'TAL1'];

describe('chooseTrajectoryGenes', () => {
  it('draws every known gene in the order typed, with no message', () => {
    expect(chooseTrajectoryGenes('KLF1, GATA1', GENES, 'run 1')).toEqual({ genes: ['KLF1', 'GATA1'], message: null });
  });

  it('skips an unknown gene with a note naming it, and draws the others', () => {
    const choice = chooseTrajectoryGenes('GATA1 NOT_A_GENE gata2', GENES, 'run 1');
    expect(choice.genes).toEqual(['GATA1']);
    expect(choice.message).toMatch(/^Skipped 2 of 3 genes not among the 4 genes of run 1: NOT_A_GENE, gata2 \(did you mean GATA2\?\)/);
    expect(choice.message).toMatch(/Showing the other 1\.$/);
  });

  it('keeps the genes drawn now when nothing typed is known, too many are typed, or none', () => {
    expect(chooseTrajectoryGenes('FOO', GENES, 'run 1')).toEqual({
      genes: null,
      message: 'None of the genes typed is among the 4 genes of run 1: FOO. Gene names are case-sensitive.',
    });
    expect(chooseTrajectoryGenes(' , ', GENES, 'run 1').genes).toBeNull();
    const many = Array.from({ length: 25 }, (_, i) => `G${i}`).join(' ');
    expect(chooseTrajectoryGenes(many, GENES, 'run 1').message).toBe('At most 24 genes at a time; you typed 25.');
  });
});
