/**
 * dW̃_l = Σ over every stored stage row of a_lᵀ·δ_l and db_l = Σ δ_l, for every layer in one dispatch: a tiled
 * product over all E·B stored rows, 64 × 64 outputs per workgroup, each of its 16 × 16 threads holding a 4 × 4 block
 * of sums in registers (outputs strided by 16, so global writes and shared reads stay contiguous), the row dimension
 * walked in shared 16-row slabs. The bias gradient is the product's extra row (a column of ones appended to a_l) and
 * goes straight into the flat gradient. Workgroups are numbered across layers; a workgroup finds its layer from its
 * number.
 *
 * After a folded sweep (rk4-folded-forward-sweep-kernel.ts) the stage inputs and the output layer's gradients were
 * never formed, and the gene-wide layers regroup as in projected-weight-gradients.c:
 *   dW̃_0    = Σ_n x_nᵀ·(Σ_s δ0_s) + W̃_lastᵀ·Q + b_lastᵀ·q,          db_0    = Σ_n Σ_s δ0_s,
 *   dW̃_last = Σ_n (Σ_s b_s·a_last,s)ᵀ·ḡ_n + Q·W̃_0ᵀ,   db_last = Σ_n h_n·ḡ_n + q·W̃_0ᵀ,
 * with Q = Σ c_s·a_last,s−1ᵀ·δ0_s and q = Σ c_s·δ0_s. This kernel computes the first terms (products over one row
 * per step and trajectory instead of four) and Q, q; folded-gradient-corrections-kernel.ts adds the rest.
 */
import type { WebGpuPlan } from '../webgpu-plan.ts';
import { MAX_WORKGROUPS_PER_DIMENSION, PRODUCT_BLOCK, PRODUCT_SLAB, PRODUCT_THREADS, PRODUCT_TILE } from '../webgpu-plan.ts';
import { KERNEL_BINDINGS, u32 } from './kernel-bindings.ts';

const T = PRODUCT_THREADS;
const N = PRODUCT_BLOCK;
const TILE = PRODUCT_TILE;
const SLAB = PRODUCT_SLAB;

/**
 * One product Σ_r Aᵀ·Δ over `rows` rows: A is rows × (inputs + 1) (the last column is `extra`, ones for a bias),
 * Δ is rows × outputs; the sums are written by `write` (i < inputs) and `writeExtra`. WGSL expressions in r, i, j,
 * read only for r < rows, i < inputs, j < outputs.
 */
interface ProductSpec {
  inputs: number;
  outputs: number;
  rows: number;
  a(r: string, i: string): string;
  extra(r: string): string;
  d(r: string, j: string): string;
  write(i: string, j: string, value: string): string;
  writeExtra(j: string, value: string): string;
}

/** The products of one iteration's weight gradients, in dispatch order. */
function productSpecs(plan: WebGpuPlan): ProductSpec[] {
  const { layout, model, batch: B } = plan;
  const last = layout.layers.length - 1;
  const stageRows = plan.evaluations * B;
  const layerSpec = (l: number): ProductSpec => {
    const layer = layout.layers[l];
    const IN = layer.inputs;
    const OUT = layer.outputs;
    return {
      inputs: IN,
      outputs: OUT,
      rows: stageRows,
      a: (r, i) => `acts[${u32(plan.acts[l])} + ${r} * ${u32(IN)} + ${i}]`,
      extra: () => '1.0',
      d: (r, j) => `deltas[${u32(plan.deltas[l])} + ${r} * ${u32(OUT)} + ${j}]`,
      write: (i, j, v) => `model[${u32(model.dGated[l])} + ${i} * ${u32(OUT)} + ${j}] = ${v};`,
      writeExtra: (j, v) => `model[${u32(model.grad + layer.bias)} + ${j}] = ${v};`,
    };
  };
  const folded = plan.folded;
  if (!folded) return layout.layers.map((_, l) => layerSpec(l));
  const D = plan.genes;
  const first = plan.sizes[1];
  const hidden = plan.sizes[last];
  const stepRows = plan.steps * B;
  // Step coefficient k (h/2, h, h/6, 2h/6) of the step that row r (n·B + b) belongs to.
  const coefficient = (step: string, k: string): string => `model[${u32(model.stepCoefficients)} + 4u * ${step} + ${k}]`;
  return [
    {
      // Σ_n x_nᵀ·(Σ_s δ0_s), and db_0.
      inputs: D,
      outputs: first,
      rows: stepRows,
      a: (r, i) => `model[${u32(model.states)} + ${r} * ${u32(D)} + ${i}]`,
      extra: () => '1.0',
      d: (r, j) => `deltas[${u32(folded.deltaSums)} + ${r} * ${u32(first)} + ${j}]`,
      write: (i, j, v) => `model[${u32(model.dGated[0])} + ${i} * ${u32(first)} + ${j}] = ${v};`,
      writeExtra: (j, v) => `model[${u32(model.grad + layout.layers[0].bias)} + ${j}] = ${v};`,
    },
    ...layout.layers.slice(1, last).map((_, k) => layerSpec(k + 1)),
    {
      // Σ_n (Σ_s b_s·a_last,s)ᵀ·ḡ_n, and Σ_n (Σ_s b_s)·ḡ_n for db_last, Σ_s b_s summed as the C kernel sums it.
      inputs: hidden,
      outputs: D,
      rows: stepRows,
      a: (r, i) => `acts[${u32(folded.stageSums)} + ${r} * ${u32(hidden)} + ${i}]`,
      extra: (r) => {
        const step = `(${r} / ${u32(B)})`;
        return `((${coefficient(step, '2u')} + ${coefficient(step, '3u')}) + (${coefficient(step, '3u')} + ${coefficient(step, '2u')}))`;
      },
      d: (r, j) => `deltas[${u32(folded.stepGradients)} + ${r} * ${u32(D)} + ${j}]`,
      write: (i, j, v) => `model[${u32(model.dGated[last])} + ${i} * ${u32(D)} + ${j}] = ${v};`,
      writeExtra: (j, v) => `model[${u32(model.grad + layout.layers[last].bias)} + ${j}] = ${v};`,
    },
    {
      // Q = Σ c_{s+1}·a_last,sᵀ·δ0_{s+1} over stage rows s = 0 … 2 (stage 3's slope feeds no later stage), and q.
      // c_{s+1} is h/2 after stages 0 and 1 and h after stage 2: coefficient slot 0 or 1.
      inputs: hidden,
      outputs: first,
      rows: stageRows,
      a: (r, i) => `acts[${u32(plan.acts[last])} + ${r} * ${u32(hidden)} + ${i}]`,
      extra: () => '1.0',
      d: (r, j) => {
        const evaluation = `(${r} / ${u32(B)})`;
        const next = `deltas[${u32(plan.deltas[0])} + min(${r} + ${u32(B)}, ${u32(stageRows - 1)}) * ${u32(first)} + ${j}]`;
        const c = coefficient(`(${evaluation} / 4u)`, `select(0u, 1u, ${evaluation} % 4u == 2u)`);
        return `select(${c} * ${next}, 0.0, ${evaluation} % 4u == 3u)`;
      },
      write: (i, j, v) => `model[${u32(folded.q)} + ${i} * ${u32(first)} + ${j}] = ${v};`,
      writeExtra: (j, v) => `model[${u32(folded.qBias)} + ${j}] = ${v};`,
    },
  ];
}

