/**
 * dW̃_l = Σ over every stored stage row of a_lᵀ·δ_l and db_l = Σ δ_l, for every layer in one dispatch: a tiled
 * product over all E·B stored rows, 64 × 64 outputs per workgroup, each of its 16 × 16 threads holding a 4 × 4 block
 * of sums in registers (outputs strided by 16, so global writes and shared reads stay contiguous), the row dimension
 * walked in shared 16-row slabs. The bias gradient is the product's extra row (a column of ones appended to a_l) and
 * goes straight into the flat gradient. Workgroups are numbered across layers; a workgroup finds its layer from its
 * number.
 */
import type { WebGpuPlan } from '../webgpu-plan.ts';
import { MAX_WORKGROUPS_PER_DIMENSION, PRODUCT_BLOCK, PRODUCT_SLAB, PRODUCT_THREADS, PRODUCT_TILE } from '../webgpu-plan.ts';
import { KERNEL_BINDINGS, u32 } from './kernel-bindings.ts';

const T = PRODUCT_THREADS;
const N = PRODUCT_BLOCK;
const TILE = PRODUCT_TILE;
const SLAB = PRODUCT_SLAB;

/** Tiles of each layer's (inputs + 1) × outputs product, in dispatch order. */
export function productTiles(plan: WebGpuPlan): { rowTiles: number; columnTiles: number }[] {
  return plan.layout.layers.map((layer) => ({ rowTiles: Math.ceil((layer.inputs + 1) / TILE), columnTiles: Math.ceil(layer.outputs / TILE) }));
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
    const call = `layer_product(tile - ${u32(first)}, ${u32(tiles[l].columnTiles)}, ${u32(layer.inputs)}, ${u32(layer.outputs)}, ${u32(plan.acts[l])}, ${u32(plan.deltas[l])}, ${u32(plan.model.dGated[l])}, ${u32(plan.model.grad + layer.bias)}, lid, flat);`;
    first += count;
    return `if (tile < ${u32(first)}) { ${call} }`;
  });
  return /* wgsl */ `${KERNEL_BINDINGS}
var<workgroup> slab_a: array<array<f32, ${TILE}>, ${SLAB}>;
var<workgroup> slab_d: array<array<f32, ${TILE}>, ${SLAB}>;

fn layer_product(tile: u32, column_tiles: u32, inputs: u32, outputs: u32, act: u32, delta: u32, out: u32, bias_grad: u32, lid: vec2<u32>, flat: u32) {
  let i0 = (tile / column_tiles) * ${u32(TILE)};
  let j0 = (tile % column_tiles) * ${u32(TILE)};
  var sums: array<array<f32, ${N}>, ${N}>;
  for (var r0 = 0u; r0 < ${u32(rows)}; r0 += ${u32(SLAB)}) {
    // ${T * T} threads load the ${SLAB} × ${TILE} slab of each operand, ${(SLAB * TILE) / (T * T)} values each, consecutive threads on consecutive columns.
    for (var q = 0u; q < ${u32((SLAB * TILE) / (T * T))}; q++) {
      let at = flat + q * ${u32(T * T)};
      let k = at / ${u32(TILE)};
      let c = at % ${u32(TILE)};
      let r = r0 + k;
      let ia = i0 + c;
      var a = 0.0;
      if (r < ${u32(rows)}) {
        if (ia < inputs) { a = acts[act + r * inputs + ia]; } else if (ia == inputs) { a = 1.0; }
      }
      slab_a[k][c] = a;
      let jd = j0 + c;
      var dv = 0.0;
      if (r < ${u32(rows)} && jd < outputs) { dv = deltas[delta + r * outputs + jd]; }
      slab_d[k][c] = dv;
    }
    workgroupBarrier();
    for (var k = 0u; k < ${u32(SLAB)}; k++) {
      var a: array<f32, ${N}>;
      var d: array<f32, ${N}>;
      for (var n = 0u; n < ${u32(N)}; n++) {
        a[n] = slab_a[k][lid.y + n * ${u32(T)}];
        d[n] = slab_d[k][lid.x + n * ${u32(T)}];
      }
      for (var m = 0u; m < ${u32(N)}; m++) {
        for (var n = 0u; n < ${u32(N)}; n++) { sums[m][n] = sums[m][n] + a[m] * d[n]; }
      }
    }
    workgroupBarrier();
  }
  for (var m = 0u; m < ${u32(N)}; m++) {
    let i = i0 + lid.y + m * ${u32(T)};
    for (var n = 0u; n < ${u32(N)}; n++) {
      let j = j0 + lid.x + n * ${u32(T)};
      if (j < outputs) {
        if (i < inputs) { model[out + i * outputs + j] = sums[m][n]; } else if (i == inputs) { model[bias_grad + j] = sums[m][n]; }
      }
    }
  }
}

@compute @workgroup_size(${T}, ${T})
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>, @builtin(local_invocation_id) local: vec3<u32>, @builtin(local_invocation_index) flat: u32) {
  let tile = group.y * groups.x + group.x;
  let lid = local.xy;
  ${branches.join(' else ')}
}
`;
}
