/**
 * The app's selection (Data view) and settings (Model and Training views) as the one fit's request: the same
 * request `pathreg fit` builds from its options, so the same choices give the same run. The rules that are not
 * spelled out by the selection (which genes when none are named, normalisation, gene names, lineage order, the
 * paper tables' columns) are decided by the one trajectory builder, not here.
 */
import type { TrajectorySelection } from '../../src-shared/contract/types.ts';
import type { TrainingConfig } from '../../src-shared/run-config.ts';
import { parseTypedTfList, type TfList } from '../data/tf-lists/read-tf-list.ts';
import type { DatasetFitRequest } from '../data/trajectories-from-dataset/read-dataset-trajectories.ts';
import { DEFAULT_EVALUATION, DEFAULT_INITIAL_CELLS, DEFAULT_TOP_GENES } from './fit-defaults.ts';
import type { FitRequest } from './run-fit.ts';

export interface AppFitInput {
  datasetPath: string;
  selection: TrajectorySelection;
  config: TrainingConfig;
  /** The TF list the user chose, or the bundled default (then `tfListGiven` is false). */
  tfList: TfList | null;
  tfListGiven: boolean;
  outDir: string;
  resumeFrom: string | null;
  memoryLimitBytes: number;
  version: string;
}

export function fitRequestFromSelection(input: AppFitInput): FitRequest {
  const { selection } = input;
  const preparation = {
    dropFirst: selection.trimStart,
    dropLast: selection.trimEnd,
    initialCells: DEFAULT_INITIAL_CELLS,
    dropDuplicateTimes: true,
  };
  const geneList = selection.genes.length > 0 ? parseTypedTfList(selection.genes.join(','), 'gene list') : undefined;
  const donors = [...selection.trainDonors, ...selection.testDonors];
  const diffusion = selection.diffusionPseudotime;
  const trajectories: DatasetFitRequest = {
    time: selection.lineagePseudotimeColumns
      ? { columns: selection.lineagePseudotimeColumns, kind: 'pseudotime' }
      : diffusion
        ? undefined
        : { columns: [selection.pseudotimeColumn], kind: selection.timeKind ?? 'pseudotime' },
    root: diffusion?.root,
    pseudotime: diffusion
      ? { ...(diffusion.neighbors ? { neighbors: diffusion.neighbors } : {}), ...(diffusion.pcs ? { pcs: diffusion.pcs } : {}) }
      : undefined,
    lineageColumn: selection.lineagePseudotimeColumns ? undefined : (selection.lineageColumn ?? undefined),
    donorColumn: selection.donorColumn ?? undefined,
    lineages: selection.lineages.length > 0 ? selection.lineages : undefined,
    ...(selection.excludedCells?.length ? { excludeCells: selection.excludedCells } : {}),
    ...(selection.geneNameColumn === undefined ? {} : { geneNameColumn: selection.geneNameColumn }),
    geneList,
    topVariable: geneList ? 0 : DEFAULT_TOP_GENES,
    flavor: 'seurat',
    tfList: geneList ? null : input.tfList,
    tfListOptional: !input.tfListGiven,
    donors: donors.length > 0 ? donors : undefined,
    onlyNamedDonors: selection.trainDonors.length > 0,
    minCells: preparation.dropFirst + preparation.dropLast + Math.max(2, preparation.initialCells),
    minCellsReason: `${preparation.dropFirst} trimmed at the start + ${preparation.dropLast} at the end + ${Math.max(2, preparation.initialCells)} kept`,
  };
  return {
    dataPath: input.datasetPath,
    trajectories,
    trainDonors: selection.trainDonors.length > 0 ? selection.trainDonors : null,
    testDonors: selection.testDonors,
    config: input.config,
    preparation,
    evaluation: DEFAULT_EVALUATION,
    outDir: input.outDir,
    resumeFrom: input.resumeFrom,
    resumeMustAdvance: true,
    tfList: input.tfList,
    tfListGiven: input.tfListGiven,
    memoryLimitBytes: input.memoryLimitBytes,
    commandLine: `PathReg Studio: train on "${input.datasetPath}"`,
    version: input.version,
  };
}
