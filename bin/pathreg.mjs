#!/usr/bin/env node
// Starts the bundled command line (dist/cli/, built by `npm run build:cli`, which npm's `prepare` step runs on
// install) when it was built from the sources as they are now, else the TypeScript sources through tsx. Compiling
// TypeScript at every start costs seconds; the bundle starts in a fraction of that. PATHREG_FROM_SOURCE=1 forces
// the sources (the start-up benchmark compares both).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
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

/**
 * Builds a missing part of dist/ the first time pathreg starts in a fresh checkout. `npm ci` does not run the
 * project's `prepare` step here: the project's .npmrc sets ignore-scripts, because electron's postinstall downloads
 * its runtime from GitHub and fails the whole install on machines that reach only the npm registry. The build goes
 * to a folder of this process's own, renamed into place when complete, so two first starts at once never see a
 * half-written bundle (the loser of the rename drops its copy). Any failure leaves the sources to run, as before.
 */
function buildMissing(script, target) {
  const ownCopy = `${target}-first-start-${process.pid}`;
  try {
    const tsx = createRequire(import.meta.url).resolve('tsx/cli');
    const built = spawnSync(process.execPath, [tsx, root + script, '--out', ownCopy], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    if (built.status !== 0) {
      if (process.env.PATHREG_DEBUG === '1') process.stderr.write(`pathreg: ${script} failed: ${built.stderr}\n`);
      return;
    }
    renameSync(ownCopy, target);
  } catch (error) {
    if (process.env.PATHREG_DEBUG === '1') process.stderr.write(`pathreg: building ${target} on first start: ${error}\n`);
  } finally {
    rmSync(ownCopy, { recursive: true, force: true });
  }
}

// Every start checks the bundle once (a stat per source file); only a first start that builds it checks again.
let reason = process.env.PATHREG_FROM_SOURCE === '1' ? 'from-source' : staleReason();
if (reason === 'absent' && existsSync(root + 'scripts/build-cli.ts')) {
  buildMissing('scripts/build-cli.ts', root + 'dist/cli');
  reason = staleReason();
}
// The browser shell serves dist/renderer/; without it the page could only say how to build it.
if (process.argv[2] === 'serve' && !existsSync(root + 'dist/renderer/index.html') && existsSync(root + 'scripts/build-renderer.ts')) {
  buildMissing('scripts/build-renderer.ts', root + 'dist/renderer');
}
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
