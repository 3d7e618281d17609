/**
 * The regulators choice as the run record states it (src-shared/contract/run-record.ts, RegulatorsRecord), with the
 * feature sparsity over the genes that could regulate: the genes closed by choice have all-zero rows in the path
 * matrix, so the plain feature sparsity rises with their number whatever the training does.
 */
import type { RegulatorsRecord } from '../../src-shared/contract/run-record.ts';
import { NEAR_ZERO } from '../engine/evaluation/sparsity.ts';
import type { RegulatorMask } from './regulator-mask.ts';

/** `path` is the D × D path matrix (row = source) the network was read from. */
export function regulatorRecord(mask: RegulatorMask, path: Float64Array, genes: number): RegulatorsRecord {
  let counted = 0;
  let zeros = 0;
  for (let i = 0; i < genes; i++) {
    if (mask.closed?.[i]) continue;
    for (let j = 0; j < genes; j++) {
      counted++;
      if (Math.abs(path[i * genes + j]) < NEAR_ZERO) zeros++;
    }
  }
  return {
    choice: mask.choice,
    reason: mask.reason,
    sources: mask.sources,
    closed_sources: genes - mask.sources,
    feature_sparsity_among_sources: counted === 0 ? null : zeros / counted,
  };
}
