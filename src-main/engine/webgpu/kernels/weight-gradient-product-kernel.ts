/**
 * dW̃_l = Σ over every stored stage row of a_lᵀ·δ_l and db_l = Σ δ_l, for every layer in one dispatch: a tiled
 * product (16 × 16 output tiles, the row dimension walked in shared 16-row slabs) over all E·B stored rows. The bias
 * gradient is the product's extra row (a column of ones appended to a_l) and goes straight into the flat gradient.
 * Workgroups are numbered across layers; a workgroup finds its layer from its number.
 */
import type { WebGpuPlan } from '../webgpu-plan.ts';
import { MAX_WORKGROUPS_PER_DIMENSION, PRODUCT_TILE } from '../webgpu-plan.ts';
import { KERNEL_BINDINGS, u32 } from './kernel-bindings.ts';

const T = PRODUCT_TILE;

/** Tiles of each layer's (inputs + 1) × outputs product, in dispatch order. */
export function productTiles(plan: WebGpuPlan): { rowTiles: number; columnTiles: number }[] {
  return plan.layout.layers.map((layer) => ({ rowTiles: Math.ceil((layer.inputs + 1) / T), columnTiles: Math.ceil(layer.outputs / T) }));
}

/** Workgroups of the dispatch as (x, y): x·y ≥ the tile count, each within the per-dimension limit. */
export function productDispatch(plan: WebGpuPlan): [number, number] {
  const total = productTiles(plan).reduce((sum, t) => sum + t.rowTiles * t.columnTiles, 0);
  const x = Math.min(total, MAX_WORKGROUPS_PER_DIMENSION);
  return [x, Math.ceil(total / x)];
}

export function weightGradientProductKernel(plan: WebGpuPlan): string {
  const rows = plan.evaluations * plan.batch;
  const tiles = productTiles(plan);
  let first = 0;
  const branches = plan.layout.layers.map((layer, l) => {
    const count = tiles[l].rowTiles * tiles[l].columnTiles;
    const call = `layer_product(tile - ${u32(first)}, ${u32(tiles[l].columnTiles)}, ${u32(layer.inputs)}, ${u32(layer.outputs)}, ${u32(plan.acts[l])}, ${u32(plan.deltas[l])}, ${u32(plan.model.dGated[l])}, ${u32(plan.model.grad + layer.bias)}, lid);`;
    first += count;
    return `if (tile < ${u32(first)}) { ${call} }`;
  });
  return /* wgsl */ `${KERNEL_BINDINGS}
var<workgroup> slab_a: array<array<f32, ${T}>, ${T}>;
var<workgroup> slab_d: array<array<f32, ${T}>, ${T}>;

fn layer_product(tile: u32, column_tiles: u32, inputs: u32, outputs: u32, act: u32, delta: u32, out: u32, bias_grad: u32, lid: vec2<u32>) {
  let i0 = (tile / column_tiles) * ${u32(T)};
  let j0 = (tile % column_tiles) * ${u32(T)};
  var sum = 0.0;
  for (var r0 = 0u; r0 < ${u32(rows)}; r0 += ${u32(T)}) {
    let r = r0 + lid.y;
    let ia = i0 + lid.x;
    var a = 0.0;
    if (r < ${u32(rows)}) {
      if (ia < inputs) { a = acts[act + r * inputs + ia]; } else if (ia == inputs) { a = 1.0; }
    }
    slab_a[lid.y][lid.x] = a;
    let jd = j0 + lid.x;
    var dv = 0.0;
    if (r < ${u32(rows)} && jd < outputs) { dv = deltas[delta + r * outputs + jd]; }
    slab_d[lid.y][lid.x] = dv;
    workgroupBarrier();
    for (var k = 0u; k < ${u32(T)}; k++) { sum = sum + slab_a[k][lid.y] * slab_d[k][lid.x]; }
    workgroupBarrier();
  }
  let i = i0 + lid.y;
  let j = j0 + lid.x;
  if (j < outputs) {
    if (i < inputs) { model[out + i * outputs + j] = sum; } else if (i == inputs) { model[bias_grad + j] = sum; }
  }
}

@compute @workgroup_size(${T}, ${T})
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>, @builtin(local_invocation_id) local: vec3<u32>) {
  let tile = group.y * groups.x + group.x;
  let lid = local.xy;
  ${branches.join(' else ')}
}
`;
}
