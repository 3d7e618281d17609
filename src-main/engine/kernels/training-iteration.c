/*
 * The one call per training iteration (and the prediction solve): gates, gated weights, forward solve, data term,
 * reverse sweep, every weight gradient as one product over the stored stage rows, penalties, the split of dW̃ and dz
 * into dW and dlogα, and Adam — all inside the arena allocated once per problem (workspace-plan.ts).
 */
#include "kernel-abi.h"

int rk4_binned_forward(const Workspace *w, const Net *net);
double rk4_binned_loss(const Workspace *w, const Net *net);
void rk4_binned_backward(const Workspace *w, const Net *net);
double regularizer_gated_terms(const Workspace *w, const Net *net, float *const *dwt, float *const *dz);
double regularizer_raw_terms(const Workspace *w, const Net *net, const float *params, float *grad);

#ifdef __wasm__
extern unsigned char __heap_base;
__attribute__((export_name("pr_heap_base"))) int pr_heap_base(void) { return (int)&__heap_base; }
#define PR_EXPORT(name) __attribute__((export_name(name)))
#else
#define PR_EXPORT(name)
#endif

PR_EXPORT("pr_abi_version") int pr_abi_version(void) { return PR_ABI_VERSION; }

static void net_from_workspace(const Workspace *w, Net *net) {
  net->layers = w->h[H_LAYERS];
  net->batch = w->h[H_BATCH];
  net->slot_rows = net->batch;
  net->row_offset = 0;
  net->threads = w->h[H_THREADS];
  net->max_padded = w->h[H_MAX_PADDED];
  for (int l = 0; l <= net->layers; l++) {
    net->size[l] = w->h[H_SIZE + l];
    net->padded[l] = w->h[H_PADDED + l];
  }
  for (int l = 0; l < net->layers; l++) {
    net->elu[l] = w->h[H_ELU + l];
    net->wt[l] = (float *)ws_ptr(w, H_O_WT + l);
    net->wtt[l] = (float *)ws_ptr(w, H_O_WTT + l);
    net->bias[l] = (float *)ws_ptr(w, H_O_BIAS + l);
    net->act[l] = (float *)ws_ptr(w, H_O_ACT + l);
    net->delta[l] = (float *)ws_ptr(w, H_O_DELTA + l);
  }
  net->scratch = (float *)ws_ptr(w, H_O_PROBE_HIDDEN);
  net->projection = 0;
}

/* dz_i += Σ_j dW̃[i][j]·W[i][j]; dW = z_i·dW̃; dlogα = dz·dz/dlogα (W̃ = diag(z)·W). */
static void split_gated_gradients(const Workspace *w, const Net *net, const float *params, float *grad,
                                  float *const *dwt, float *const *dbias, float *const *dz) {
  for (int l = 0; l < net->layers; l++) {
    int in = net->size[l], out = net->size[l + 1], stride = net->padded[l + 1];
    const float *weights = params + w->h[H_P_WEIGHTS + l];
    const float *z = (const float *)ws_ptr(w, H_O_Z + l);
    const float *dz_dlogit = (const float *)ws_ptr(w, H_O_DZ_DLOGIT + l);
    float *gw = grad + w->h[H_P_WEIGHTS + l];
    for (int i = 0; i < in; i++) {
      float s = 0;
      for (int j = 0; j < out; j++) {
        float d = dwt[l][i * stride + j];
        s += d * weights[i * out + j];
        gw[i * out + j] = z[i] * d;
      }
      dz[l][i] += s;
    }
    float *gb = grad + w->h[H_P_BIAS + l];
    for (int j = 0; j < out; j++) gb[j] = dbias[l][j];
    float *gl = grad + w->h[H_P_LOGALPHA + l];
    for (int i = 0; i < in; i++) gl[i] = dz[l][i] * dz_dlogit[i];
  }
}

/* One half of the batch for a row-parallel RK4 sweep (fixed steps leave the trajectories independent). */
typedef struct {
  const Workspace *w;
  Net net;
} RowHalf;

static void forward_rows(void *half) { rk4_binned_forward(((RowHalf *)half)->w, &((RowHalf *)half)->net); }
static void backward_rows(void *half) { rk4_binned_backward(((RowHalf *)half)->w, &((RowHalf *)half)->net); }

/*
 * With two threads, an RK4 sweep runs each half of the batch on its own thread with one hand-off per sweep (instead
 * of one per product); every row is computed by the same operations in the same order, so results are identical.
 */
static int split_batch(const Workspace *w, const Net *net, RowHalf halves[2]) {
  /* Halves of fewer than 4 rows leave the register tiles mostly empty: slower than one thread with all the rows. */
  if (net->threads < 2 || net->batch < 8) return 0;
  int first_rows = (net->batch + 1) / 2;
  for (int i = 0; i < 2; i++) {
    halves[i].w = w;
    halves[i].net = *net;
    halves[i].net.threads = 1;
    halves[i].net.row_offset = i == 0 ? 0 : first_rows;
    halves[i].net.batch = i == 0 ? first_rows : net->batch - first_rows;
  }
  return 1;
}

