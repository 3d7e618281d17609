/**
 * Constants of the hard-concrete gate distribution (Louizos, Welling & Kingma 2018), shared by every engine.
 * docs/model.md fixes them: temperature 2/3, stretched to (−0.1, 1.1) and clamped to [0, 1].
 */
export const GATE_TEMPERATURE = 2 / 3;
export const GATE_STRETCH_LOW = -0.1;
export const GATE_STRETCH_HIGH = 1.1;

/** Shift inside the L0 penalty's sigmoid: β·log(−γ/ζ), the log-odds offset of P(gate ≠ 0). */
export const GATE_L0_SHIFT = GATE_TEMPERATURE * Math.log(-GATE_STRETCH_LOW / GATE_STRETCH_HIGH);
