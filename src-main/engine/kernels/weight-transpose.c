/*
 * The transposed copies of the gated weights that the reverse sweep multiplies by (W̃ᵀ), padded with zero columns.
 * Copied in 8 × 8 blocks: a column-by-column copy writes one float per cache line and left a row of W̃_last (536
 * lines at S) thrashing L1 — measured 0.3 ms of a 2.8 ms iteration for two copies before.
 */
#include "kernel-abi.h"

#define BLOCK 8

/* dst (cols × dst_stride) = srcᵀ for src of rows × cols with row stride src_stride; dst's columns rows … dst_stride are 0. */
void transpose_padded(const float *restrict src, int rows, int cols, int src_stride, float *restrict dst, int dst_stride) {
  for (int i0 = 0; i0 < rows; i0 += BLOCK) {
    int i1 = rows - i0 < BLOCK ? rows : i0 + BLOCK;
    for (int j0 = 0; j0 < cols; j0 += BLOCK) {
      int j1 = cols - j0 < BLOCK ? cols : j0 + BLOCK;
      for (int j = j0; j < j1; j++)
        for (int i = i0; i < i1; i++) dst[j * dst_stride + i] = src[i * src_stride + j];
    }
  }
  for (int j = 0; j < cols; j++)
    for (int i = rows; i < dst_stride; i++) dst[j * dst_stride + i] = 0;
}

/* W̃ᵀ of every layer of `net` from its W̃ (only the network the sweeps run on needs them). */
void gated_weights_transpose(const Net *net) {
  for (int l = 0; l < net->layers; l++)
    transpose_padded(net->wt[l], net->size[l], net->size[l + 1], net->padded[l + 1], net->wtt[l], net->padded[l]);
}
