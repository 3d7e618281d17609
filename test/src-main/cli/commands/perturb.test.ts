// `pathreg perturb`'s options: knockouts, knockdowns and overexpressions in the order given (several per option and
// repeated options), starts from chosen cells, and bad values answered with the form expected.
import { describe, expect, it } from 'vitest';
import { PERTURB_OPTIONS, perturbationsFromOptions, startsFromOption } from '../../../../src-main/cli/commands/perturb.ts';
import { parseOptions } from '../../../../src-main/cli/option-parser.ts';

const parse = (argv: string[]) => parseOptions('perturb', argv, PERTURB_OPTIONS);

describe('pathreg perturb options', () => {
  it('reads every kind, several genes per option and repeated options', () => {
    const options = parse(['--knockout', 'GATA1,KLF1', '--knockdown', 'TAL1=0.5', '--overexpress', 'CEBPB=1.2', '--knockout', 'IRF8']);
    expect(perturbationsFromOptions(options)).toEqual([
      { gene: 'GATA1', kind: 'knockout', value: 0 },
      { gene: 'KLF1', kind: 'knockout', value: 0 },
      { gene: 'IRF8', kind: 'knockout', value: 0 },
      { gene: 'TAL1', kind: 'knockdown', value: 0.5 },
      { gene: 'CEBPB', kind: 'overexpression', value: 1.2 },
    ]);
  });

  it('answers a missing gene, a value that is not a number and a bad cell with the form expected', () => {
    expect(() => perturbationsFromOptions(parse([]))).toThrow(/name at least one gene/);
    expect(() => perturbationsFromOptions(parse(['--knockdown', 'TAL1']))).toThrow(
      '--knockdown takes GENE=NUMBER (like KLF1=0.5), got "TAL1".',
    );
    expect(() => perturbationsFromOptions(parse(['--overexpress', 'TAL1=high']))).toThrow(/got "TAL1=high"/);
    expect(startsFromOption('eryth_12:40,mono_12:3')).toEqual({
      kind: 'cells',
      cells: [
        { trajectory: 'eryth_12', cell: 40 },
        { trajectory: 'mono_12', cell: 3 },
      ],
    });
    expect(startsFromOption(undefined)).toEqual({ kind: 'lineages' });
    expect(() => startsFromOption('eryth_12')).toThrow(/TRAJECTORY:CELL/);
  });
});
