/** `pathreg serve --root`: every folder must exist; the mistake is named before anything starts. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.ts';

describe('pathreg serve --root', () => {
  it('refuses a folder that does not exist, naming it', async () => {
    const result = await runCli(['serve', '--root', '/no/such/folder', '--port', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--root \/no\/such\/folder: there is no folder there/);
    expect(result.stdout).not.toMatch(/PathReg Studio is running/);
  });

  it('lists --root as repeatable in its help', async () => {
    const result = await runCli(['serve', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/--root DIR\s+a folder the app may open and save files in, subfolders included \(repeat for more/);
  });
});
