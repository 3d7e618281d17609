/*
 * A hidden unit whose gate into the next layer is exactly closed (z = 0) cannot change the field: its row of W̃_l is
 * zero, so its activation is multiplied by 0, and its own weights and bias get zero gradient. The solve therefore runs
 * on the network without those units (their columns of W̃_{l−1} and rows of W̃_l) and the weight gradients are
 * scattered back. Exact, and most of the arithmetic goes away as training closes gates (PathReg shuts most of them).
 * Input genes are kept even when gated off: they are the state the solver integrates.
 */
#include "kernel-abi.h"

/* Returns 1 and fills `pruned` (with W̃ᵀ) when some hidden unit is closed, 0 (pruned = full) when there is nothing to drop. */
int pruned_network_build(const Workspace *w, const Net *full, Net *pruned) {
  int layers = full->layers;
  int *open[PR_MAX_LAYERS + 1];
  *pruned = *full;
  int any = 0;
  for (int l = 1; l < layers; l++) {
    const float *z = (const float *)ws_ptr(w, H_O_Z + l);
    open[l] = (int *)ws_ptr(w, H_O_OPEN + l);
    int count = 0;
    for (int j = 0; j < full->size[l]; j++) if (z[j] != 0) open[l][count++] = j;
    /* A layer with every gate shut keeps one (zero-weighted) unit so no product has an empty dimension. */
    if (count == 0) open[l][count++] = 0;
    pruned->size[l] = count;
    pruned->padded[l] = pad_width(count);
    if (count != full->size[l]) any = 1;
  }
  if (!any) return 0;
  for (int l = 0; l < layers; l++) {
    int rows = pruned->size[l], cols = pruned->size[l + 1];
    int row_stride = pruned->padded[l + 1], col_stride = pruned->padded[l], full_stride = full->padded[l + 1];
    const int *row_of = l == 0 ? 0 : open[l];
    const int *col_of = l == layers - 1 ? 0 : open[l + 1];
    float *wt = (float *)ws_ptr(w, H_O_CWT + l), *wtt = (float *)ws_ptr(w, H_O_CWTT + l);
    float *bias = (float *)ws_ptr(w, H_O_CBIAS + l);
    for (int i = 0; i < rows; i++) {
      const float *source = full->wt[l] + (row_of ? row_of[i] : i) * full_stride;
      for (int j = 0; j < cols; j++) wt[i * row_stride + j] = source[col_of ? col_of[j] : j];
      for (int j = cols; j < row_stride; j++) wt[i * row_stride + j] = 0;
    }
    transpose_padded(wt, rows, cols, row_stride, wtt, col_stride);
    for (int j = 0; j < cols; j++) bias[j] = full->bias[l][col_of ? col_of[j] : j];
    for (int j = cols; j < row_stride; j++) bias[j] = 0;
    pruned->wt[l] = wt;
    pruned->wtt[l] = wtt;
    pruned->bias[l] = bias;
  }
  return 1;
}

/* Moves the pruned network's weight gradients (H_O_CDWT, H_O_CDBIAS) into the full layout; dropped units get 0. */
void pruned_gradients_scatter(const Workspace *w, const Net *full, const Net *pruned, float *const *dwt, float *const *dbias) {
  int layers = full->layers;
  for (int l = 0; l < layers; l++) {
    int full_stride = full->padded[l + 1], stride = pruned->padded[l + 1];
    const int *row_of = l == 0 ? 0 : (const int *)ws_ptr(w, H_O_OPEN + l);
    const int *col_of = l == layers - 1 ? 0 : (const int *)ws_ptr(w, H_O_OPEN + l + 1);
    const float *cdwt = (const float *)ws_ptr(w, H_O_CDWT + l), *cdbias = (const float *)ws_ptr(w, H_O_CDBIAS + l);
    for (int i = 0; i < full->size[l] * full_stride; i++) dwt[l][i] = 0;
    for (int j = 0; j < full_stride; j++) dbias[l][j] = 0;
    for (int i = 0; i < pruned->size[l]; i++) {
      float *target = dwt[l] + (row_of ? row_of[i] : i) * full_stride;
      for (int j = 0; j < pruned->size[l + 1]; j++) target[col_of ? col_of[j] : j] = cdwt[i * stride + j];
    }
    for (int j = 0; j < pruned->size[l + 1]; j++) dbias[l][col_of ? col_of[j] : j] = cdbias[j];
  }
}
