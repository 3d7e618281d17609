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
 * (no fused multiply-add) matches it to rounding. The two products over sources and over rows, which are all of the
 * time (rows·S·D·(H + 1) each), run as register-tiled matrix products (gemm_accumulate).
 *
 * The arena (byte offsets from `base`, laid out by src-main/engine/velocity/per-edge-field-kernel.ts):
 *   int32 header PE_* below; float64 data loss at byte PE_LOSS_AT; then float64 params (the layout of
 *   per-edge-field-layout.ts), float64 gates (S·D), int32 source indices (S), float32 states and velocities (rows·D),
 *   float64 gradient (params' length, dlogα left 0), float64 dL/dz (S·D), float64 scratch (PE_SCRATCH_DOUBLES, at
 *   least pr_per_edge_field_scratch_doubles(genes, hidden, sources, rows)).
 */
#include "kernel-abi.h"

#ifdef __wasm__
#define PE_EXPORT(name) __attribute__((export_name(name)))
#else
#define PE_EXPORT(name)
#endif

#define PE_CONTRACT_VERSION 1
#define PE_LOSS_AT 64

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

/*
 * C[m][n] += Σ_k A[m][k]·B[k][n], k ascending for every element (the order of the TypeScript loops), A read with
 * strides (row a_m, inner a_k) so one routine serves X·G (forward) and Xᵀ·D (the weight gradients). Register tiles of
 * 4 rows × 2 vectors keep the accumulators out of memory for the whole k loop: 8 AVX registers natively, 8 128-bit
 * ones in WebAssembly and the SSE2 build (which have 16).
 */
#if defined(__AVX__)
typedef double vec __attribute__((vector_size(32)));
typedef double vec_mem __attribute__((vector_size(32), aligned(8)));
#define VL 4
#else
typedef double vec __attribute__((vector_size(16)));
typedef double vec_mem __attribute__((vector_size(16), aligned(8)));
#define VL 2
#endif
#define LOAD(p) (*(const vec_mem *)(p))
#define STORE(p, v) (*(vec_mem *)(p) = (v))

static void gemm_accumulate(int m, int n, int k, const double *a, long a_m, long a_k, const double *b, long ldb, double *c,
                            long ldc) {
  int n0 = 0;
  for (; n0 + 2 * VL <= n; n0 += 2 * VL) {
    int r = 0;
    for (; r + 4 <= m; r += 4) {
      double *c0 = c + r * ldc + n0, *c1 = c0 + ldc, *c2 = c1 + ldc, *c3 = c2 + ldc;
      vec s00 = LOAD(c0), s01 = LOAD(c0 + VL), s10 = LOAD(c1), s11 = LOAD(c1 + VL);
      vec s20 = LOAD(c2), s21 = LOAD(c2 + VL), s30 = LOAD(c3), s31 = LOAD(c3 + VL);
      const double *a0 = a + r * a_m, *a1 = a0 + a_m, *a2 = a1 + a_m, *a3 = a2 + a_m;
      const double *bk = b + n0;
      for (int i = 0; i < k; i++, bk += ldb) {
        vec b0 = LOAD(bk), b1 = LOAD(bk + VL);
        double x0 = a0[i * a_k], x1 = a1[i * a_k], x2 = a2[i * a_k], x3 = a3[i * a_k];
        s00 += x0 * b0;
        s01 += x0 * b1;
        s10 += x1 * b0;
        s11 += x1 * b1;
        s20 += x2 * b0;
        s21 += x2 * b1;
        s30 += x3 * b0;
        s31 += x3 * b1;
      }
      STORE(c0, s00); STORE(c0 + VL, s01); STORE(c1, s10); STORE(c1 + VL, s11);
      STORE(c2, s20); STORE(c2 + VL, s21); STORE(c3, s30); STORE(c3 + VL, s31);
    }
    for (; r < m; r++) {
      double *c0 = c + r * ldc + n0;
      vec s00 = LOAD(c0), s01 = LOAD(c0 + VL);
      const double *a0 = a + r * a_m;
      const double *bk = b + n0;
      for (int i = 0; i < k; i++, bk += ldb) {
        double x0 = a0[i * a_k];
        s00 += x0 * LOAD(bk);
        s01 += x0 * LOAD(bk + VL);
      }
      STORE(c0, s00); STORE(c0 + VL, s01);
    }
  }
  for (int r = 0; r < m; r++)
    for (int col = n0; col < n; col++) {
      double sum = c[r * ldc + col];
      for (int i = 0; i < k; i++) sum += a[r * a_m + i * a_k] * b[i * ldb + col];
      c[r * ldc + col] = sum;
    }
}

