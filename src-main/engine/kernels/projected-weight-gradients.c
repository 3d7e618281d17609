/*
 * Weight gradients after a projected RK4 sweep (rk4-projected-step.c), which never formed the stage inputs y_s or
 * the stage outputs k_s. With y_s = x_n + c_s·k_{s−1}, k_s = a_last,s·W̃_last + b_last and δ_last,s = b_s·ḡ_n +
 * c_{s+1}·δ0_{s+1}·W̃_0ᵀ, the sums Σ y_sᵀ·δ0_s and Σ a_last,sᵀ·δ_last,s regroup as
 *   dW̃_0    = Σ_n x_nᵀ·(Σ_s δ0_s) + W̃_lastᵀ·Q + b_lastᵀ·q,
 *   dW̃_last = Σ_n (Σ_s b_s·a_last,s)ᵀ·ḡ_n + Q·W̃_0ᵀ,   db_last = Σ_n h_n·ḡ_n + q·W̃_0ᵀ,
 * with Q = Σ c_s·a_last,s−1ᵀ·δ0_s (hidden × hidden) and q = Σ c_s·δ0_s: products over one row per step and batch
 * row instead of four. Hidden layers in between are the usual gathered products over every stored stage row.
 */
#include "kernel-abi.h"

static void column_sums(const float *rows_of, int rows, int width, float *out) {
  for (int j = 0; j < width; j++) out[j] = 0;
  for (int r = 0; r < rows; r++)
    for (int j = 0; j < width; j++) out[j] += rows_of[r * width + j];
}

void projected_weight_gradients(const Workspace *w, const Net *net, float *const *dwt, float *const *dbias) {
  const Projection *pr = net->projection;
  int last = net->layers - 1, threads = net->threads;
  int steps = w->h[H_STEPS_TAKEN], step_rows = steps * net->slot_rows, stage_rows = 4 * step_rows;
  int genes = net->size[0], first = net->size[1], hidden = net->size[last];
  int p0 = net->padded[0], p1 = net->padded[1], pl = net->padded[last];
  const float *states = (const float *)ws_ptr(w, H_O_STATES);
  const double *step_h = (const double *)ws_ptr(w, H_O_STEP_H);

  /* Q, and q (its bias twin) into dbias[0] for now: q is the column sums of the shifted stage gradients. */
  matmul_blocked(hidden, p1, stage_rows, net->act[last], 1, pl, pr->shifted, p1, pr->q, p1, 0, threads);
  float *q = dbias[0];
  column_sums(pr->shifted, stage_rows, p1, q);

  /* Last layer first, while q is still in dbias[0]. */
  matmul_blocked(hidden, p0, step_rows, pr->stage_sum, 1, pl, pr->g_steps, p0, dwt[last], p0, 0, threads);
  matmul_blocked(hidden, p0, first, pr->q, p1, 1, net->wtt[0], p0, dwt[last], p0, 1, threads);
  float *db_last = dbias[last];
  for (int j = 0; j < p0; j++) db_last[j] = 0;
  for (int n = 0; n < steps; n++) {
    /* Σ_s b_s with b rounded as the sweep rounded it. */
    double hd = (float)step_h[n];
    float outer = (float)(hd / 6), inner = (float)(2 * hd / 6);
    float weight = (outer + inner) + (inner + outer);
    const float *g_bar = pr->g_steps + n * net->slot_rows * p0;
    for (int r = 0; r < net->slot_rows; r++)
      for (int j = 0; j < p0; j++) db_last[j] += weight * g_bar[r * p0 + j];
  }
  matmul_blocked(1, p0, first, q, p1, 1, net->wtt[0], p0, db_last, p0, 1, 1);

  /* First layer. */
  matmul_blocked(genes, p1, step_rows, states, 1, p0, pr->delta_sum, p1, dwt[0], p1, 0, threads);
  matmul_blocked(genes, p1, hidden, net->wt[last], 1, p0, pr->q, p1, dwt[0], p1, 1, threads);
  const float *b_last = net->bias[last];
  for (int i = 0; i < genes; i++)
    for (int j = 0; j < p1; j++) dwt[0][i * p1 + j] += b_last[i] * q[j];
  column_sums(pr->delta_sum, step_rows, p1, dbias[0]);

  for (int l = 1; l < last; l++) {
    int out = net->padded[l + 1];
    matmul_blocked(net->size[l], out, stage_rows, net->act[l], 1, net->padded[l], net->delta[l], out, dwt[l], out, 0,
                   threads);
    column_sums(net->delta[l], stage_rows, out, dbias[l]);
  }
}
