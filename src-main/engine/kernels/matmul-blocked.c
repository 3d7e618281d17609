/*
 * C (+)= A·B with register blocking (Goto & van de Geijn 2008, the micro-kernel idea without packing): a tile of
 * MR rows × 8·NV columns of C stays in registers while k runs; A is read through strides so the same kernel computes
 * Aᵀ·B (every weight gradient as one product over all stored stage rows). N must be a multiple of 8 (padded rows).
 */
#include "kernel-abi.h"

#define KC 256
#define NC 512

#define DEFINE_TILE(MR, NV)                                                                                   \
  static void tile_##MR##x##NV(int k, const float *a, int ars, int aks, const float *b, int ldb, float *c,   \
                               int ldc, int accumulate) {                                                    \
    v8f acc[MR][NV];                                                                                         \
    for (int i = 0; i < MR; i++)                                                                             \
      for (int j = 0; j < NV; j++) acc[i][j] = accumulate ? *(const v8f_mem *)(c + i * ldc + 8 * j) : (v8f){0}; \
    for (int p = 0; p < k; p++) {                                                                            \
      v8f bv[NV];                                                                                            \
      for (int j = 0; j < NV; j++) bv[j] = *(const v8f_mem *)(b + p * ldb + 8 * j);                          \
      for (int i = 0; i < MR; i++) {                                                                         \
        float s = a[i * ars + p * aks];                                                                      \
        for (int j = 0; j < NV; j++) acc[i][j] += bv[j] * s;                                                 \
      }                                                                                                      \
    }                                                                                                        \
    for (int i = 0; i < MR; i++)                                                                             \
      for (int j = 0; j < NV; j++) *(v8f_mem *)(c + i * ldc + 8 * j) = acc[i][j];                            \
  }

DEFINE_TILE(6, 2)
DEFINE_TILE(5, 2)
DEFINE_TILE(4, 2)
DEFINE_TILE(3, 2)
DEFINE_TILE(2, 2)
DEFINE_TILE(1, 2)
DEFINE_TILE(6, 1)
DEFINE_TILE(5, 1)
DEFINE_TILE(4, 1)
DEFINE_TILE(3, 1)
DEFINE_TILE(2, 1)
DEFINE_TILE(1, 1)
DEFINE_TILE(3, 3)
DEFINE_TILE(2, 3)
DEFINE_TILE(1, 3)

typedef void (*TileFunction)(int, const float *, int, int, const float *, int, float *, int, int);
/* TILES[nv][mr]: nv = 1, 2 or 3 vectors of 8 columns; 3 only for the short tiles (≤ 3 rows, e.g. a batch of 3). */
static const TileFunction TILES[4][7] = {
  {0},
  {0, tile_1x1, tile_2x1, tile_3x1, tile_4x1, tile_5x1, tile_6x1},
  {0, tile_1x2, tile_2x2, tile_3x2, tile_4x2, tile_5x2, tile_6x2},
  {0, tile_1x3, tile_2x3, tile_3x3, 0, 0, 0},
};

/*
 * Register tile: MR rows × 8·NV columns, and NV_SHORT vectors when only ≤ 3 rows are left (a small batch). x86-64 has
 * 16 vector registers: AVX2 holds 6 × 16 (12 accumulators) or 3 × 24 (9, where 3 × 16 would wait on FMA latency);
 * WebAssembly's 128-bit lanes need two registers per 8 floats, and 4 × 8 measured fastest there (V8 maps v128 to xmm).
 */
#if defined(__wasm__)
#define MR 4
#define NV 1
#define NV_SHORT 1
#else
#define MR 6
#define NV 2
#define NV_SHORT 3
#endif

/*
 * Columns [n0, n1) of the product; the native build hands halves to two threads. Blocked as k-chunks of KC × column
 * blocks of NC (the B block, ≤ 512 KiB, stays in L2) × row tiles (the A panel, MR × KC, stays in L1) × column tiles.
 */
void matmul_columns(int m, int n0, int n1, int k, const float *a, int ars, int aks, const float *b, int ldb, float *c,
                    int ldc, int accumulate) {
  for (int k0 = 0; k0 < k; k0 += KC) {
    int kc = k - k0 < KC ? k - k0 : KC;
    int acc = accumulate || k0 > 0;
    const float *ak = a + k0 * aks;
    const float *bk = b + k0 * ldb;
    for (int jc = n0; jc < n1; jc += NC) {
      int jend = n1 - jc < NC ? n1 : jc + NC;
      /* Rows are cut into equal tiles of at most MR (8 rows: 4 + 4, not 6 + a latency-bound 2). */
      int tiles = (m + MR - 1) / MR, rows_per_tile = (m + tiles - 1) / tiles;
      for (int i0 = 0; i0 < m; i0 += rows_per_tile) {
        int mr = m - i0 < rows_per_tile ? m - i0 : rows_per_tile;
        int widest = mr <= 3 ? NV_SHORT : NV;
        for (int j0 = jc; j0 < jend;) {
          int left = (jend - j0) / 8;
          int nv = widest >= 3 && left >= 3 ? 3 : widest >= 2 && left >= 2 ? 2 : 1;
          TILES[nv][mr](kc, ak + i0 * ars, ars, aks, bk + j0, ldb, c + i0 * ldc + j0, ldc, acc);
          j0 += 8 * nv;
        }
      }
    }
  }
}

#ifndef PR_NATIVE_THREADS
void parallel_pair(void (*task)(void *), void *first, void *second) {
  task(first);
  task(second);
}

void matmul_blocked(int m, int n, int k, const float *a, int ars, int aks, const float *b, int ldb, float *c, int ldc,
                    int accumulate, int threads) {
  (void)threads;
  if (k == 0) {
    if (!accumulate)
      for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) c[i * ldc + j] = 0;
    return;
  }
  matmul_columns(m, 0, n, k, a, ars, aks, b, ldb, c, ldc, accumulate);
}
#endif
