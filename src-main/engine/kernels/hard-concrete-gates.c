/*
 * Hard-concrete gates (Louizos, Welling & Kingma 2018, eq. 10) and the gated weights W̃_l = diag(z_l)·W_l, padded to
 * the SIMD width (their transposes are built for the network the sweeps run on: weight-transpose.c). dz/dlogα is kept for the gradient: β⁻¹(ζ−γ)s(1−s) strictly inside (0, 1).
 */
#include "kernel-abi.h"

#define GATE_TEMPERATURE (2.0 / 3.0)
#define STRETCH_LOW (-0.1)
#define STRETCH_HIGH 1.1

void gates_compute(const Workspace *w, const float *params, const float *noise, int sampled) {
  for (int l = 0; l < w->h[H_LAYERS]; l++) {
    int n = w->h[H_SIZE + l];
    const float *log_alpha = params + w->h[H_P_LOGALPHA + l];
    const float *u = noise + w->h[H_NOISE_AT + l];
    float *z = (float *)ws_ptr(w, H_O_Z + l);
    float *dz_dlogit = (float *)ws_ptr(w, H_O_DZ_DLOGIT + l);
    for (int i = 0; i < n; i++) {
      double logit = sampled ? (pr_log(u[i]) - pr_log(1.0 - (double)u[i]) + log_alpha[i]) / GATE_TEMPERATURE : log_alpha[i];
      double s = 1.0 / (1.0 + pr_exp(-logit));
      double stretched = s * (STRETCH_HIGH - STRETCH_LOW) + STRETCH_LOW;
      int inside = stretched > 0 && stretched < 1;
      z[i] = (float)(stretched <= 0 ? 0 : stretched >= 1 ? 1 : stretched);
      if (stretched != stretched) z[i] = (float)stretched;
      dz_dlogit[i] = inside ? (float)((STRETCH_HIGH - STRETCH_LOW) * s * (1.0 - s) / (sampled ? GATE_TEMPERATURE : 1.0)) : 0.0f;
    }
  }
}

void gated_weights_build(const Workspace *w, Net *net, const float *params) {
  for (int l = 0; l < net->layers; l++) {
    int in = net->size[l], out = net->size[l + 1];
    int out_padded = net->padded[l + 1];
    const float *weights = params + w->h[H_P_WEIGHTS + l];
    const float *bias = params + w->h[H_P_BIAS + l];
    const float *z = (const float *)ws_ptr(w, H_O_Z + l);
    float *wt = net->wt[l];
    for (int i = 0; i < in; i++)
      for (int j = 0; j < out; j++) wt[i * out_padded + j] = z[i] * weights[i * out + j];
    for (int j = 0; j < out; j++) net->bias[l][j] = bias[j];
  }
}
