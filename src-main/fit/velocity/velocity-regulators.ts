/**
 * The velocity methods' regulators, decided once per fit: a named choice (`--regulators`, the Model view) is taken
 * as it is; without one, the automatic rule of src-shared/tf-list-choice.ts applies — on a hand-picked panel with the
 * TF list chosen automatically every gene may regulate, otherwise only the TF list's TFs (regulator-mask.ts).
 */
import { automaticRegulatorRule } from '../../../src-shared/tf-list-choice.ts';
import type { RegulatorChoice } from '../../../src-shared/run-config.ts';
import { regulatorMask, type MatchedTfList, type RegulatorMask } from '../regulator-mask.ts';

export function velocityRegulatorMask(
  genes: string[],
  tfList: MatchedTfList | null,
  regulators: RegulatorChoice | undefined,
  tfListChosen: boolean,
): RegulatorMask {
  const rule = regulators === undefined && tfList !== null ? automaticRegulatorRule(genes.length, tfListChosen) : null;
  if (rule?.rule === 'panel') return { choice: 'all', reason: rule.reason, closed: null, sources: genes.length };
  return regulatorMask(genes, tfList, regulators, 'tfs');
}
