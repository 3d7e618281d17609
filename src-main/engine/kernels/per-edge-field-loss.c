/*
 * The per-edge field's velocity-matching loss and its gradient (issue 13), the hot loop of fitVelocityField:
 *
 *   pre[r,j,k] = Σ_s G[s,j·H+k]·x̃[r,src_s] + b1[j,k]      G = z ⊙ W1 (the gated first layer, S × D·H)
 *   f̃[r,j]    = b2[j] + Σ_s z[s,j]·A[s,j]·x̃[r,src_s] + Σ_k W2[j,k]·tanh(pre[r,j,k]) − softplus(ρ_j)·x̃[r,j]
 *   data       = mean over rows and genes of (f̃ − ṽ)²
 *
 * with the gradient of `data` with respect to every parameter and to the gates z (dL/dz; the caller adds the penalty
 * and maps dz to dlogα through the hard-concrete slope, which are O(S·D) and stay in TypeScript). Float64 throughout,
 * the same operations in the same order as src-main/engine/velocity/per-edge-field-cpu.ts, so the WebAssembly build
 * (no fused multiply-add) matches it to rounding. Rows are taken four at a time so each row of G and A·z is read once
 * per block instead of once per row: that matrix (S × D·H doubles, 0.5 MB at 113 sources × 529 genes) is the traffic.
 *
 * The arena (byte offsets from `base`, laid out by src-main/engine/velocity/per-edge-field-kernel.ts):
 *   int32 header PE_* below; float64 data loss at byte PE_LOSS_AT; then float64 params (the layout of
 *   per-edge-field-layout.ts), float64 gates (S·D), int32 source indices (S), float32 states and velocities (rows·D),
 *   float64 gradient (params' length, dlogα left 0), float64 dL/dz (S·D), float64 scratch (PE_SCRATCH_DOUBLES).
 */
#include "kernel-abi.h"

#ifdef __wasm__
#define PE_EXPORT(name) __attribute__((export_name(name)))
#else
#define PE_EXPORT(name)
#endif

#define PE_CONTRACT_VERSION 1
#define PE_LOSS_AT 64
#define PE_ROW_BLOCK 4

enum {
  PE_CONTRACT, PE_GENES, PE_HIDDEN, PE_SOURCES, PE_ROWS, PE_FLAGS, PE_STATUS, PE_O_PARAMS, PE_O_GATES, PE_O_SOURCE_INDEX,
  PE_O_STATES, PE_O_VELOCITIES, PE_O_GRADIENT, PE_O_GATE_GRADIENT, PE_O_SCRATCH, PE_SCRATCH_DOUBLES
};
enum { PE_DECAY = 1, PE_LINEAR = 2 };
enum { PE_OK = 0, PE_BAD_ARENA = 1, PE_NON_FINITE = 2 };

static double tanh_f64(double x) {
  double t = pr_exp(-2.0 * (x < 0 ? -x : x));
  double y = (1.0 - t) / (1.0 + t);
  return x < 0 ? -y : y;
}

static double softplus_f64(double x) { return x > 20 ? x : pr_log(1.0 + pr_exp(x)); }

static double sigmoid_f64(double x) { return 1.0 / (1.0 + pr_exp(-x)); }

/* out[b][c] += x[b]·row[c] for the nb rows of a block (rows `stride` apart), one row of the matrix at a time. */
static void block_axpy(int nb, const double *x, const double *restrict row, double *restrict out, int stride, int n) {
  if (nb == PE_ROW_BLOCK) {
    double *restrict o0 = out, *restrict o1 = out + stride, *restrict o2 = out + 2 * stride, *restrict o3 = out + 3 * stride;
    double x0 = x[0], x1 = x[1], x2 = x[2], x3 = x[3];
    for (int c = 0; c < n; c++) {
      double g = row[c];
      o0[c] += x0 * g;
      o1[c] += x1 * g;
      o2[c] += x2 * g;
      o3[c] += x3 * g;
    }
    return;
  }
  for (int b = 0; b < nb; b++)
    for (int c = 0; c < n; c++) out[b * stride + c] += x[b] * row[c];
}

