/*
 * Reverse mode through the gated MLP for one stored evaluation: d loss / d pre-activation of every layer is kept in
 * the evaluation's slot (so every weight gradient is later one product over all stored rows) and the gradient with
 * respect to the stage input is returned. ELU' is read from the stored output: a > 0 ? 1 : a + 1.
 */
#include "kernel-abi.h"

/*
 * From δ_top (already in its slot) down to δ_0: δ_{l−1} = δ_l·W̃_lᵀ ⊙ ELU'(a_l). Shared by the per-stage backward below
 * and the folded sweep (rk4-projected-step.c), which starts one layer lower. Returns δ_0's rows.
 */
float *mlp_backward_hidden(const Net *net, int evaluation, int top, float *d) {
  int rows = net->batch;
  for (int l = top; l >= 1; l--) {
    int in = net->padded[l];
    float *below = slot_rows_at(net->delta[l - 1], net, evaluation, in);
    matmul_blocked(rows, in, net->size[l + 1], d, net->padded[l + 1], 1, net->wtt[l], in, below, in, 0, net->threads);
    if (net->elu[l - 1]) {
      const float *a = slot_rows_at(net->act[l], net, evaluation, in);
      for (int i = 0; i < rows * in; i++) below[i] *= a[i] > 0 ? 1.0f : a[i] + 1.0f;
    }
    d = below;
  }
  return d;
}

void mlp_backward(const Net *net, int evaluation, const float *grad_output, float *grad_input) {
  int rows = net->batch;
  int last = net->layers - 1;
  float *d = slot_rows_at(net->delta[last], net, evaluation, net->padded[last + 1]);
  for (int i = 0; i < rows * net->padded[last + 1]; i++) d[i] = grad_output[i];
  d = mlp_backward_hidden(net, evaluation, last, d);
  matmul_blocked(rows, net->padded[0], net->size[1], d, net->padded[1], 1, net->wtt[0], net->padded[0], grad_input,
                 net->padded[0], 0, net->threads);
}

/* dW̃_l = Σ over every stored row of a_lᵀ·δ_l (one large product per layer), db_l = Σ δ_l. */
void mlp_weight_gradients(const Net *net, int evaluations, float *const *dwt, float *const *dbias) {
  int rows = evaluations * net->slot_rows;
  for (int l = 0; l < net->layers; l++) {
    int out = net->padded[l + 1];
    matmul_blocked(net->size[l], out, rows, net->act[l], 1, net->padded[l], net->delta[l], out, dwt[l], out, 0,
                   net->threads);
    float *db = dbias[l];
    for (int j = 0; j < out; j++) db[j] = 0;
    const float *d = net->delta[l];
    for (int r = 0; r < rows; r++)
      for (int j = 0; j < out; j++) db[j] += d[r * out + j];
  }
}
