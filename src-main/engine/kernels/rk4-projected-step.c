/*
 * RK4 steps (Kutta 1901) with the gene-wide layers folded through the state: the same field, the same derivative,
 * less arithmetic. A stage input is y_s = x + c_s·k_{s−1} and the output layer is linear, k = a_last·W̃_last + b_last, so
 *   y_s·W̃_0 = x·W̃_0 + c_s·(a_last,s−1·M + b_last·W̃_0),  M = W̃_last·W̃_0 (hidden × hidden),
 *   x_{n+1} = x_n + h·b_last + (Σ_s b_s·a_last,s)·W̃_last,
 * and the reverse sweep mirrors it (d loss / d a_last,s = b_s·ḡ·W̃_lastᵀ + c_{s+1}·δ0_{s+1}·Mᵀ). Each step then does
 * two gene-wide products forward and two backward instead of eight, and every stage works in the hidden width only.
 * Stage inputs and outputs k_s are never formed; projected-weight-gradients.c rebuilds dW̃_0 and dW̃_last from the
 * per-step sums kept here.
 */
#include "kernel-abi.h"

/* Multiply-adds of one iteration (forward, backward, weight gradients) each way; the projection needs ≥ 2 layers. */
static int projection_pays(const Workspace *w, const Net *net) {
  int layers = net->layers;
  if (layers < 2) return 0;
  double steps = (double)w->h[H_BINS] * w->h[H_SUBSTEPS], rows = net->slot_rows * steps;
  double genes = net->size[0], first = net->size[1], last = net->size[layers - 1], middle = 0;
  for (int l = 1; l < layers - 1; l++) middle += (double)net->size[l] * net->size[l + 1];
  double wide = genes * first + last * genes;
  double per_stage = 3 * 4 * rows * (wide + middle);
  double projected = 3 * rows * (wide + 4 * (last * first + middle)) + 4 * rows * last * first + 3 * genes * last * first;
  return projected < per_stage;
}

static void projection_from_workspace(const Workspace *w, Projection *p) {
  p->m = (float *)ws_ptr(w, H_O_PROJ_M);
  p->mt = (float *)ws_ptr(w, H_O_PROJ_MT);
  p->bias_w0 = (float *)ws_ptr(w, H_O_PROJ_BIAS_W0);
  p->q = (float *)ws_ptr(w, H_O_PROJ_Q);
  p->state_w0 = (float *)ws_ptr(w, H_O_PROJ_STATE_W0);
  p->g_last = (float *)ws_ptr(w, H_O_PROJ_G_LAST);
  p->d_last = (float *)ws_ptr(w, H_O_PROJ_D_LAST);
  p->stage_sum = (float *)ws_ptr(w, H_O_PROJ_STAGE_SUM);
  p->g_steps = (float *)ws_ptr(w, H_O_PROJ_G_STEPS);
  p->delta_sum = (float *)ws_ptr(w, H_O_PROJ_DELTA_SUM);
  p->shifted = (float *)ws_ptr(w, H_O_PROJ_SHIFTED);
}

/* Returns 1 and builds M, Mᵀ and b_last·W̃_0 for `net` (already pruned) when projecting saves arithmetic, else 0. */
int projection_build(const Workspace *w, const Net *net, Projection *projection) {
  if (w->h[H_SOLVER] != SOLVER_RK4 || !projection_pays(w, net)) return 0;
  projection_from_workspace(w, projection);
  int last = net->layers - 1, genes = net->size[0], first = net->size[1], hidden = net->size[last];
  int p0 = net->padded[0], p1 = net->padded[1], pl = net->padded[last];
  matmul_blocked(hidden, p1, genes, net->wt[last], p0, 1, net->wt[0], p1, projection->m, p1, 0, net->threads);
  for (int j = 0; j < first; j++) {
    for (int i = 0; i < hidden; i++) projection->mt[j * pl + i] = projection->m[i * p1 + j];
    for (int i = hidden; i < pl; i++) projection->mt[j * pl + i] = 0;
  }
  matmul_blocked(1, p1, genes, net->bias[last], p0, 1, net->wt[0], p1, projection->bias_w0, p1, 0, 1);
  return 1;
}

/* RK4's stage offsets c and weights b for step h, rounded to float as rk4-step.c rounds them. */
static void tableau(float h, float c[4], float b[4]) {
  double hd = h;
  c[0] = 0;
  c[1] = c[2] = (float)(hd / 2);
  c[3] = (float)hd;
  b[0] = b[3] = (float)(hd / 6);
  b[1] = b[2] = (float)(2 * hd / 6);
}

