import * as tf from '@tensorflow/tfjs';
import type { RegularizerConfig } from '../../../../src-shared/run-config.ts';
import type { GatedLayerTensors } from '../model-tensors.ts';
import { groupLassoPenalty } from './penalty-group-lasso.ts';
import { l0Penalty } from './penalty-l0.ts';
import { l1Penalty } from './penalty-l1.ts';
import { pathregPenalty } from './penalty-pathreg.ts';

/** The configured regularizer's value (already multiplied by λ), docs/model.md "Penalty". */
export function penalty(layers: GatedLayerTensors[], regularizer: RegularizerConfig): tf.Scalar {
  switch (regularizer.kind) {
    case 'pathreg':
      return pathregPenalty(layers, regularizer.lambda);
    case 'l1':
      return l1Penalty(layers, regularizer.lambda);
    case 'l0':
      return l0Penalty(layers, regularizer.lambda);
    case 'group-lasso':
      return groupLassoPenalty(layers, regularizer.lambda);
    case 'none':
      return tf.scalar(0);
  }
}
