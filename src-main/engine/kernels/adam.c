/*
 * Adam (Kingma & Ba 2015) as PyTorch computes it (β = (0.9, 0.999), ε = 1e-8, bias corrected, ε after the corrected
 * square root), in float64 per element and stored as float32 — the same operations in the same order as
 * src-main/engine/training/adam.ts, so every engine takes bit-for-bit the same step from the same gradient.
 */
#include "kernel-abi.h"

/* A fused multiply-add would round differently from adam.ts (GCC contracts by default in GNU C mode). */
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

void adam_update(float *restrict params, const float *restrict grad, float *restrict m, float *restrict v, int count, double learning_rate,
                 double bias_correction1, double bias_correction2_sqrt) {
  const double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
  double step_size = learning_rate / bias_correction1;
  for (int i = 0; i < count; i++) {
    double g = grad[i];
    double mi = beta1 * m[i] + (1 - beta1) * g;
    double vi = beta2 * v[i] + (1 - beta2) * g * g;
    m[i] = (float)mi;
    v[i] = (float)vi;
    params[i] = (float)(params[i] - step_size * mi / (__builtin_sqrt(vi) / bias_correction2_sqrt + epsilon));
  }
}
