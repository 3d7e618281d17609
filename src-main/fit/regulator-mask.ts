/**
 * Which genes may regulate others, decided once per fit: with regulators = TFs only, every gene that is not a
 * transcription factor of the TF list in use has its input gate closed (src-main/engine/model/closed-input-gates.ts),
 * so it can be a target but never a source. Without a choice, the default depends on the method (`defaultChoice`):
 * TFs only for the velocity methods whenever a TF list matches the genes, since their field keeps a decay term per
 * gene outside the gates, so a gene that regulates nothing still has its own dynamics; every gene for the trajectory
 * method, whose gated MLP has no such term: closing a non-TF gene's input also removes its own level from its rate,
 * and on the bundled example the held-out MSE rose 1.2–3.7× (docs/benchmarks.md, "Regulators are transcription
 * factors by default"). Either way a network whose heaviest edges start at lncRNAs and signalling genes is not what a
 * biologist asks for (issue 14), so `tfs` stays one setting away.
 */
import type { RegulatorChoice } from '../../src-shared/run-config.ts';

export interface RegulatorMask {
  choice: RegulatorChoice;
  /** Why this choice, in a sentence for the run's notes. */
  reason: string;
  /** Per gene, true when it may not regulate (its input gate is closed); null when every gene may. */
  closed: boolean[] | null;
  /** Genes that may regulate. */
  sources: number;
}

/** The TF list as matched to the genes: its name and one flag per gene. */
export interface MatchedTfList {
  origin: string;
  isTf: boolean[];
}

/** Regulators were asked to be TFs only, but no TF list matches these genes: as data, each front end words it. */
export class RegulatorChoiceError extends Error {
  constructor(
    /** `no-list`: no TF list is in use; `no-match`: the list names none of the genes. */
    readonly kind: 'no-list' | 'no-match',
    readonly genes: number,
    readonly tfListOrigin: string | null,
  ) {
    super(
      kind === 'no-list'
        ? `Regulators are TFs only, but no TF list is in use for these ${genes} genes.`
        : `Regulators are TFs only, but the TF list ${tfListOrigin} names none of these ${genes} genes.`,
    );
    this.name = 'RegulatorChoiceError';
  }
}

/**
 * Decides the regulators of a fit over `genes`. `tfList` is the TF list in use matched to the genes (null when there
 * is none, or the bundled default matched nothing); `regulators` is the user's choice, absent for the default.
 */
export function regulatorMask(
  genes: string[],
  tfList: MatchedTfList | null,
  regulators: RegulatorChoice | undefined,
  defaultChoice: RegulatorChoice = 'tfs',
): RegulatorMask {
  const tfCount = tfList ? tfList.isTf.filter(Boolean).length : 0;
  if (regulators === 'all' || (regulators === undefined && (tfCount === 0 || defaultChoice === 'all'))) {
    const reason =
      regulators === 'all'
        ? 'every gene may regulate (chosen)'
        : tfCount > 0
          ? "every gene may regulate (the trajectory method's default: its field has no decay term, so a gene without inputs has no dynamics of its own)"
          : `every gene may regulate: ${tfList ? `the TF list ${tfList.origin} names none of the genes` : 'no TF list is in use'}`;
    return { choice: 'all', reason, closed: null, sources: genes.length };
  }
  if (!tfList) throw new RegulatorChoiceError('no-list', genes.length, null);
  if (tfCount === 0) throw new RegulatorChoiceError('no-match', genes.length, tfList.origin);
  if (tfList.isTf.length !== genes.length) {
    throw new Error(`regulatorMask: ${tfList.isTf.length} TF flags for ${genes.length} genes`);
  }
  const closed = tfList.isTf.map((isTf) => !isTf);
  const how = regulators === 'tfs' ? 'chosen' : 'the default with a TF list';
  return {
    choice: 'tfs',
    reason: `only the ${tfCount} TFs of ${tfList.origin} among the ${genes.length} genes may regulate (${how}); the other ${genes.length - tfCount} are targets only`,
    closed,
    sources: tfCount,
  };
}
