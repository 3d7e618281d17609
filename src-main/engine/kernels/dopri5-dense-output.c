/*
 * Hairer's continuous extension of a Dormand–Prince step (dopri5.f, CONTD5): y(t_n + θh) = r1 + θ(r2 + (1−θ)(r3 +
 * θ(r4 + (1−θ)r5))), read for one row (one trajectory's cell), and its adjoint onto y_n, y_{n+1} and the stages.
 */
#include "kernel-abi.h"

static const double D[7] = {-12715105075.0 / 11282082432.0, 0, 87487479700.0 / 32700410799.0,
                            -10690763975.0 / 1880347072.0, 701980252875.0 / 199316789632.0,
                            -1453857185.0 / 822651844.0, 69997945.0 / 29380423.0};

/* row offset `at` (b·padded) inside y0, y1 and each of the 7 stage blocks of n floats */
void dense_output_row(const float *y0, const float *y1, const float *k, int n, int at, int genes, double h, double theta,
                      float *out) {
  float hf = (float)h, t = (float)theta, t1 = (float)(1 - theta);
  float cd[7];
  for (int j = 0; j < 7; j++) cd[j] = (float)(D[j] * h);
  for (int d = 0; d < genes; d++) {
    int i = at + d;
    float difference = y1[i] - y0[i];
    float slope_gap = k[i] * hf - difference;
    float r4 = (difference - k[6 * n + i] * hf) - slope_gap;
    float r5 = 0;
    for (int j = 0; j < 7; j++) if (D[j] != 0) r5 += k[j * n + i] * cd[j];
    float inner = r4 + r5 * t1;
    float middle = slope_gap + inner * t;
    float outer = difference + middle * t1;
    out[d] = y0[i] + outer * t;
  }
}

/* Adds the adjoint of one dense read-out with gradient `grad` (genes values) to gy0, gy1 and gk (7 blocks). */
void dense_output_row_backward(const float *grad, int n, int at, int genes, double h, double theta, float *gy0,
                               float *gy1, float *gk) {
  double t = theta, t1 = 1 - theta;
  double c1 = t, c2 = t * t1, c3 = t * t * t1, c4 = t * t * t1 * t1;
  float to_y1 = (float)(c1 - c2 + 2 * c3), to_y0 = (float)(1 - (c1 - c2 + 2 * c3));
  float to_k[7];
  for (int j = 0; j < 7; j++) to_k[j] = (float)(h * c4 * D[j]);
  to_k[0] = (float)(h * (c2 - c3 + c4 * D[0]));
  to_k[6] = (float)(h * (-c3 + c4 * D[6]));
  for (int d = 0; d < genes; d++) {
    int i = at + d;
    float g = grad[d];
    gy0[i] += g * to_y0;
    gy1[i] += g * to_y1;
    for (int j = 0; j < 7; j++) if (to_k[j] != 0) gk[j * n + i] += g * to_k[j];
  }
}
