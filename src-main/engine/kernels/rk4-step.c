/*
 * One classic RK4 step (Kutta 1901) of all B rows, and its exact reverse (discretise-then-differentiate): the four
 * stage inputs are written straight into the stored layer-0 inputs of evaluations 4·step … 4·step + 3.
 */
#include "kernel-abi.h"

static void axpy_into(float *out, const float *x, float c, const float *k, int n) {
  for (int i = 0; i < n; i++) out[i] = x[i] + k[i] * c;
}

void rk4_step_forward(const Net *net, int step, const float *x, float *x_next, float h, float *k) {
  int n = net->batch * net->padded[0];
  float *stage[4];
  for (int s = 0; s < 4; s++) stage[s] = slot_rows_at(net->act[0], net, 4 * step + s, net->padded[0]);
  float *k1 = k, *k2 = k + n, *k3 = k + 2 * n, *k4 = k + 3 * n;
  double hd = h;
  for (int i = 0; i < n; i++) stage[0][i] = x[i];
  mlp_forward(net, 4 * step, stage[0], k1, 1);
  axpy_into(stage[1], x, (float)(hd / 2), k1, n);
  mlp_forward(net, 4 * step + 1, stage[1], k2, 1);
  axpy_into(stage[2], x, (float)(hd / 2), k2, n);
  mlp_forward(net, 4 * step + 2, stage[2], k3, 1);
  axpy_into(stage[3], x, (float)hd, k3, n);
  mlp_forward(net, 4 * step + 3, stage[3], k4, 1);
  float c1 = (float)(hd / 6), c2 = (float)(2 * hd / 6);
  for (int i = 0; i < n; i++) x_next[i] = x[i] + ((k1[i] * c1 + k2[i] * c2) + (k3[i] * c2 + k4[i] * c1));
}

/* g holds d loss / d x_{n+1} on entry and d loss / d x_n on return. */
void rk4_step_backward(const Net *net, int step, float h, float *g, float *gk, float *gin, float *gacc) {
  int n = net->batch * net->padded[0];
  double hd = h;
  float c1 = (float)(hd / 6), c2 = (float)(2 * hd / 6), half = (float)(hd / 2), full = (float)hd;
  for (int i = 0; i < n; i++) gk[i] = g[i] * c1;
  mlp_backward(net, 4 * step + 3, gk, gin);
  for (int i = 0; i < n; i++) { gacc[i] = gin[i]; gk[i] = g[i] * c2 + gin[i] * full; }
  mlp_backward(net, 4 * step + 2, gk, gin);
  for (int i = 0; i < n; i++) { gacc[i] += gin[i]; gk[i] = g[i] * c2 + gin[i] * half; }
  mlp_backward(net, 4 * step + 1, gk, gin);
  for (int i = 0; i < n; i++) { gacc[i] += gin[i]; gk[i] = g[i] * c1 + gin[i] * half; }
  mlp_backward(net, 4 * step, gk, gin);
  for (int i = 0; i < n; i++) g[i] += gacc[i] + gin[i];
}
