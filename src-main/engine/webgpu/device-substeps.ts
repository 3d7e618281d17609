/**
 * The stability rule (rk4-stability.ts) applied to the bound the webgpu engine computes on the device: per layer, the
 * squared Frobenius norm of diag(z)·W_l in float32 (gated-field-bound-kernel.ts), read back as L floats instead of the
 * whole parameter vector.
 *
 * Why a tolerance: the CPU engines compute the bound in float64 from the same float32 parameters; the device's float32
 * sums and gates differ from it by far less than 1e-4 relative, but a bound that lands that close to a substep
 * boundary could round to the other side. The substep count must equal the CPU engines' (same parameters, same
 * gates, same steps), so such a bound is answered with null and the engine reads the parameters back and applies the
 * float64 rule itself — rare (about one iteration in a thousand per unit of h·Λ/96), and exact.
 */
import { substepsForBound } from '../model/rk4-stability.ts';

/** Relative difference between the device's float32 bound and the float64 one that is certainly never reached. */
export const DEVICE_BOUND_TOLERANCE = 1e-3;

/** Per-layer squares above this may have overflowed a float32 partial sum on the way: not trusted. */
const LARGEST_TRUSTED_SQUARE = 1e36;

/**
 * Substeps for the solve from the device's per-layer squared norms, or null when the float32 values cannot decide
 * (near a substep boundary, or not finite, or so large that float32 may have overflowed where float64 did not).
 */
export function substepsFromDeviceSquares(squares: ArrayLike<number>, substeps: number, times: ArrayLike<number>): number | null {
  let bound = 1;
  for (let l = 0; l < squares.length; l++) {
    const square = squares[l];
    if (!(square >= 0 && square <= LARGEST_TRUSTED_SQUARE)) return null;
    bound *= Math.sqrt(square);
  }
  const low = substepsForBound(bound * (1 - DEVICE_BOUND_TOLERANCE), substeps, times);
  const high = substepsForBound(bound * (1 + DEVICE_BOUND_TOLERANCE), substeps, times);
  return low === high ? low : null;
}