/** Tiles of each product's (inputs + 1) × outputs output, in dispatch order. */
function productTiles(specs: ProductSpec[]): { rowTiles: number; columnTiles: number }[] {
  return specs.map((spec) => ({ rowTiles: Math.ceil((spec.inputs + 1) / TILE), columnTiles: Math.ceil(spec.outputs / TILE) }));
}

/** Workgroups of the dispatch as (x, y): x·y ≥ the tile count, each within the per-dimension limit. */
export function productDispatch(plan: WebGpuPlan): [number, number] {
  const total = productTiles(productSpecs(plan)).reduce((sum, t) => sum + t.rowTiles * t.columnTiles, 0);
  const x = Math.min(total, MAX_WORKGROUPS_PER_DIMENSION);
  return [x, Math.ceil(total / x)];
}

/** One product as a WGSL function of its tile number. */
function productFunction(spec: ProductSpec, index: number, columnTiles: number): string {
  const { inputs, outputs, rows } = spec;
  return `
fn product_${index}(tile: u32, lid: vec2<u32>, flat: u32) {
  let i0 = (tile / ${u32(columnTiles)}) * ${u32(TILE)};
  let j0 = (tile % ${u32(columnTiles)}) * ${u32(TILE)};
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
        if (ia < ${u32(inputs)}) { a = ${spec.a('r', 'ia')}; } else if (ia == ${u32(inputs)}) { a = ${spec.extra('r')}; }
      }
      slab_a[k][c] = a;
      let jd = j0 + c;
      var dv = 0.0;
      if (r < ${u32(rows)} && jd < ${u32(outputs)}) { dv = ${spec.d('r', 'jd')}; }
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
      if (j < ${u32(outputs)}) {
        if (i < ${u32(inputs)}) { ${spec.write('i', 'j', 'sums[m][n]')} } else if (i == ${u32(inputs)}) { ${spec.writeExtra('j', 'sums[m][n]')} }
      }
    }
  }
}`;
}

export function weightGradientProductKernel(plan: WebGpuPlan): string {
  const specs = productSpecs(plan);
  const tiles = productTiles(specs);
  let first = 0;
  const branches = specs.map((_, k) => {
    const call = `product_${k}(tile - ${u32(first)}, lid, flat);`;
    first += tiles[k].rowTiles * tiles[k].columnTiles;
    return `if (tile < ${u32(first)}) { ${call} }`;
  });
  return /* wgsl */ `${KERNEL_BINDINGS}
var<workgroup> slab_a: array<array<f32, ${TILE}>, ${SLAB}>;
var<workgroup> slab_d: array<array<f32, ${TILE}>, ${SLAB}>;
${specs.map((spec, k) => productFunction(spec, k, tiles[k].columnTiles)).join('\n')}

@compute @workgroup_size(${T}, ${T})
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>, @builtin(local_invocation_id) local: vec3<u32>, @builtin(local_invocation_index) flat: u32) {
  let tile = group.y * groups.x + group.x;
  let lid = local.xy;
  ${branches.join(' else ')}
}
`;
}
