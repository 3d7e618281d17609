/**
 * Numbers as text files write them: decimal only. `Number()` alone also reads hexadecimal, binary and octal literals
 * ("0x1F" → 31, "0b11" → 3) and blank text (" " → 0), so a damaged or mislabeled column would be read as plausible
 * counts instead of being reported.
 */
const NOT_DECIMAL = /0[xXbBoO]|^\s*$/;

/** The decimal value of `text` (sign, digits, fraction, exponent, Infinity, NaN as Number reads them), else NaN. */
export function parseDecimal(text: string): number {
  const value = Number(text);
  if (value === value && NOT_DECIMAL.test(text)) return NaN;
  return value;
}