/* acc[c] += Σ_b x[b]·d[b][c], rows added in order (as the row-by-row loop of the TypeScript code adds them). */
static void block_accumulate(int nb, const double *x, const double *restrict d, int stride, double *restrict acc, int n) {
  if (nb == PE_ROW_BLOCK) {
    const double *restrict d0 = d, *restrict d1 = d + stride, *restrict d2 = d + 2 * stride, *restrict d3 = d + 3 * stride;
    double x0 = x[0], x1 = x[1], x2 = x[2], x3 = x[3];
    for (int c = 0; c < n; c++) {
      double a = acc[c];
      a += x0 * d0[c];
      a += x1 * d1[c];
      a += x2 * d2[c];
      a += x3 * d3[c];
      acc[c] = a;
    }
    return;
  }
  for (int b = 0; b < nb; b++)
    for (int c = 0; c < n; c++) acc[c] += x[b] * d[b * stride + c];
}

static long scratch_doubles(int d, int h, int s) {
  long width = (long)d * h;
  return 2 * (long)s * width + 2 * (long)s * d + PE_ROW_BLOCK * (2 * width + 2 * (long)d + s);
}

PE_EXPORT("pr_per_edge_field_scratch_doubles") int pr_per_edge_field_scratch_doubles(int genes, int hidden, int sources) {
  return (int)scratch_doubles(genes, hidden, sources);
}

