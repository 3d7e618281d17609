/**
 * What every kernel of the webgpu engine shares: the one bind group (three storage buffers and the iteration
 * uniform, see webgpu-plan.ts), constant formatting, and the workgroup sum the single-workgroup kernels use.
 * Every pipeline uses the same explicit layout, so one bind group serves all of them.
 */

export const KERNEL_BINDINGS = /* wgsl */ `
@group(0) @binding(0) var<storage, read_write> model: array<f32>;
@group(0) @binding(1) var<storage, read_write> acts: array<f32>;
@group(0) @binding(2) var<storage, read_write> deltas: array<f32>;
// x: Adam step size lr / (1 − β1^t), y: √(1 − β2^t), w: 1 when the gates are sampled (training), 0 for evaluation.
@group(0) @binding(3) var<uniform> iteration: vec4<f32>;
`;

/** A WGSL u32 literal. */
export function u32(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`not a u32 constant: ${value}`);
  return `${value}u`;
}

/** A WGSL f32 literal that reads back as exactly Math.fround(value). */
export function f32(value: number): string {
  const rounded = Math.fround(value);
  if (!Number.isFinite(rounded)) throw new RangeError(`not a finite f32 constant: ${value}`);
  const text = rounded.toPrecision(9);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/**
 * A tree sum over one workgroup of `size` threads (a power of two). Every thread calls it from uniform control flow
 * and gets the total; the scratch array must hold `size` floats.
 */
export function workgroupSum(size: number): string {
  if ((size & (size - 1)) !== 0) throw new RangeError(`workgroup size ${size} is not a power of two`);
  return /* wgsl */ `
var<workgroup> sum_scratch: array<f32, ${size}>;
fn workgroup_sum(tid: u32, value: f32) -> f32 {
  workgroupBarrier();
  sum_scratch[tid] = value;
  for (var half = ${u32(size / 2)}; half > 0u; half = half / 2u) {
    workgroupBarrier();
    if (tid < half) { sum_scratch[tid] = sum_scratch[tid] + sum_scratch[tid + half]; }
  }
  workgroupBarrier();
  return sum_scratch[0];
}
`;
}

/** True for ±∞ and NaN, by the bits: a shader compiler may assume x == x and fold a NaN test away. */
export const NON_FINITE_TEST = /* wgsl */ `
fn is_non_finite(x: f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) == 0x7f800000u; }
`;
