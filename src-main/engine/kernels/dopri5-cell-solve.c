/*
 * Adaptive Dormand–Prince on per-cell targets (docs/model.md, "Solvers" and "Loss"): Hairer's starting step, the
 * step-size controller, dense read-outs at every cell's pseudotime, the per-cell data term, and the reverse sweep
 * through the accepted steps only (rejected steps are overwritten and contribute nothing).
 */
#include "kernel-abi.h"

double dopri5_step_forward(const Workspace *w, const Net *net, int step, const float *y0, float *y1, double h, float *k);
void dopri5_step_backward(const Net *net, int step, double h, float *g, float *gk, float *gin, float *gy0);
void dense_output_row(const float *y0, const float *y1, const float *k, int n, int at, int genes, double h, double theta,
                      float *out);
void dense_output_row_backward(const float *grad, int n, int at, int genes, double h, double theta, float *gy0,
                               float *gy1, float *gk);

static double scaled_rms(const Net *net, const float *v, const float *y, double rtol, double atol) {
  int stride = net->padded[0], genes = net->size[0];
  double sum = 0;
  for (int b = 0; b < net->batch; b++)
    for (int d = 0; d < genes; d++) {
      int i = b * stride + d;
      double scaled = v[i] / (atol + rtol * (y[i] < 0 ? -y[i] : y[i]));
      sum += scaled * scaled;
    }
  return pr_sqrt(sum / ((double)net->batch * genes));
}

/* Hairer's HINIT (dopri5.f) for order 5, the first step capped at the interval length 1. */
static double initial_step(const Workspace *w, const Net *net, const float *y0, const float *f0, float *probe, float *f1) {
  int n = net->batch * net->padded[0];
  double rtol = w->r[R_RTOL], atol = w->r[R_ATOL];
  double d0 = scaled_rms(net, y0, y0, rtol, atol), d1 = scaled_rms(net, f0, y0, rtol, atol);
  double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * (d0 / d1);
  if (h0 > 1) h0 = 1;
  float hf = (float)h0;
  for (int i = 0; i < n; i++) probe[i] = y0[i] + f0[i] * hf;
  mlp_forward(net, 0, probe, f1, 0);
  for (int i = 0; i < n; i++) probe[i] = f1[i] - f0[i];
  double d2 = scaled_rms(net, probe, y0, rtol, atol) / h0;
  double largest = d1 > d2 ? d1 : d2;
  double h1 = largest <= 1e-15 ? (h0 * 1e-3 > 1e-6 ? h0 * 1e-3 : 1e-6) : pr_exp(pr_log(0.01 / largest) / 5);
  double h = 100 * h0 < h1 ? 100 * h0 : h1;
  return h < 1 ? h : 1;
}

/* Reads every not yet placed cell with t ≤ t_n + h_n from the step just accepted (t_n < t ≤ t_n + h_n). */
static void place_cells(const Workspace *w, const Net *net, int step, double t, double h, int last, const float *y0,
                        const float *y1, const float *k) {
  int genes = net->size[0], stride = net->padded[0], n = net->batch * stride;
  const int *start = (const int *)ws_ptr(w, H_O_CELL_START);
  const double *times = (const double *)ws_ptr(w, H_O_CELL_TIMES);
  int *cell_step = (int *)ws_ptr(w, H_O_CELL_STEP);
  double *theta = (double *)ws_ptr(w, H_O_CELL_THETA);
  float *pred = (float *)ws_ptr(w, H_O_CELL_PRED);
  int *cursor = (int *)ws_ptr(w, H_O_SCRATCH);
  for (int b = 0; b < net->batch; b++) {
    while (cursor[b] < start[b + 1] && (last || times[cursor[b]] <= t + h)) {
      int c = cursor[b]++;
      double th = (times[c] - t) / h;
      th = th < 0 ? 0 : th > 1 ? 1 : th;
      cell_step[c] = step;
      theta[c] = th;
      dense_output_row(y0, y1, k, n, b * stride, genes, h, th, pred + c * genes);
    }
  }
}