/* `increment` is scratch for this net's rows × padded[0]. */
void rk4_projected_step_forward(const Net *net, int step, const float *x, float *x_next, float h, float *increment) {
  const Projection *pr = net->projection;
  int rows = net->batch, last = net->layers - 1, threads = net->threads;
  int p0 = net->padded[0], p1 = net->padded[1], pl = net->padded[last];
  float c[4], b[4];
  tableau(h, c, b);
  float *px = pr->state_w0 + net->row_offset * p1;
  matmul_blocked(rows, p1, net->size[0], x, p0, 1, net->wt[0], p1, px, p1, 0, threads);
  float *sum = slot_rows_at(pr->stage_sum, net, step, pl);
  const float *b0 = net->bias[0], *bw0 = pr->bias_w0;
  const float *previous = 0;
  for (int s = 0; s < 4; s++) {
    int evaluation = 4 * step + s;
    float *p = slot_rows_at(net->act[1], net, evaluation, p1);
    if (s == 0) {
      for (int r = 0; r < rows; r++)
        for (int j = 0; j < p1; j++) p[r * p1 + j] = px[r * p1 + j] + b0[j];
    } else {
      matmul_blocked(rows, p1, net->size[last], previous, pl, 1, pr->m, p1, p, p1, 0, threads);
      for (int r = 0; r < rows; r++)
        for (int j = 0; j < p1; j++) p[r * p1 + j] = (px[r * p1 + j] + b0[j]) + c[s] * (p[r * p1 + j] + bw0[j]);
    }
    if (net->elu[0]) elu_in_place(p, rows * p1);
    const float *a = p;
    for (int l = 1; l < last; l++) {
      int out = net->padded[l + 1];
      float *o = slot_rows_at(net->act[l + 1], net, evaluation, out);
      for (int r = 0; r < rows; r++)
        for (int j = 0; j < out; j++) o[r * out + j] = net->bias[l][j];
      matmul_blocked(rows, out, net->size[l], a, net->padded[l], 1, net->wt[l], out, o, out, 1, threads);
      if (net->elu[l]) elu_in_place(o, rows * out);
      a = o;
    }
    if (s == 0) for (int i = 0; i < rows * pl; i++) sum[i] = b[0] * a[i];
    else for (int i = 0; i < rows * pl; i++) sum[i] += b[s] * a[i];
    previous = a;
  }
  /* The increment is summed on its own before it meets x: accumulating the products onto x would round each one at
   * the scale of the state (measured: 3× the reference's error on the predicted states). */
  matmul_blocked(rows, p0, net->size[last], sum, pl, 1, net->wt[last], p0, increment, p0, 0, threads);
  const float *bl = net->bias[last];
  for (int r = 0; r < rows; r++)
    for (int j = 0; j < p0; j++) x_next[r * p0 + j] = x[r * p0 + j] + (increment[r * p0 + j] + h * bl[j]);
}

/* d loss / d pre-activation of layers last−1 … 0 for one stage, from d loss / d a_last (the stored activations give ELU'). */
static void hidden_backward(const Net *net, int evaluation, const float *d_last) {
  int rows = net->batch, last = net->layers - 1;
  int width = net->padded[last];
  float *d = slot_rows_at(net->delta[last - 1], net, evaluation, width);
  if (net->elu[last - 1]) {
    const float *a = slot_rows_at(net->act[last], net, evaluation, width);
    for (int i = 0; i < rows * width; i++) d[i] = d_last[i] * (a[i] > 0 ? 1.0f : a[i] + 1.0f);
  } else {
    for (int i = 0; i < rows * width; i++) d[i] = d_last[i];
  }
  mlp_backward_hidden(net, evaluation, last - 1, d);
}

/* g holds d loss / d x_{n+1} on entry and d loss / d x_n on return; `increment` is scratch like g. */
void rk4_projected_step_backward(const Net *net, int step, float h, float *g, float *increment) {
  const Projection *pr = net->projection;
  int rows = net->batch, last = net->layers - 1, threads = net->threads;
  int p0 = net->padded[0], p1 = net->padded[1], pl = net->padded[last];
  float c[4], b[4];
  tableau(h, c, b);
  float *g_bar = slot_rows_at(pr->g_steps, net, step, p0);
  for (int i = 0; i < rows * p0; i++) g_bar[i] = g[i];
  float *gl = pr->g_last + net->row_offset * pl, *dl = pr->d_last + net->row_offset * pl;
  matmul_blocked(rows, pl, net->size[last + 1], g, p0, 1, net->wtt[last], pl, gl, pl, 0, threads);
  float *dsum = slot_rows_at(pr->delta_sum, net, step, p1);
  for (int s = 3; s >= 0; s--) {
    int evaluation = 4 * step + s;
    if (s == 3) {
      for (int i = 0; i < rows * pl; i++) dl[i] = b[3] * gl[i];
    } else {
      const float *next = slot_rows_at(net->delta[0], net, evaluation + 1, p1);
      matmul_blocked(rows, pl, net->size[1], next, p1, 1, pr->mt, pl, dl, pl, 0, threads);
      for (int i = 0; i < rows * pl; i++) dl[i] = b[s] * gl[i] + c[s + 1] * dl[i];
    }
    hidden_backward(net, evaluation, dl);
    const float *d0 = slot_rows_at(net->delta[0], net, evaluation, p1);
    if (s == 3) {
      float *zero = slot_rows_at(pr->shifted, net, evaluation, p1);
      for (int i = 0; i < rows * p1; i++) zero[i] = 0;
    }
    if (s > 0) {
      float *shifted = slot_rows_at(pr->shifted, net, evaluation - 1, p1);
      for (int i = 0; i < rows * p1; i++) shifted[i] = c[s] * d0[i];
    }
    if (s == 3) for (int i = 0; i < rows * p1; i++) dsum[i] = d0[i];
    else for (int i = 0; i < rows * p1; i++) dsum[i] += d0[i];
  }
  matmul_blocked(rows, p0, net->size[1], dsum, p1, 1, net->wtt[0], p0, increment, p0, 0, threads);
  for (int i = 0; i < rows * p0; i++) g[i] += increment[i];
}
