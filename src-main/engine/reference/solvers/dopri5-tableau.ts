/**
 * Dormand & Prince (1980) RK5(4)7FM coefficients with Hairer's dense-output weights (dopri5.f, CONTD5),
 * as in Hairer, Nørsett & Wanner, "Solving ODEs I", section II.5–II.6.
 */
export const DOPRI5 = {
  a21: 1 / 5,
  a31: 3 / 40,
  a32: 9 / 40,
  a41: 44 / 45,
  a42: -56 / 15,
  a43: 32 / 9,
  a51: 19372 / 6561,
  a52: -25360 / 2187,
  a53: 64448 / 6561,
  a54: -212 / 729,
  a61: 9017 / 3168,
  a62: -355 / 33,
  a63: 46732 / 5247,
  a64: 49 / 176,
  a65: -5103 / 18656,
  // Fifth-order weights; also row 7 of A, which makes the last stage the first stage of the next step (FSAL).
  a71: 35 / 384,
  a73: 500 / 1113,
  a74: 125 / 192,
  a75: -2187 / 6784,
  a76: 11 / 84,
  // Difference between the fifth- and fourth-order solutions, the local error estimate.
  e1: 71 / 57600,
  e3: -71 / 16695,
  e4: 71 / 1920,
  e5: -17253 / 339200,
  e6: 22 / 525,
  e7: -1 / 40,
  // Dense output (fourth-order continuous extension).
  d1: -12715105075 / 11282082432,
  d3: 87487479700 / 32700410799,
  d4: -10690763975 / 1880347072,
  d5: 701980252875 / 199316789632,
  d6: -1453857185 / 822651844,
  d7: 69997945 / 29380423,
} as const;
