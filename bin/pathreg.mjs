#!/usr/bin/env node
// Starts the bundled command line (dist/cli/, built by `npm run build:cli`, which npm's `prepare` step runs on
// install) when it was built from the sources as they are now, else the TypeScript sources through tsx. Compiling
// TypeScript at every start costs seconds; the bundle starts in a fraction of that. PATHREG_FROM_SOURCE=1 forces
// the sources (the start-up benchmark compares both).
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = new URL('../dist/cli/main.mjs', import.meta.url);
const manifestUrl = new URL('../dist/cli/build-manifest.json', import.meta.url);

/**
 * Why the bundle cannot be trusted, or null when it is fresh: every source file it was built from must still have
 * the size and modification time it had then (a checkout, an edit or a deletion all change one of them).
 */
function staleReason() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestUrl, 'utf8'));
  } catch {
    return 'absent';
  }
  for (const input of manifest.inputs) {
    let stat;
    try {
      stat = statSync(root + input.path);
    } catch {
      return `${input.path} was removed since dist/cli was built`;
    }
    if (stat.size !== input.size || stat.mtimeMs !== input.mtimeMs) return `${input.path} changed since dist/cli was built`;
  }
  return null;
}

const reason = process.env.PATHREG_FROM_SOURCE === '1' ? 'from-source' : staleReason();
let main;
if (reason === null) {
  ({ main } = await import(bundle.href));
} else {
  // Said only to developers (PATHREG_DEBUG=1): scripts that read stderr must see the same output either way.
  if (process.env.PATHREG_DEBUG === '1' && reason !== 'absent' && reason !== 'from-source') {
    process.stderr.write(`pathreg: ${reason}; running the TypeScript sources (slower start). npm run build:cli rebuilds it.\n`);
  }
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src-main/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
