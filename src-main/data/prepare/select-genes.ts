/**
 * The whole gene-selection preparation for a data set, in scanpy's order: QC filters, library-size normalisation
 * and log1p (skipped when already done), highly variable genes, then the final set (TFs ∪ top variable genes ∪
 * genes asked for). Reads the matrix a block of genes at a time; returns the chosen genes and what was done.
 */
import type { MetadataColumn, ValueKind } from '../dataset.ts';
import { matchTfList, type TfList } from '../tf-lists/read-tf-list.ts';
import type { GeneMatrixSource } from './gene-chunks.ts';
import { bestMatchingGeneNames, finalGeneSet, resolveGeneList, type FinalGeneSet } from './gene-selection.ts';
import { seuratHighlyVariableGenes } from './hvg-seurat.ts';
import { seuratV3HighlyVariableGenes } from './hvg-seurat-v3.ts';
import { cellTotals, normalizedSource, planNormalization, type NormalizationOptions } from './normalize-log.ts';
import { qcFilter, type QcThresholds } from './qc-filter.ts';
import { subsetSource } from './subset-source.ts';

export type HvgFlavor = 'seurat' | 'seurat_v3';

export interface GeneSelectionOptions {
  /** What the values are (the reader's detection), deciding normalisation and whether seurat_v3 can run. */
  valueKind: ValueKind;
  qc?: QcThresholds;
  normalization?: NormalizationOptions;
  /** Highly variable genes to add (0 or absent: none). */
  topVariable?: number;
  flavor?: HvgFlavor;
  tfList?: TfList;
  geneList?: TfList;
  /**
   * The data's var columns: when its gene names are IDs (e.g. Ensembl) the TF and gene lists are matched against
   * the var column of symbols that overlaps them most (e.g. `gene_short_name`), and a note says which.
   */
  var?: MetadataColumn[];
  /** The names the user chose the genes to go by (a var column of symbols): lists are matched against these only. */
  names?: string[];
}

export interface GeneSelection extends FinalGeneSet {
  /** Cells kept by QC, as a 0/1 mask over the data's cells. */
  keepCells: Uint8Array;
  /** Sentences for the log and the data view. */
  notes: string[];
}

export async function selectGenes(source: GeneMatrixSource, options: GeneSelectionOptions): Promise<GeneSelection> {
  const notes: string[] = [];
  let keepCells: Uint8Array = new Uint8Array(source.cellNames.length).fill(1);
  let keepGenes: Uint8Array = new Uint8Array(source.geneNames.length).fill(1);
  if (options.qc && Object.keys(options.qc).length > 0) {
    const qc = await qcFilter(source, options.qc);
    keepCells = qc.keepCells;
    keepGenes = qc.keepGenes;
    notes.push(`QC kept ${qc.cellsKept} of ${keepCells.length} cells and ${qc.genesKept} of ${keepGenes.length} genes`);
    if (qc.cellsKept < 2) throw new RangeError(`QC left ${qc.cellsKept} cell(s); loosen the cell thresholds.`);
  }
  const keptGeneIndex: number[] = [];
  keepGenes.forEach((k, g) => k && keptGeneIndex.push(g));

  let ranking: number[] | undefined;
  const top = options.topVariable ?? 0;
  if (top > 0) {
    const filtered = subsetSource(source, keepCells, keepGenes);
    const flavor = options.flavor ?? 'seurat';
    if (flavor === 'seurat_v3') {
      if (options.valueKind !== 'counts') {
        throw new RangeError(
          `The seurat_v3 flavour of highly variable genes needs raw counts, but the data's values look ${options.valueKind}. ` +
            'Use the seurat flavour, or pick a layer or raw matrix that holds counts.',
        );
      }
      ranking = (await seuratV3HighlyVariableGenes(filtered, { topGenes: top })).ranking;
      notes.push(`highly variable genes: seurat_v3 on raw counts, top ${top}`);
    } else {
      const plan = planNormalization(options.valueKind, await cellTotals(filtered), options.normalization);
      notes.push(plan.note);
      ranking = (await seuratHighlyVariableGenes(normalizedSource(filtered, plan))).ranking;
      notes.push(`highly variable genes: seurat (dispersion) flavour, top ${top}`);
    }
    // Back from the filtered genes to the data's genes.
    ranking = ranking.map((g) => keptGeneIndex[g]);
  }

  const namesFor = (list: TfList, what: string): string[] => {
    if (options.names) return options.names;
    const best = bestMatchingGeneNames(source.geneNames, options.var ?? [], list);
    if (best?.column) notes.push(`the ${what} was matched against the var column "${best.column}" (${best.overlap} names in common)`);
    return best?.names ?? source.geneNames;
  };
  let isTf: Uint8Array | undefined;
  if (options.tfList) {
    const overlap = matchTfList(options.tfList, namesFor(options.tfList, 'TF list'));
    isTf = overlap.isTf;
    notes.push(`${overlap.tfGenes.length} of the data's genes are in the TF list ${options.tfList.origin}`);
    if (overlap.matchedIgnoringCase.length > 0) notes.push(`${overlap.matchedIgnoringCase.length} TFs matched only ignoring case`);
  }
  let requested: number[] | undefined;
  if (options.geneList) {
    const resolved = resolveGeneList(options.geneList, namesFor(options.geneList, 'gene list'));
    requested = resolved.indices;
    if (resolved.missing.length > 0) {
      notes.push(`${resolved.missing.length} gene(s) of the gene list are not in the data: ${resolved.missing.slice(0, 10).join(', ')}`);
    }
  }
  const set = finalGeneSet({ geneNames: source.geneNames, isTf, variabilityRanking: ranking, topVariable: top, requested, keepGenes });
  notes.push(
    `${set.indices.length} genes selected: ${set.fromTfs} TFs, ${set.fromVariable} variable genes, ${set.fromRequested} asked for ` +
      `(${set.overlap} in more than one)`,
  );
  return { ...set, keepCells, notes };
}