static long scratch_doubles(int d, int h, int s, int rows) {
  long width = (long)d * h;
  return 2 * (long)s * width + 2 * (long)s * d + 2 * (long)d + (long)rows * (2 * width + 2 * (long)d + s);
}

PE_EXPORT("pr_per_edge_field_scratch_doubles")
double pr_per_edge_field_scratch_doubles(int genes, int hidden, int sources, int rows) {
  return (double)scratch_doubles(genes, hidden, sources, rows);
}

PE_EXPORT("pr_per_edge_field") int pr_per_edge_field(char *base) {
  int *header = (int *)base;
  const int d = header[PE_GENES], h = header[PE_HIDDEN], s = header[PE_SOURCES], rows = header[PE_ROWS];
  const int decay = header[PE_FLAGS] & PE_DECAY, linear = header[PE_FLAGS] & PE_LINEAR;
  if (header[PE_CONTRACT] != PE_CONTRACT_VERSION || d <= 0 || h < 0 || s <= 0 || rows <= 0 ||
      header[PE_SCRATCH_DOUBLES] < scratch_doubles(d, h, s, rows)) {
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
  double *xs = linear_gradient + (long)s * d; /* the source states, rows × s */
  double *pre = xs + (long)rows * s;         /* rows × width; tanh(pre) in place */
  double *d_pre = pre + (long)rows * width;
  double *out = d_pre + (long)rows * width; /* rows × d: the gated linear term */
  double *d_out = out + (long)rows * d;
  double *decay_rate = d_out + (long)rows * d; /* softplus(ρ_j) and its derivative sigmoid(ρ_j), once per call */
  double *decay_slope = decay_rate + d;

  for (long i = 0; i < total; i++) gradient[i] = 0;
  for (long i = 0; i < (long)s * d; i++) gate_gradient[i] = 0;
  for (long i = 0; i < (long)s * width; i++) gated_gradient[i] = 0;
  for (long i = 0; i < (long)s * d; i++) linear_gradient[i] = 0;
  for (int i = 0; i < s; i++)
    for (int j = 0; j < d; j++)
      for (int k = 0; k < h; k++) gated[(long)i * width + j * h + k] = gates[i * d + j] * params[o_w1 + ((long)i * d + j) * h + k];
  for (long p = 0; p < (long)s * d; p++) gated_linear[p] = linear ? gates[p] * params[o_linear + p] : 0;
  for (int j = 0; j < d; j++) {
    decay_rate[j] = decay ? softplus_f64(params[o_decay + j]) : 0;
    decay_slope[j] = decay ? sigmoid_f64(params[o_decay + j]) : 0;
  }
  for (long r = 0; r < rows; r++) {
    for (int i = 0; i < s; i++) xs[r * s + i] = states[r * d + source[i]];
    for (int c = 0; c < width; c++) pre[r * width + c] = params[o_b1 + c];
    for (int j = 0; j < d; j++) out[r * d + j] = 0;
  }
  /* The forward products: pre += X·G, out += X·(z ⊙ A). */
  if (width > 0) gemm_accumulate(rows, width, s, xs, s, 1, gated, width, pre, width);
  if (linear) gemm_accumulate(rows, d, s, xs, s, 1, gated_linear, d, out, d);

  double data = 0;
  const double scale = 2.0 / ((double)rows * d);
  for (long r = 0; r < rows; r++) {
    double *act = pre + r * width;
    double *dp = d_pre + r * width;
    for (int j = 0; j < d; j++) {
      double sum = params[o_b2 + j] + out[r * d + j];
      for (int k = 0; k < h; k++) {
        double a = tanh_f64(act[j * h + k]);
        act[j * h + k] = a;
        sum += params[o_w2 + j * h + k] * a;
      }
      if (decay) sum -= decay_rate[j] * states[r * d + j];
      double residual = sum - velocities[r * d + j];
      data += residual * residual;
      double dy = scale * residual;
      d_out[r * d + j] = dy;
      gradient[o_b2 + j] += dy;
      if (decay) gradient[o_decay + j] -= dy * states[r * d + j] * decay_slope[j];
      for (int k = 0; k < h; k++) {
        const int c = j * h + k;
        double a = act[c];
        gradient[o_w2 + c] += dy * a;
        dp[c] = dy * params[o_w2 + c] * (1 - a * a);
        gradient[o_b1 + c] += dp[c];
      }
    }
  }
  /* The weight gradients, rows added in order: dG += Xᵀ·dpre, d(z ⊙ A) += Xᵀ·dout. */
  if (width > 0) gemm_accumulate(s, width, rows, xs, 1, s, d_pre, width, gated_gradient, width);
  if (linear) gemm_accumulate(s, d, rows, xs, 1, s, d_out, d, linear_gradient, d);
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
