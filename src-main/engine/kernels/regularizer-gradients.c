/*
 * Penalty values and gradients (docs/model.md, "Penalty"). PathReg acts on the gated weights and gates, so its
 * gradient goes to dW̃ and dz before they are split into dW and dlogα; L1, group lasso and L0 act on the raw
 * parameters and are added to the flat gradient afterwards. d|w|/dw at w = 0 is 0.
 */
#include "kernel-abi.h"

#define GATE_PATH_SHARE 0.1
/* β·log(−γ/ζ) with β = 2/3, γ = −0.1, ζ = 1.1 */
#define GATE_L0_SHIFT (-1.5985969393016133)

static inline float sign_of(float x) { return x > 0 ? 1.0f : x < 0 ? -1.0f : 0.0f; }

double regularizer_gated_terms(const Workspace *w, const Net *net, float *const *dwt, float *const *dz) {
  if (w->h[H_REGULARIZER] != REG_PATHREG) return 0;
  double lambda = w->r[R_LAMBDA];
  int layers = net->layers, genes = net->size[0];
  /* u_l = 1ᵀ|W̃_0|···|W̃_{l−1}| and v_l = |W̃_l|···|W̃_{L−1}|1: d mean / d|W̃_l|[i][j] = u_l[i]·v_{l+1}[j] / D².
   * Rows are padded with zeros, so every loop runs over whole SIMD vectors. */
  float *u[PR_MAX_LAYERS + 1], *v[PR_MAX_LAYERS + 1];
  for (int l = 0; l <= layers; l++) { u[l] = (float *)ws_ptr(w, H_O_PATH_U + l); v[l] = (float *)ws_ptr(w, H_O_PATH_V + l); }
  for (int i = 0; i < net->padded[0]; i++) u[0][i] = i < net->size[0] ? 1.0f : 0.0f;
  for (int l = 0; l < layers; l++) {
    int in = net->size[l], stride = net->padded[l + 1];
    float *restrict next = u[l + 1];
    for (int j = 0; j < stride; j++) next[j] = 0;
    for (int i = 0; i < in; i++) {
      float ui = u[l][i];
      const float *restrict row = net->wt[l] + i * stride;
      for (int j = 0; j < stride; j++) next[j] += ui * __builtin_fabsf(row[j]);
    }
  }
  for (int j = 0; j < net->padded[layers]; j++) v[layers][j] = j < net->size[layers] ? 1.0f : 0.0f;
  for (int l = layers - 1; l >= 0; l--) {
    int in = net->size[l], stride = net->padded[l + 1];
    for (int i = 0; i < in; i++) {
      v8f acc = {0};
      for (int j = 0; j < stride; j += 8) {
        v8f a = *(const v8f_mem *)(net->wt[l] + i * stride + j);
        v8f magnitude = (v8f)((v8i)a & 0x7fffffff); /* |a|: clear the sign bit */
        acc += magnitude * *(const v8f_mem *)(v[l + 1] + j);
      }
      float s = 0;
      for (int q = 0; q < 8; q++) s += acc[q];
      v[l][i] = s;
    }
    for (int i = in; i < net->padded[l]; i++) v[l][i] = 0;
  }
  double path_sum = 0;
  for (int j = 0; j < net->size[layers]; j++) path_sum += u[layers][j];
  float scale = (float)(lambda / ((double)genes * genes));
  for (int l = 0; l < layers; l++) {
    int in = net->size[l], stride = net->padded[l + 1];
    for (int i = 0; i < in; i++) {
      float gi = scale * u[l][i];
      const float *restrict row = net->wt[l] + i * stride;
      const float *restrict vn = v[l + 1];
      float *restrict out = dwt[l] + i * stride;
      for (int j = 0; j < stride; j++) {
        float a = row[j];
        float sign = a > 0 ? 1.0f : a < 0 ? -1.0f : 0.0f;
        out[j] += gi * vn[j] * sign;
      }
    }
  }
  /* Gate path: mean(z_0)·Π_{l≥1} Σ_i z_{l,i}. */
  double sums[PR_MAX_LAYERS];
  for (int l = 0; l < layers; l++) {
    const float *z = (const float *)ws_ptr(w, H_O_Z + l);
    double s = 0;
    for (int i = 0; i < net->size[l]; i++) s += z[i];
    sums[l] = l == 0 ? s / net->size[0] : s;
  }
  double gate_path = 1;
  for (int l = 0; l < layers; l++) gate_path *= sums[l];
  for (int l = 0; l < layers; l++) {
    double others = 1;
    for (int m = 0; m < layers; m++) if (m != l) others *= sums[m];
    float g = (float)(GATE_PATH_SHARE * lambda * others / (l == 0 ? net->size[0] : 1));
    for (int i = 0; i < net->size[l]; i++) dz[l][i] += g;
  }
  return lambda * (path_sum / ((double)genes * genes) + GATE_PATH_SHARE * gate_path);
}

double regularizer_raw_terms(const Workspace *w, const Net *net, const float *params, float *grad) {
  int kind = w->h[H_REGULARIZER];
  double lambda = w->r[R_LAMBDA];
  double value = 0;
  if (kind == REG_L1) {
    for (int l = 0; l < net->layers; l++) {
      int count = net->size[l] * net->size[l + 1];
      const float *weights = params + w->h[H_P_WEIGHTS + l];
      float *gw = grad + w->h[H_P_WEIGHTS + l];
      float g = (float)(lambda / count);
      double s = 0;
      for (int i = 0; i < count; i++) { s += weights[i] < 0 ? -weights[i] : weights[i]; gw[i] += g * sign_of(weights[i]); }
      value += lambda * s / count;
    }
  } else if (kind == REG_GROUP_LASSO) {
    int in = net->size[0], out = net->size[1];
    const float *weights = params + w->h[H_P_WEIGHTS];
    float *gw = grad + w->h[H_P_WEIGHTS];
    double s = 0;
    for (int i = 0; i < in; i++) {
      double squares = 0;
      for (int j = 0; j < out; j++) squares += (double)weights[i * out + j] * weights[i * out + j];
      double norm = pr_sqrt(squares);
      s += norm;
      if (norm > 0)
        for (int j = 0; j < out; j++) gw[i * out + j] += (float)(lambda / in * weights[i * out + j] / norm);
    }
    value = lambda * s / in;
  } else if (kind == REG_L0) {
    int gates = w->h[H_GATE_COUNT];
    double s = 0;
    for (int l = 0; l < net->layers; l++) {
      const float *log_alpha = params + w->h[H_P_LOGALPHA + l];
      float *gl = grad + w->h[H_P_LOGALPHA + l];
      for (int i = 0; i < net->size[l]; i++) {
        double open = 1.0 / (1.0 + pr_exp(-((double)log_alpha[i] - GATE_L0_SHIFT)));
        s += open;
        gl[i] += (float)(lambda / gates * open * (1.0 - open));
      }
    }
    value = lambda * s / gates;
  }
  return value;
}
