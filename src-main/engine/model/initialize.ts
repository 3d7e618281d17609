import type { ParameterLayout } from './parameter-layout.ts';
import type { SeededRandom } from './random.ts';

/** Drop rate the paper starts the gates at: 0.2 on the genes entering the first layer, 0.5 on hidden units. */
const INITIAL_DROP_RATE_FIRST = 0.2;
const INITIAL_DROP_RATE_HIDDEN = 0.5;

/** The paper's initialisation (docs/model.md): Kaiming-normal weights, zero biases, gates near their drop rate. */
export function initializeParameters(layout: ParameterLayout, random: SeededRandom): Float32Array {
  const params = new Float32Array(layout.parameterCount);
  layout.layers.forEach((layer, l) => {
    const std = Math.sqrt(2 / layer.inputs);
    for (let i = 0; i < layer.inputs * layer.outputs; i++) params[layer.weights + i] = random.normal() * std;
    const drop = l === 0 ? INITIAL_DROP_RATE_FIRST : INITIAL_DROP_RATE_HIDDEN;
    const centre = Math.log(1 - drop) - Math.log(drop);
    for (let i = 0; i < layer.inputs; i++) params[layer.gateLogits + i] = centre + 0.01 * random.normal();
  });
  return params;
}