int dopri5_solve_forward(const Workspace *w, const Net *net) {
  int genes = net->size[0], stride = net->padded[0], n = net->batch * stride;
  int capacity = w->h[H_STEP_CAPACITY], max_steps = w->h[H_MAX_STEPS];
  const float *x0 = (const float *)ws_ptr(w, H_O_X0);
  float *states = (float *)ws_ptr(w, H_O_STATES);
  double *step_t = (double *)ws_ptr(w, H_O_STEP_T), *step_h = (double *)ws_ptr(w, H_O_STEP_H);
  float *k = (float *)ws_ptr(w, H_O_K);
  float *probe = (float *)ws_ptr(w, H_O_GIN), *probe_f = (float *)ws_ptr(w, H_O_GACC);
  const int *start = (const int *)ws_ptr(w, H_O_CELL_START);
  const double *times = (const double *)ws_ptr(w, H_O_CELL_TIMES);
  int *cell_step = (int *)ws_ptr(w, H_O_CELL_STEP);
  float *pred = (float *)ws_ptr(w, H_O_CELL_PRED);
  int *cursor = (int *)ws_ptr(w, H_O_SCRATCH);
  w->h[H_STEPS_TAKEN] = 0;
  w->h[H_STEPS_REJECTED] = 0;

  for (int b = 0; b < net->batch; b++)
    for (int d = 0; d < genes; d++) states[b * stride + d] = x0[b * genes + d];
  /* Cells at t ≤ 0 read x0. */
  for (int b = 0; b < net->batch; b++) {
    cursor[b] = start[b];
    while (cursor[b] < start[b + 1] && times[cursor[b]] <= 0) {
      int c = cursor[b]++;
      cell_step[c] = -1;
      for (int d = 0; d < genes; d++) pred[c * genes + d] = x0[b * genes + d];
    }
  }
  float *first_input = net->act[0];
  for (int i = 0; i < n; i++) first_input[i] = states[i];
  mlp_forward(net, 0, first_input, k, 1);
  double h = initial_step(w, net, states, k, probe, probe_f);
  if (!pr_is_finite(h) || h <= 0) { w->r[R_FAIL_TIME] = 0; return STATUS_NON_FINITE; }

  double t = 0;
  int accepted = 0, attempts = 0;
  while (t < 1) {
    if (attempts >= max_steps) { w->r[R_FAIL_TIME] = t; return STATUS_TOO_MANY_STEPS; }
    int last = t + h >= 1;
    if (last) h = 1 - t;
    if (t + h == t) { w->r[R_FAIL_TIME] = t; return STATUS_STEP_UNDERFLOW; }
    if (accepted >= capacity) { w->r[R_FAIL_TIME] = t; return STATUS_STEP_CAPACITY; }
    attempts++;
    float *y0 = states + accepted * n, *y1 = states + (accepted + 1) * n;
    double ratio = dopri5_step_forward(w, net, accepted, y0, y1, h, k);
    if (!pr_is_finite(ratio)) { w->r[R_FAIL_TIME] = t; return STATUS_NON_FINITE; }
    if (ratio <= 1) {
      step_t[accepted] = t;
      step_h[accepted] = h;
      place_cells(w, net, accepted, t, h, last, y0, y1, k);
      for (int i = 0; i < n; i++) k[i] = k[6 * n + i];
      accepted++;
      t = last ? 1 : t + h;
    } else {
      w->h[H_STEPS_REJECTED]++;
    }
    double factor = ratio == 0 ? 10 : 0.9 * pr_exp(-pr_log(ratio) / 5);
    h *= factor > 10 ? 10 : factor < 0.2 ? 0.2 : factor;
  }
  w->h[H_STEPS_TAKEN] = accepted;
  return STATUS_OK;
}

/* Σ_b mean over the cells of b and the genes of (x̂_b(t_c) − y_c)²; trajectories without cells add nothing. */
double dopri5_cell_loss(const Workspace *w) {
  int genes = w->h[H_GENES], batch = w->h[H_BATCH];
  const int *start = (const int *)ws_ptr(w, H_O_CELL_START);
  const float *values = (const float *)ws_ptr(w, H_O_CELL_VALUES);
  const float *pred = (const float *)ws_ptr(w, H_O_CELL_PRED);
  double total = 0;
  for (int b = 0; b < batch; b++) {
    int cells = start[b + 1] - start[b];
    if (cells == 0) continue;
    double sum = 0;
    for (int c = start[b]; c < start[b + 1]; c++)
      for (int d = 0; d < genes; d++) {
        double r = (double)pred[c * genes + d] - values[c * genes + d];
        sum += r * r;
      }
    total += sum / ((double)cells * genes);
  }
  return total;
}

void dopri5_solve_backward(const Workspace *w, const Net *net) {
  int genes = net->size[0], stride = net->padded[0], n = net->batch * stride;
  int steps = w->h[H_STEPS_TAKEN];
  const int *start = (const int *)ws_ptr(w, H_O_CELL_START);
  const float *values = (const float *)ws_ptr(w, H_O_CELL_VALUES);
  const float *pred = (const float *)ws_ptr(w, H_O_CELL_PRED);
  const int *cell_step = (const int *)ws_ptr(w, H_O_CELL_STEP);
  const double *theta = (const double *)ws_ptr(w, H_O_CELL_THETA);
  const double *step_h = (const double *)ws_ptr(w, H_O_STEP_H);
  float *g = (float *)ws_ptr(w, H_O_G), *gk = (float *)ws_ptr(w, H_O_GK);
  float *gin = (float *)ws_ptr(w, H_O_GIN), *gy0 = (float *)ws_ptr(w, H_O_GACC);
  float *residual = (float *)ws_ptr(w, H_O_SCRATCH) + pad_width(net->batch);
  for (int i = 0; i < n; i++) { g[i] = 0; gy0[i] = 0; }
  for (int i = 0; i < 7 * n; i++) gk[i] = 0;
  for (int step = steps - 1; step >= 0; step--) {
    /* gk[0] carries the later step's d loss / d k1, which is this step's k7 (first same as last). */
    for (int i = 0; i < n; i++) { gk[6 * n + i] = gk[i]; gk[i] = 0; }
    for (int j = 1; j < 6; j++)
      for (int i = 0; i < n; i++) gk[j * n + i] = 0;
    for (int b = 0; b < net->batch; b++) {
      int cells = start[b + 1] - start[b];
      if (cells == 0) continue;
      float weight = (float)(2.0 / ((double)cells * genes));
      for (int c = start[b]; c < start[b + 1]; c++) {
        if (cell_step[c] != step) continue;
        for (int d = 0; d < genes; d++) residual[d] = weight * (pred[c * genes + d] - values[c * genes + d]);
        dense_output_row_backward(residual, n, b * stride, genes, step_h[step], theta[c], gy0, g, gk);
      }
    }
    dopri5_step_backward(net, step, step_h[step], g, gk, gin, gy0);
    for (int i = 0; i < n; i++) { g[i] = gy0[i]; gy0[i] = 0; }
  }
  /* The first evaluation f(x0) is every step-0 stage's k1; its input gradient (d loss / d x0) is not needed. */
  mlp_backward(net, 0, gk, gin);
}
