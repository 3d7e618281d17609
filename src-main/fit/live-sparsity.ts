/** The three sparsities of the current parameters, for the progress the app shows while a run trains. */
import type { SparsityValues } from '../../src-shared/contract/types.ts';
import { gatedWeights } from '../engine/evaluation/deterministic-gates.ts';
import { pathMatrix } from '../engine/evaluation/path-matrix.ts';
import { featureSparsity, modelSparsity, spuriousFeatureSparsity } from '../engine/evaluation/sparsity.ts';
import type { parameterLayout } from '../engine/model/parameter-layout.ts';

export function liveSparsities(
  layout: ReturnType<typeof parameterLayout>,
  params: Float32Array,
  genes: number,
  isTf: boolean[] | null,
): SparsityValues {
  const gated = gatedWeights(layout, params);
  const path = pathMatrix(layout, gated);
  const spurious = isTf ? spuriousFeatureSparsity(path, genes, isTf) : Number.NaN;
  return { feature: featureSparsity(path), model: modelSparsity(gated), spuriousFeature: Number.isFinite(spurious) ? spurious : null };
}
