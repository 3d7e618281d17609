// The Data view's TF-list sentence says which automatic rule the fit will apply: a panel's genes all regulate, a
// transcriptome's TFs only, and a chosen list is honoured.
import { describe, expect, it } from 'vitest';
import { tfOverlapSentence } from '../../../src-renderer/view-logic/tf-overlap-text.ts';

const vsc = { origin: 'pathreg-basegrn-human', symbols: 762, genes: 8, tfs: 5, examples: ['Dbx1', 'Irx3', 'Nkx2-2', 'Nkx6-1', 'Olig2'] };

describe('tfOverlapSentence', () => {
  it('an automatic list on a panel of 8 genes: every gene may regulate, and why', () => {
    const { text, rule } = tfOverlapSentence(vsc, true, '8 genes of the data set');
    expect(rule).toBe('panel');
    expect(text).toBe(
      '5 of the 8 genes of the data set are transcription factors of pathreg-basegrn-human (Dbx1, Irx3, Nkx2-2, Nkx6-1, Olig2). ' +
        'Automatic rule: 8 genes are a hand-picked panel (at most 30), so with the TF list chosen automatically every gene may regulate: ' +
        'lists miss aliases (Pu1, Scl, Eklf) and signalling genes a panel holds on purpose; choose a TF list or "transcription factors only" ' +
        'to restrict the regulators.',
    );
  });

  it('the same list chosen by the user: only its TFs, as before', () => {
    const { text, rule } = tfOverlapSentence(vsc, false, '8 genes of the data set');
    expect(rule).toBe('chosen');
    expect(text).toMatch(/Olig2\): with the default Regulators setting only they can regulate\.$/);
  });

  it('an automatic list on the example’s 529 genes: its TFs only', () => {
    const example = { origin: 'pathreg-basegrn-human', symbols: 762, genes: 529, tfs: 113, examples: ['GATA1', 'KLF1', 'TAL1'] };
    const { text, rule } = tfOverlapSentence(example, true, '529 genes of the data set');
    expect(rule).toBe('tf-list');
    expect(text).toBe(
      '113 of the 529 genes of the data set are transcription factors of pathreg-basegrn-human (GATA1, KLF1, TAL1, …): with the default Regulators setting only they can regulate.',
    );
  });
});
