/**
 * The Data view's sentence for a TF list that names some of the genes, with the automatic rule that will decide the
 * velocity method's regulators (src-shared/tf-list-choice.ts, applied by the fit in
 * src-main/fit/velocity/velocity-regulators.ts), so what the view says is what the run does.
 */
import type { TfListOverlap } from '../../src-shared/contract/types.ts';
import { automaticRegulatorRule } from '../../src-shared/tf-list-choice.ts';

export function tfOverlapSentence(
  overlap: TfListOverlap,
  /** True when the TF list is the automatic choice; a list the user chose is honoured as it is. */
  automatic: boolean,
  /** What the genes are, e.g. "12 genes of the data set" or "40 chosen genes". */
  of: string,
): { text: string; rule: 'panel' | 'tf-list' | 'chosen' } {
  const tfs = `${overlap.tfs.toLocaleString('en-US')} of the ${of} are transcription factors of ${overlap.origin} (${overlap.examples.join(', ')}${
    overlap.tfs > overlap.examples.length ? ', …' : ''
  })`;
  const rule = automaticRegulatorRule(overlap.genes, !automatic);
  if (rule?.rule === 'panel') return { text: `${tfs}. Automatic rule: ${rule.reason}.`, rule: 'panel' };
  return { text: `${tfs}: with the default Regulators setting only they can regulate.`, rule: rule?.rule ?? 'chosen' };
}