PE_EXPORT("pr_per_edge_field") int pr_per_edge_field(char *base) {
  int *header = (int *)base;
  const int d = header[PE_GENES], h = header[PE_HIDDEN], s = header[PE_SOURCES], rows = header[PE_ROWS];
  const int decay = header[PE_FLAGS] & PE_DECAY, linear = header[PE_FLAGS] & PE_LINEAR;
  if (header[PE_CONTRACT] != PE_CONTRACT_VERSION || d <= 0 || h < 0 || s <= 0 || rows <= 0 ||
      header[PE_SCRATCH_DOUBLES] < scratch_doubles(d, h, s)) {
    header[PE_STATUS] = PE_BAD_ARENA;
    return PE_BAD_ARENA;
  }
  const int width = d * h;
  const double *params = (const double *)(base + header[PE_O_PARAMS]);
  const double *gates = (const double *)(base + header[PE_O_GATES]);
  const int *source = (const int *)(base + header[PE_O_SOURCE_INDEX]);
  const float *states = (const float *)(base + header[PE_O_STATES]);
  const float *velocities = (const float *)(base + header[PE_O_VELOCITIES]);
  double *gradient = (double *)(base + header[PE_O_GRADIENT]);
  double *gate_gradient = (double *)(base + header[PE_O_GATE_GRADIENT]);
  const long o_w1 = 0, o_b1 = (long)s * width, o_w2 = o_b1 + width, o_b2 = o_w2 + width;
  const long o_log_alpha = o_b2 + d, o_decay = o_log_alpha + (long)s * d, o_linear = o_decay + d;
  const long total = o_linear + (linear ? (long)s * d : 0);

  double *gated = (double *)(base + header[PE_O_SCRATCH]);
  double *gated_linear = gated + (long)s * width;
  double *gated_gradient = gated_linear + (long)s * d;
  double *linear_gradient = gated_gradient + (long)s * width;
  double *pre = linear_gradient + (long)s * d; /* PE_ROW_BLOCK × width; tanh(pre) in place */
  double *d_pre = pre + PE_ROW_BLOCK * width;
  double *out = d_pre + PE_ROW_BLOCK * width; /* PE_ROW_BLOCK × d */
  double *d_out = out + PE_ROW_BLOCK * d;
  double *xs = d_out + PE_ROW_BLOCK * d; /* the block's source states, PE_ROW_BLOCK × s */

  for (long i = 0; i < total; i++) gradient[i] = 0;
  for (long i = 0; i < (long)s * d; i++) gate_gradient[i] = 0;
  for (long i = 0; i < (long)s * width; i++) gated_gradient[i] = 0;
  for (long i = 0; i < (long)s * d; i++) linear_gradient[i] = 0;
  for (int i = 0; i < s; i++)
    for (int j = 0; j < d; j++)
      for (int k = 0; k < h; k++) gated[(long)i * width + j * h + k] = gates[i * d + j] * params[o_w1 + ((long)i * d + j) * h + k];
  for (long p = 0; p < (long)s * d; p++) gated_linear[p] = linear ? gates[p] * params[o_linear + p] : 0;

  double data = 0;
  const double scale = 2.0 / ((double)rows * d);
  for (int r0 = 0; r0 < rows; r0 += PE_ROW_BLOCK) {
    const int nb = rows - r0 < PE_ROW_BLOCK ? rows - r0 : PE_ROW_BLOCK;
    for (int b = 0; b < nb; b++) {
      for (int c = 0; c < width; c++) pre[b * width + c] = params[o_b1 + c];
      for (int j = 0; j < d; j++) out[b * d + j] = 0;
      for (int i = 0; i < s; i++) xs[b * s + i] = states[(long)(r0 + b) * d + source[i]];
    }
    double x[PE_ROW_BLOCK];
    for (int i = 0; i < s; i++) {
      for (int b = 0; b < nb; b++) x[b] = xs[b * s + i];
      if (width > 0) block_axpy(nb, x, gated + (long)i * width, pre, width, width);
      if (linear) block_axpy(nb, x, gated_linear + (long)i * d, out, d, d);
    }
    for (int b = 0; b < nb; b++) {
      const long r = r0 + b;
      double *act = pre + b * width;
      double *dp = d_pre + b * width;
      for (int j = 0; j < d; j++) {
        double sum = params[o_b2 + j] + out[b * d + j];
        for (int k = 0; k < h; k++) {
          double a = tanh_f64(act[j * h + k]);
          act[j * h + k] = a;
          sum += params[o_w2 + j * h + k] * a;
        }
        if (decay) sum -= softplus_f64(params[o_decay + j]) * states[r * d + j];
        double residual = sum - velocities[r * d + j];
        data += residual * residual;
        double dy = scale * residual;
        d_out[b * d + j] = dy;
        gradient[o_b2 + j] += dy;
        if (decay) gradient[o_decay + j] -= dy * states[r * d + j] * sigmoid_f64(params[o_decay + j]);
        for (int k = 0; k < h; k++) {
          const int c = j * h + k;
          double a = act[c];
          gradient[o_w2 + c] += dy * a;
          dp[c] = dy * params[o_w2 + c] * (1 - a * a);
          gradient[o_b1 + c] += dp[c];
        }
      }
    }
    for (int i = 0; i < s; i++) {
      for (int b = 0; b < nb; b++) x[b] = xs[b * s + i];
      if (width > 0) block_accumulate(nb, x, d_pre, width, gated_gradient + (long)i * width, width);
      if (linear) block_accumulate(nb, x, d_out, d, linear_gradient + (long)i * d, d);
    }
  }
  data /= (double)rows * d;

  for (int i = 0; i < s; i++) {
    for (int j = 0; j < d; j++) {
      const long pair = (long)i * d + j;
      for (int k = 0; k < h; k++) {
        double g = gated_gradient[(long)i * width + j * h + k];
        gradient[o_w1 + pair * h + k] += g * gates[pair];
        gate_gradient[pair] += g * params[o_w1 + pair * h + k];
      }
      if (linear) {
        gradient[o_linear + pair] += linear_gradient[pair] * gates[pair];
        gate_gradient[pair] += linear_gradient[pair] * params[o_linear + pair];
      }
    }
  }

  /* A non-finite loss or gradient must not reach the parameters: report it and hand back a zero gradient. */
  int finite = pr_is_finite(data);
  for (long i = 0; finite && i < total; i++) finite = pr_is_finite(gradient[i]);
  for (long i = 0; finite && i < (long)s * d; i++) finite = pr_is_finite(gate_gradient[i]);
  *(double *)(base + PE_LOSS_AT) = data;
  if (!finite) {
    for (long i = 0; i < total; i++) gradient[i] = 0;
    for (long i = 0; i < (long)s * d; i++) gate_gradient[i] = 0;
    header[PE_STATUS] = PE_NON_FINITE;
    return PE_NON_FINITE;
  }
  header[PE_STATUS] = PE_OK;
  return PE_OK;
}
