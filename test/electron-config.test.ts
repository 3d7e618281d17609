/** The packaged app's Electron fuses: every capability the app does not use is switched off at build time. */
import { describe, expect, it } from 'vitest';
import config from '../electron.config.ts';

describe('electron.config.ts fuses', () => {
  it('turns off file:// privileges, running as Node, inspection and loading code from outside asar', () => {
    expect(config.electronFuses).toEqual({
      grantFileProtocolExtraPrivileges: false,
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });
});
