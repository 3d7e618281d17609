/*
 * Fixed-step RK4 through the bin centres (docs/model.md, "Solvers"), the binned data term
 * Σ_{k,b} w[k][b]·Σ_d (x̂ − Y)², and the reverse sweep that injects 2·w·(x̂ − Y) at every bin on the way back.
 * Trajectories are independent under a fixed step, so forward and reverse sweeps work on the net's rows only
 * (row_offset … row_offset + batch) and two halves of a batch can run on two threads.
 */
#include "kernel-abi.h"

int rk4_binned_forward(const Workspace *w, const Net *net) {
  int bins = w->h[H_BINS], substeps = w->h[H_SUBSTEPS];
  int genes = w->h[H_GENES], stride = net->padded[0], first = net->row_offset;
  int all = net->slot_rows * stride;
  const float *x0 = (const float *)ws_ptr(w, H_O_X0);
  const double *times = (const double *)ws_ptr(w, H_O_BIN_TIMES);
  float *states = (float *)ws_ptr(w, H_O_STATES) + first * stride;
  double *step_h = (double *)ws_ptr(w, H_O_STEP_H);
  float *k = (float *)ws_ptr(w, H_O_K) + 4 * first * stride;
  for (int b = 0; b < net->batch; b++)
    for (int d = 0; d < genes; d++) states[b * stride + d] = x0[(first + b) * genes + d];
  double t = 0;
  int step = 0;
  for (int bin = 0; bin < bins; bin++) {
    double h = (times[bin] - t) / substeps;
    for (int s = 0; s < substeps; s++, step++) {
      if (first == 0) step_h[step] = h;
      if (net->projection) rk4_projected_step_forward(net, step, states + step * all, states + (step + 1) * all, (float)h, k);
      else rk4_step_forward(net, step, states + step * all, states + (step + 1) * all, (float)h, k);
    }
    t = times[bin];
  }
  if (first == 0) w->h[H_STEPS_TAKEN] = step;
  return STATUS_OK;
}

double rk4_binned_loss(const Workspace *w, const Net *net) {
  int bins = w->h[H_BINS], substeps = w->h[H_SUBSTEPS], batch = net->batch;
  int genes = w->h[H_GENES], stride = net->padded[0];
  const float *states = (const float *)ws_ptr(w, H_O_STATES);
  const float *values = (const float *)ws_ptr(w, H_O_BIN_VALUES);
  const float *weights = (const float *)ws_ptr(w, H_O_BIN_WEIGHTS);
  double total = 0;
  for (int bin = 0; bin < bins; bin++) {
    const float *x = states + (bin + 1) * substeps * batch * stride;
    for (int b = 0; b < batch; b++) {
      float weight = weights[bin * batch + b];
      if (weight == 0) continue;
      double sum = 0;
      for (int d = 0; d < genes; d++) {
        double r = (double)x[b * stride + d] - values[(bin * batch + b) * genes + d];
        sum += r * r;
      }
      total += weight * sum;
    }
  }
  return total;
}

void rk4_binned_backward(const Workspace *w, const Net *net) {
  int bins = w->h[H_BINS], substeps = w->h[H_SUBSTEPS], batch = net->batch;
  int genes = w->h[H_GENES], stride = net->padded[0], n = batch * stride;
  int first = net->row_offset, slot = net->slot_rows, all = slot * stride;
  const float *states = (const float *)ws_ptr(w, H_O_STATES) + first * stride;
  const float *values = (const float *)ws_ptr(w, H_O_BIN_VALUES);
  const float *weights = (const float *)ws_ptr(w, H_O_BIN_WEIGHTS);
  const double *step_h = (const double *)ws_ptr(w, H_O_STEP_H);
  float *g = (float *)ws_ptr(w, H_O_G) + first * stride, *gk = (float *)ws_ptr(w, H_O_GK) + first * stride;
  float *gin = (float *)ws_ptr(w, H_O_GIN) + first * stride, *gacc = (float *)ws_ptr(w, H_O_GACC) + first * stride;
  for (int i = 0; i < n; i++) g[i] = 0;
  for (int step = bins * substeps - 1; step >= 0; step--) {
    if ((step + 1) % substeps == 0) {
      int bin = (step + 1) / substeps - 1;
      const float *x = states + (step + 1) * all;
      for (int b = 0; b < batch; b++) {
        int row = bin * slot + first + b;
        float weight = weights[row];
        if (weight == 0) continue;
        for (int d = 0; d < genes; d++) g[b * stride + d] += 2.0f * weight * (x[b * stride + d] - values[row * genes + d]);
      }
    }
    if (net->projection) rk4_projected_step_backward(net, step, (float)step_h[step], g, gin);
    else rk4_step_backward(net, step, (float)step_h[step], g, gk, gin, gacc);
  }
}
