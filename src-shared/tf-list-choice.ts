/**
 * Which transcription-factor list a run uses, as the app chooses it: the lists bundled in resources/tf-lists/ by
 * name (what `pathreg fit --tf-list human` resolves too), a file on the server's machine (cluster use), an uploaded
 * file, none, or the automatic default. Pure data, so the renderer, the contract and the jobs share it.
 */

export interface BundledTfList {
  name: string;
  file: string;
  species: 'human' | 'mouse';
  /** How many symbols the list holds (checked against the files by test/src-main/data/tf-lists). */
  symbols: number;
  description: string;
}

export const BUNDLED_TF_LISTS = [
  {
    name: 'pathreg-basegrn-human',
    file: 'pathreg-basegrn-human.txt',
    species: 'human',
    symbols: 762,
    description: "TFs of the PathReg base GRN (762), the paper's TF list",
  },
  {
    name: 'pathreg-lineage-eryth-human',
    file: 'pathreg-lineage-eryth-human.txt',
    species: 'human',
    symbols: 40,
    description: 'PathReg erythroid-lineage TFs',
  },
  {
    name: 'pathreg-lineage-mono-human',
    file: 'pathreg-lineage-mono-human.txt',
    species: 'human',
    symbols: 32,
    description: 'PathReg monocyte-lineage TFs',
  },
  {
    name: 'pathreg-lineage-B-human',
    file: 'pathreg-lineage-B-human.txt',
    species: 'human',
    symbols: 36,
    description: 'PathReg B-cell-lineage TFs',
  },
  {
    name: 'human',
    file: 'beeline-human-tfs.csv',
    species: 'human',
    symbols: 1563,
    description: 'genome-wide human TFs from BEELINE (1,563: RegNetwork, TRRUST, DoRothEA A–C; GPL-3.0)',
  },
  {
    name: 'mouse',
    file: 'beeline-mouse-tfs.csv',
    species: 'mouse',
    symbols: 1479,
    description:
      'genome-wide mouse TFs from BEELINE (1,479: RegNetwork, TRRUST, ESCAPE; upper-case symbols, matched ignoring case; GPL-3.0)',
  },
] as const satisfies readonly BundledTfList[];

export type BundledTfListName = (typeof BUNDLED_TF_LISTS)[number]['name'];
export const BUNDLED_TF_LIST_NAMES = BUNDLED_TF_LISTS.map((list) => list.name) as [BundledTfListName, ...BundledTfListName[]];

/** The list `pathreg fit` uses when given none, and the app when the choice is automatic. */
export const DEFAULT_TF_LIST: BundledTfListName = 'pathreg-basegrn-human';

export function isBundledTfListName(name: string): name is BundledTfListName {
  return (BUNDLED_TF_LIST_NAMES as readonly string[]).includes(name);
}

/**
 * The TF list of a training job, resolved by the job itself. `default`: the bundled default, used quietly (a list that
 * matches none of the genes is a note, not an error, as for `pathreg fit` given no --tf-list); `none`: no list.
 * `origin` names an uploaded file by its own name rather than its place in the session folder.
 */
export type TfListSource =
  { kind: 'default' } | { kind: 'none' } | { kind: 'bundled'; name: BundledTfListName } | { kind: 'file'; path: string; origin?: string };

/**
 * The TF list a window asks for (training:start, dataset:tf-overlap): a bundled list, a path on the server's machine,
 * or a file uploaded with the request (a TF list is a few kilobytes). Absent from the request: automatic.
 */
export type TfListChoice =
  | { kind: 'none' }
  | { kind: 'bundled'; name: BundledTfListName }
  | { kind: 'path'; path: string }
  | { kind: 'upload'; fileName: string; contentBase64: string };

/** Uploaded TF lists travel base64-encoded inside the request: about 3 MB of file, a thousand times a genome's TFs. */
export const MAX_TF_LIST_BASE64_CHARS = 4 * 1024 * 1024;

/**
 * A fit of at most this many genes is read as a hand-picked panel: a circuit chosen gene by gene (a curated model, a
 * qPCR or targeted panel), not the highly variable genes of a transcriptome.
 */
export const PANEL_MAX_GENES = 30;

/** Which automatic rule decides the velocity method's regulators, and why, in words both front ends show. */
export interface AutomaticRegulatorRule {
  /** `panel`: every gene may regulate; `tf-list`: only the TF list's TFs among the genes (when it names some). */
  rule: 'panel' | 'tf-list';
  reason: string;
}

/**
 * The rule for a fit over `genes` genes whose TF list was not chosen by the user (the bundled default, matched
 * automatically). On a panel every gene may regulate: a symbol list misses the aliases curated circuits are often
 * named by (Pu1 for SPI1, Scl for TAL1, Eklf for KLF1) and the signalling genes a panel holds on purpose, and in a
 * dozen genes each one missed is a large share of the circuit; a field over every pair of a few dozen genes is also
 * small. On more genes (a transcriptome's variable genes) most genes regulate nothing and the list is the better
 * prior, so only its TFs are sources. A TF list the user chose is always honoured (`null`: no automatic rule).
 */
export function automaticRegulatorRule(genes: number, listChosen: boolean): AutomaticRegulatorRule | null {
  if (listChosen) return null;
  if (genes <= PANEL_MAX_GENES)
    return {
      rule: 'panel',
      reason:
        `${genes} genes are a hand-picked panel (at most ${PANEL_MAX_GENES}), so with the TF list chosen automatically every gene may ` +
        'regulate: lists miss aliases (Pu1, Scl, Eklf) and signalling genes a panel holds on purpose; choose a TF list or ' +
        '"transcription factors only" to restrict the regulators',
    };
  return {
    rule: 'tf-list',
    reason: `${genes} genes are more than a hand-picked panel (over ${PANEL_MAX_GENES}), so only the TF list's TFs among them may regulate`,
  };
}
