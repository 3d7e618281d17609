/*
 * f(x) for the B rows of one solver stage (docs/model.md, "Vector field"): p_l = a_l·W̃_l + b_l, ELU where the layout
 * says so. With `store`, every hidden activation lands in its evaluation's slot so the backward pass and the
 * gathered weight-gradient products can read it; without, it uses scratch (step-size probes that are discarded).
 */
#include "kernel-abi.h"

void elu_in_place(float *restrict p, int count) {
  for (int i = 0; i < count; i++) {
    float x = p[i];
    float negative = pr_exp_nonpositive_f32(x < 0 ? x : 0.0f) - 1.0f;
    /* NaN fails x > 0 and x != x keeps it, so a diverged state still reaches the loss as NaN. */
    p[i] = x > 0 ? x : x != x ? x : negative;
  }
}

void mlp_forward(const Net *net, int evaluation, const float *input, float *output, int store) {
  int rows = net->batch;
  const float *a = input;
  for (int l = 0; l < net->layers; l++) {
    int out = net->padded[l + 1];
    float *p;
    if (l == net->layers - 1) p = output;
    else if (store) p = slot_rows_at(net->act[l + 1], net, evaluation, out);
    else p = net->scratch + (l % 2) * rows * net->max_padded;
    for (int r = 0; r < rows; r++)
      for (int j = 0; j < out; j++) p[r * out + j] = net->bias[l][j];
    matmul_blocked(rows, out, net->size[l], a, net->padded[l], 1, net->wt[l], out, p, out, 1, net->threads);
    if (net->elu[l]) elu_in_place(p, rows * out);
    a = p;
  }
}
