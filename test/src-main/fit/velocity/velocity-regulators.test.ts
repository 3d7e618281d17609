// The velocity methods' regulators: a named choice stands; without one, a panel with the TF list chosen
// automatically lets every gene regulate, and otherwise only the list's TFs are sources (as before this rule).
import { describe, expect, it } from 'vitest';
import { RegulatorChoiceError } from '../../../../src-main/fit/regulator-mask.ts';
import { velocityRegulatorMask } from '../../../../src-main/fit/velocity/velocity-regulators.ts';

const panel = ['Gata1', 'Pu1', 'Fli1', 'Scl', 'Eklf', 'Cebpa', 'Gfi1', 'Egrnab'];
/** A human symbol list matches Gata1, Fli1, Cebpa, Gfi1 (ignoring case) and misses the aliases Pu1, Scl, Eklf. */
const list = { origin: 'pathreg-basegrn-human', isTf: [true, false, true, false, false, true, true, false] };
const wide = Array.from({ length: 40 }, (_, g) => `G${g}`);
const wideList = { origin: 'my-tfs.txt', isTf: wide.map((_, g) => g < 4) };

describe('velocityRegulatorMask', () => {
  it('a panel with the automatic list: every gene is a source, with the panel rule as the reason', () => {
    const mask = velocityRegulatorMask(panel, list, undefined, false);
    expect(mask).toMatchObject({ choice: 'all', closed: null, sources: 8 });
    expect(mask.reason).toMatch(/^8 genes are a hand-picked panel/);
  });

  it('the same panel with the list chosen by the user: only its TFs, as chosen lists are honoured', () => {
    const mask = velocityRegulatorMask(panel, list, undefined, true);
    expect(mask.choice).toBe('tfs');
    expect(mask.sources).toBe(4);
    expect(mask.closed).toEqual(list.isTf.map((tf) => !tf));
  });

  it('a named choice stands on a panel: tfs closes the non-TFs, all opens every gene', () => {
    expect(velocityRegulatorMask(panel, list, 'tfs', false)).toMatchObject({ choice: 'tfs', sources: 4 });
    expect(velocityRegulatorMask(panel, list, 'all', false)).toMatchObject({
      choice: 'all',
      sources: 8,
      reason: 'every gene may regulate (chosen)',
    });
  });

  it('more genes than a panel with the automatic list: only the TFs regulate', () => {
    const mask = velocityRegulatorMask(wide, { ...wideList, origin: 'pathreg-basegrn-human' }, undefined, false);
    expect(mask).toMatchObject({ choice: 'tfs', sources: 4 });
  });

  it('no list, or tfs asked with none: every gene by default, and the refusal as before when tfs is named', () => {
    expect(velocityRegulatorMask(panel, null, undefined, false)).toMatchObject({ choice: 'all', sources: 8 });
    expect(() => velocityRegulatorMask(panel, null, 'tfs', false)).toThrow(RegulatorChoiceError);
  });
});
