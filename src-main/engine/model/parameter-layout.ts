import type { ModelConfig } from '../../../src-shared/run-config.ts';

/** Where one layer's tensors sit inside the flat parameter vector (see docs/model.md). */
export interface LayerSlots {
  inputs: number;
  outputs: number;
  /** Offset of W (inputs × outputs, row-major, row = input unit). */
  weights: number;
  /** Offset of the bias (outputs). */
  bias: number;
  /** Offset of the gate logits log α (inputs). */
  gateLogits: number;
  /** Offset of this layer's gate noise inside the per-iteration noise vector (inputs). */
  noise: number;
  /** Whether ELU follows this layer. */
  elu: boolean;
}

/** The flat layout shared by every engine, gradient, optimizer state and checkpoint. */
export interface ParameterLayout {
  genes: number;
  sizes: number[];
  layers: LayerSlots[];
  /** Length of the flat parameter vector. */
  parameterCount: number;
  /** Length of the per-iteration gate-noise vector (one uniform per gate). */
  gateCount: number;
}

/** Builds the layout for `genes` inputs/outputs and the configured hidden sizes. */
export function parameterLayout(genes: number, model: ModelConfig): ParameterLayout {
  if (!Number.isInteger(genes) || genes < 1) throw new RangeError(`genes must be a positive integer, got ${genes}`);
  for (const h of model.hidden) {
    if (!Number.isInteger(h) || h < 1) throw new RangeError(`hidden sizes must be positive integers, got ${model.hidden.join(',')}`);
  }
  const sizes = [genes, ...model.hidden, genes];
  const layerCount = sizes.length - 1;
  const layers: LayerSlots[] = [];
  let offset = 0;
  let noise = 0;
  for (let l = 0; l < layerCount; l++) {
    const inputs = sizes[l];
    const outputs = sizes[l + 1];
    const isOutput = l === layerCount - 1;
    const elu = !isOutput && (model.activation === 'all' || l === 0);
    const weights = offset;
    const bias = weights + inputs * outputs;
    const gateLogits = bias + outputs;
    offset = gateLogits + inputs;
    layers.push({ inputs, outputs, weights, bias, gateLogits, noise, elu });
    noise += inputs;
  }
  return { genes, sizes, layers, parameterCount: offset, gateCount: noise };
}
