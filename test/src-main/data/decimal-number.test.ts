import { describe, expect, it } from 'vitest';
import { parseDecimal } from '../../../src-main/data/decimal-number.ts';

describe('parseDecimal', () => {
  it('reads decimal numbers as Number does', () => {
    for (const text of ['0', '-0', '12', '+3.5', '-1e-7', '2.25E1', '.5', '5.', '1000000', 'Infinity', '-Infinity', ' 7 '])
      expect(parseDecimal(text)).toBe(Number(text));
    expect(parseDecimal('NaN')).toBeNaN();
  });

  it('refuses hexadecimal, binary and octal literals and blank text, which Number reads as numbers', () => {
    for (const text of ['0x1F', '0X10', '0b11', '0B1', '0o7', '0O17', ' 0x1 ', '', ' ', '\t']) expect(parseDecimal(text)).toBeNaN();
  });
});