static int run(char *base, int mode) {
  Workspace w = {base, (int *)base, (double *)(base + PR_REALS_OFFSET)};
  if (w.h[H_ABI] != PR_ABI_VERSION) return -1;
  Net full, net;
  net_from_workspace(&w, &full);
  const float *params = (const float *)ws_ptr(&w, H_O_PARAMS);
  const float *noise = (const float *)ws_ptr(&w, H_O_NOISE);
  gates_compute(&w, params, noise, mode != MODE_PREDICT);
  gated_weights_build(&w, &full, params);
  int pruned = pruned_network_build(&w, &full, &net);
  if (!pruned) gated_weights_transpose(&net);
  int rk4 = w.h[H_SOLVER] == SOLVER_RK4;
  Projection projection;
  if (projection_build(&w, &net, &projection)) net.projection = &projection;
  RowHalf halves[2];
  int split = rk4 && split_batch(&w, &net, halves);
  int status;
  if (split) {
    parallel_pair(forward_rows, &halves[0], &halves[1]);
    status = STATUS_OK;
  } else {
    status = rk4 ? rk4_binned_forward(&w, &net) : dopri5_solve_forward(&w, &net);
  }
  w.h[H_STATUS] = status;
  if (status != STATUS_OK || mode == MODE_PREDICT) return status;

  w.r[R_LOSS_DATA] = rk4 ? rk4_binned_loss(&w, &net) : dopri5_cell_loss(&w);
  if (split) parallel_pair(backward_rows, &halves[0], &halves[1]);
  else if (rk4) rk4_binned_backward(&w, &net);
  else dopri5_solve_backward(&w, &net);
  int evaluations = rk4 ? 4 * w.h[H_STEPS_TAKEN] : 1 + 6 * w.h[H_STEPS_TAKEN];
  float *dwt[PR_MAX_LAYERS], *dbias[PR_MAX_LAYERS], *dz[PR_MAX_LAYERS];
  float *cdwt[PR_MAX_LAYERS], *cdbias[PR_MAX_LAYERS];
  for (int l = 0; l < net.layers; l++) {
    dwt[l] = (float *)ws_ptr(&w, H_O_DWT + l);
    dbias[l] = (float *)ws_ptr(&w, H_O_DBIAS + l);
    cdwt[l] = (float *)ws_ptr(&w, H_O_CDWT + l);
    cdbias[l] = (float *)ws_ptr(&w, H_O_CDBIAS + l);
    dz[l] = (float *)ws_ptr(&w, H_O_DZ + l);
    for (int i = 0; i < full.size[l]; i++) dz[l][i] = 0;
  }
  if (net.projection) projected_weight_gradients(&w, &net, pruned ? cdwt : dwt, pruned ? cdbias : dbias);
  else mlp_weight_gradients(&net, evaluations, pruned ? cdwt : dwt, pruned ? cdbias : dbias);
  if (pruned) pruned_gradients_scatter(&w, &full, &net, dwt, dbias);
  float *grad = (float *)ws_ptr(&w, H_O_GRAD);
  double penalty = regularizer_gated_terms(&w, &full, dwt, dz);
  split_gated_gradients(&w, &full, params, grad, dwt, dbias, dz);
  penalty += regularizer_raw_terms(&w, &full, params, grad);
  w.r[R_LOSS_PENALTY] = penalty;
  if (mode == MODE_TRAIN) {
    /*
     * A finite solve can still overflow in the reverse sweep (a rarely opened gate makes the field explode): such a
     * gradient would turn every parameter it touches into NaN. The update is not applied and the call reports a
     * non-finite result, so the parameters and Adam's moments stay as they were, as after a diverged solve.
     */
    for (int i = 0; i < w.h[H_PARAM_COUNT]; i++) {
      float g = grad[i];
      if (g != g || g - g != 0.0f) {
        w.r[R_FAIL_TIME] = -1;
        w.h[H_STATUS] = STATUS_NON_FINITE;
        return STATUS_NON_FINITE;
      }
    }
    adam_update((float *)params, grad, (float *)ws_ptr(&w, H_O_ADAM_M), (float *)ws_ptr(&w, H_O_ADAM_V),
                w.h[H_PARAM_COUNT], w.r[R_LEARNING_RATE], w.r[R_BIAS_CORRECTION1], w.r[R_BIAS_CORRECTION2_SQRT]);
  }
  return STATUS_OK;
}

/* Returns a STATUS_* code; -1 when the header was written for another version of these kernels. */
PR_EXPORT("pr_run") int pr_run(char *base, int mode) { return run(base, mode); }
