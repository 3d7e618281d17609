/**
 * Hard-concrete gates (Louizos, Welling & Kingma 2018, eq. 10), one thread per gate: z and dz/dlogα (β⁻¹(ζ−γ)s(1−s)
 * strictly inside (0, 1), 0 where the clamp holds the gate shut or open). Sampled from the iteration's noise while
 * training, deterministic (sigmoid(logα)) for prediction — the uniform's w says which.
 */
import type { WebGpuPlan } from '../webgpu-plan.ts';
import { ELEMENTWISE_WORKGROUP } from '../webgpu-plan.ts';
import { KERNEL_BINDINGS, NON_FINITE_TEST, u32 } from './kernel-bindings.ts';

export function hardConcreteGatesKernel(plan: WebGpuPlan): string {
  const { layout, model } = plan;
  // Gate unit → index of its logα in the flat parameters (the units of layer l follow those of layer l − 1).
  const chain = layout.layers
    .map((layer, l) =>
      l === layout.layers.length - 1
        ? `return ${u32(layer.gateLogits)} + (unit - ${u32(layer.noise)});`
        : `if (unit < ${u32(layer.noise + layer.inputs)}) { return ${u32(layer.gateLogits)} + (unit - ${u32(layer.noise)}); }`,
    )
    .join('\n  ');
  return /* wgsl */ `${KERNEL_BINDINGS}${NON_FINITE_TEST}
const TEMPERATURE: f32 = 0.6666667;
const STRETCH_LOW: f32 = -0.1;
const STRETCH_HIGH: f32 = 1.1;

fn log_alpha_index(unit: u32) -> u32 {
  ${chain}
}

@compute @workgroup_size(${ELEMENTWISE_WORKGROUP})
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let unit = id.x;
  if (unit >= ${u32(layout.gateCount)}) { return; }
  let log_alpha = model[${u32(model.params)} + log_alpha_index(unit)];
  let sampled = iteration.w > 0.5;
  var logit = log_alpha;
  var temperature = 1.0;
  if (sampled) {
    let noise = model[${u32(model.noise)} + unit];
    logit = (log(noise) - log(1.0 - noise) + log_alpha) / TEMPERATURE;
    temperature = TEMPERATURE;
  }
  // exp overflows f32 below a logit of about −88 and WGSL leaves an overflowed result indeterminate; a gate shut far
  // out (closed-input-gates.ts: logα = −1e4) must come out exactly 0 as in every other engine, so s is 0 there
  // (the true sigmoid is below 2e-35, which the stretch and clamp take to 0 anyway).
  let s = select(1.0 / (1.0 + exp(-logit)), 0.0, logit < -80.0);
  let stretched = s * (STRETCH_HIGH - STRETCH_LOW) + STRETCH_LOW;
  let inside = stretched > 0.0 && stretched < 1.0;
  // select keeps a NaN logit NaN (clamp's result for NaN is implementation-defined), so a diverged model shows.
  model[${u32(model.z)} + unit] = select(select(0.0, 1.0, stretched >= 1.0), stretched, inside || is_non_finite(stretched));
  model[${u32(model.dzDlogit)} + unit] = select(0.0, (STRETCH_HIGH - STRETCH_LOW) * s * (1.0 - s) / temperature, inside);
}
`;
}
