/*
 * One Dormand–Prince 5(4) step (Dormand & Prince 1980; Hairer, Nørsett & Wanner, "Solving ODEs I", II.5) with the
 * FSAL stage and the scaled RMS error ratio, and its exact reverse through the six stored stage evaluations with
 * the step size held constant (discretise-then-differentiate).
 */
#include "kernel-abi.h"

/* a[i][j]: stage i+1 (0-based row i, 1 … 6 used) from k_{j+1}; row 6 is the 5th-order solution (FSAL). */
static const double A[7][6] = {
  {0, 0, 0, 0, 0, 0},
  {1.0 / 5, 0, 0, 0, 0, 0},
  {3.0 / 40, 9.0 / 40, 0, 0, 0, 0},
  {44.0 / 45, -56.0 / 15, 32.0 / 9, 0, 0, 0},
  {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729, 0, 0},
  {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656, 0},
  {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84},
};
static const double E[7] = {71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40};

int dopri5_slot(int step, int stage) { return 1 + 6 * step + (stage - 1); }

/*
 * Stages 2 … 7 from y0 and k[0] = f(y0); k holds 7 blocks of B × padded rows; y1 receives the 5th-order solution.
 * Returns the error ratio ‖h·Σ e_i k_i / (atol + rtol·max(|y0|, |y1|))‖_RMS over the B·D real components.
 */
double dopri5_step_forward(const Workspace *w, const Net *net, int step, const float *y0, float *y1, double h, float *k) {
  int stride = net->padded[0], n = net->batch * stride, genes = net->size[0];
  for (int stage = 1; stage < 7; stage++) {
    float *input = net->act[0] + dopri5_slot(step, stage) * n;
    float c[6];
    for (int j = 0; j < stage; j++) c[j] = (float)(A[stage][j] * h);
    for (int i = 0; i < n; i++) {
      float s = 0;
      for (int j = 0; j < stage; j++) if (A[stage][j] != 0) s += k[j * n + i] * c[j];
      input[i] = y0[i] + s;
    }
    mlp_forward(net, dopri5_slot(step, stage), input, k + stage * n, 1);
  }
  const float *last_input = net->act[0] + dopri5_slot(step, 6) * n;
  for (int i = 0; i < n; i++) y1[i] = last_input[i];
  double rtol = w->r[R_RTOL], atol = w->r[R_ATOL], sum = 0;
  float ce[7];
  for (int j = 0; j < 7; j++) ce[j] = (float)(E[j] * h);
  for (int b = 0; b < net->batch; b++)
    for (int d = 0; d < genes; d++) {
      int i = b * stride + d;
      float err = 0;
      for (int j = 0; j < 7; j++) if (E[j] != 0) err += k[j * n + i] * ce[j];
      double a = y0[i] < 0 ? -y0[i] : y0[i], bb = y1[i] < 0 ? -y1[i] : y1[i];
      double scaled = err / (atol + rtol * (a > bb ? a : bb));
      sum += scaled * scaled;
    }
  return pr_sqrt(sum / ((double)net->batch * genes));
}

/*
 * On entry g = d loss / d y1 from later steps and cells, gk[0 … 6] the direct gradients of this step's stages
 * (dense output, and gk[6] += the next step's d loss / d k1); on return gy0 += d loss / d y0 through this step and
 * gk[0] is d loss / d k1 (handed to the previous step's k7 or to f(x0)).
 */
void dopri5_step_backward(const Net *net, int step, double h, float *g, float *gk, float *gin, float *gy0) {
  int n = net->batch * net->padded[0];
  mlp_backward(net, dopri5_slot(step, 6), gk + 6 * n, gin);
  for (int i = 0; i < n; i++) g[i] += gin[i];
  for (int i = 0; i < n; i++) gy0[i] += g[i];
  for (int j = 0; j < 6; j++) {
    if (A[6][j] == 0) continue;
    float c = (float)(A[6][j] * h);
    for (int i = 0; i < n; i++) gk[j * n + i] += g[i] * c;
  }
  for (int stage = 5; stage >= 1; stage--) {
    mlp_backward(net, dopri5_slot(step, stage), gk + stage * n, gin);
    for (int i = 0; i < n; i++) gy0[i] += gin[i];
    for (int j = 0; j < stage; j++) {
      if (A[stage][j] == 0) continue;
      float c = (float)(A[stage][j] * h);
      for (int i = 0; i < n; i++) gk[j * n + i] += gin[i] * c;
    }
  }
}
