/*
 * exp and log in double precision (Cody–Waite range reduction + Taylor/atanh series, Muller "Elementary
 * Functions" ch. 5): the WebAssembly build has no libc, and the native build uses the same code so both agree.
 */
#include "kernel-abi.h"

typedef union { double d; unsigned long long u; } Bits;

int pr_is_finite(double x) { return x == x && x - x == 0.0; }

double pr_sqrt(double x) { return __builtin_sqrt(x); }

static double scale_by_power_of_two(double x, int k) {
  Bits b;
  while (k > 1023) { b.u = (unsigned long long)(1023 + 1023) << 52; x *= b.d; k -= 1023; }
  while (k < -1022) { b.u = (unsigned long long)(1023 - 1022) << 52; x *= b.d; k += 1022; }
  b.u = (unsigned long long)(k + 1023) << 52;
  return x * b.d;
}

double pr_exp(double x) {
  if (x != x) return x;
  if (x > 709.78) return __builtin_inf();
  if (x < -745.2) return 0.0;
  const double log2e = 1.4426950408889634;
  const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
  double kd = __builtin_floor(x * log2e + 0.5);
  int k = (int)kd;
  double r = (x - kd * ln2_hi) - kd * ln2_lo;
  /* |r| ≤ ln2/2: the Taylor series to r^13 is below 1e-17 relative */
  double p = 1.0 / 6227020800.0;
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  return scale_by_power_of_two(p, k);
}

double pr_log(double x) {
  if (x != x || x < 0) return __builtin_nan("");
  if (x == 0) return -__builtin_inf();
  if (x == __builtin_inf()) return x;
  Bits b;
  b.d = x;
  int e = 0;
  if ((b.u >> 52) == 0) { b.d = x * 18014398509481984.0; e = -54; } /* subnormal: scale by 2^54 first */
  e += (int)(b.u >> 52) - 1023;
  b.u = (b.u & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;
  double m = b.d; /* in [1, 2) */
  if (m > 1.4142135623730951) { m *= 0.5; e += 1; }
  /* log m = 2·atanh(f), f = (m−1)/(m+1), |f| ≤ 0.1716: the series to f^23 is below 1e-18 */
  double f = (m - 1.0) / (m + 1.0);
  double f2 = f * f;
  double s = 1.0 / 23.0;
  for (int i = 21; i >= 1; i -= 2) s = s * f2 + 1.0 / i;
  const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
  return e * ln2_hi + (2.0 * f * s + e * ln2_lo);
}
