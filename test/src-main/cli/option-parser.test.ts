/** Repeatable options (`pathreg serve --root A --root B`) and the one-value rule for every other option. */
import { describe, expect, it } from 'vitest';
import { parseOptions, repeatedValues, type OptionSpec } from '../../../src-main/cli/option-parser.ts';

const SPECS: OptionSpec[] = [
  { name: 'root', value: 'DIR', repeatable: true, help: 'a folder' },
  { name: 'port', value: 'N', help: 'a port' },
];

describe('repeatable options', () => {
  it('keeps every value in order, with either spelling', () => {
    const options = parseOptions('serve', ['--root', '/a', '--root=/b c', '--root', '/a'], SPECS);
    expect(repeatedValues(options, 'root')).toEqual(['/a', '/b c', '/a']);
    expect(repeatedValues(parseOptions('serve', [], SPECS), 'root')).toEqual([]);
  });

  it('still refuses any other option given twice', () => {
    expect(() => parseOptions('serve', ['--port', '1', '--port', '2'], SPECS)).toThrow(/--port is given twice/);
  });
});
