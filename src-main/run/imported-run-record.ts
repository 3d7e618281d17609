/**
 * A run record for a network the app imports (an exported network file, or a checkpoint without its run folder):
 * what is known from the file, the rest empty or null, so an imported run lives in the same run-folder format.
 */
import type { RunMetricsRecord } from '../../src-shared/contract/run-record.ts';
import { RECOMMENDED_DEFAULTS, type RunEngineName } from '../../src-shared/run-config.ts';

export function importedRunRecord(
  genes: string[],
  isTf: Array<boolean | null>,
  edges: number,
  known: {
    featureSparsity: number | null;
    modelSparsity: number | null;
    iterations: number;
    engine: RunEngineName;
    seed: number;
    dataSha256: string;
  },
): RunMetricsRecord {
  return {
    train_mse: null,
    test_mse: {},
    test_mse_mean: null,
    feature_sparsity: known.featureSparsity ?? Number.NaN,
    model_sparsity: known.modelSparsity ?? Number.NaN,
    spurious_feature_sparsity: null,
    iterations: known.iterations,
    model: 'last',
    model_iteration: known.iterations,
    best_iteration: null,
    best_validation_loss: null,
    final_validation_loss: null,
    rejected_iterations: 0,
    restarts: 0,
    straight_line_mse: null,
    warnings: [],
    seconds: 0,
    engine: known.engine,
    seed: known.seed,
    data_sha256: known.dataSha256,
    version: '',
    train_mse_by_donor: {},
    lineage_mse: {},
    lineage_cells: {},
    final_loss: null,
    final_learning_rate: 0,
    evaluation_seconds: 0,
    edges,
    open_gates: [],
    notes: ['imported: only the network and what its file records are known'],
    config: RECOMMENDED_DEFAULTS,
    evaluation: { solver: 'dopri5', rtol: 1e-3, atol: 1e-3, max_steps: 10_000 },
    preparation: { dropFirst: 0, dropLast: 0, initialCells: 0 },
    train_donors: [],
    test_donors: [],
    lineages: [],
    genes: genes.length,
    gene_names: genes,
    is_tf: isTf,
    // Unknown for an imported network: the views then say nothing about it.
    pseudotime: '',
    data_set: { format: 'imported', notes: [], pseudotime_root: null },
    tf_list: null,
    engine_reason: 'imported',
    provenance: { command: '', data_path: '', sources: [], resumed: false, node: '', platform: '', cpu: '', host: '', finished_at: '' },
  };
}
