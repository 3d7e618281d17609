import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
  rmSync,
} from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
let root: string;

/** A checkout in miniature: the real launcher, a source main() that prints "source", a bundle that prints "bundle". */
function writeCheckout(): void {
  mkdirSync(path.join(root, 'bin'));
  copyFileSync(path.join(repo, 'bin', 'pathreg.mjs'), path.join(root, 'bin', 'pathreg.mjs'));
  symlinkSync(path.join(repo, 'node_modules'), path.join(root, 'node_modules'));
  writeFileSync(path.join(root, 'package.json'), '{"type":"module"}\n');
  mkdirSync(path.join(root, 'src-main', 'cli'), { recursive: true });
  const printer = (what: string) =>
    `export async function main(argv: string[]): Promise<number> { process.stdout.write('${what} ' + argv.join(' ')); return 0; }\n`;
  writeFileSync(path.join(root, 'src-main', 'cli', 'main.ts'), printer('source'));
  writeFileSync(path.join(root, 'src-main', 'helper.ts'), 'export const x = 1;\n');
  mkdirSync(path.join(root, 'dist', 'cli'), { recursive: true });
  writeFileSync(path.join(root, 'dist', 'cli', 'main.mjs'), printer('bundle').replace(': string[]', '').replace(': Promise<number>', ''));
  const inputs = ['src-main/cli/main.ts', 'src-main/helper.ts'].map((input) => {
    const stat = statSync(path.join(root, input));
    return { path: input, size: stat.size, mtimeMs: stat.mtimeMs };
  });
  writeFileSync(path.join(root, 'dist', 'cli', 'build-manifest.json'), JSON.stringify({ builtAt: '', inputs }));
}

/** Runs the launcher as a user does; its stdout says which main() ran. */
function launch(env: Record<string, string> = {}): { stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [path.join(root, 'bin', 'pathreg.mjs'), 'inspect', 'x.csv'], {
    cwd: root,
    encoding: 'utf8',
    // PATHREG_DEBUG=1: the launcher says why it runs the sources only to developers.
    env: { ...process.env, PATHREG_FROM_SOURCE: '', PATHREG_DEBUG: '1', ...env },
  });
  if (result.status !== 0) throw new Error(`the launcher exited with ${result.status}: ${result.stderr}`);
  return { stdout: result.stdout, stderr: result.stderr };
}

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pathreg-launcher-'));
  writeCheckout();
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('bin/pathreg.mjs', () => {
  it('runs the bundle while every source file it was built from is unchanged', () => {
    expect(launch().stdout).toBe('bundle inspect x.csv');
  });

  it('runs the sources, saying why to developers, once a source file is edited, touched or removed', () => {
    writeFileSync(path.join(root, 'src-main', 'helper.ts'), 'export const x = 2; // edited\n');
    let result = launch();
    expect(result.stdout).toBe('source inspect x.csv');
    expect(result.stderr).toMatch(
      /src-main\/helper.ts changed since dist\/cli was built; running the TypeScript sources .*npm run build:cli/,
    );

    writeCheckoutAgain();
    const later = new Date(Date.now() + 5000);
    utimesSync(path.join(root, 'src-main', 'helper.ts'), later, later);
    expect(launch().stdout).toBe('source inspect x.csv');

    writeCheckoutAgain();
    rmSync(path.join(root, 'src-main', 'helper.ts'));
    result = launch();
    expect(result.stdout).toBe('source inspect x.csv');
    expect(result.stderr).toMatch(/src-main\/helper.ts was removed since dist\/cli was built/);
  });

  it('runs the sources quietly without a bundle, or when PATHREG_FROM_SOURCE=1', () => {
    expect(launch({ PATHREG_FROM_SOURCE: '1' }).stdout).toBe('source inspect x.csv');
    rmSync(path.join(root, 'dist'), { recursive: true });
    const result = launch();
    expect(result.stdout).toBe('source inspect x.csv');
    expect(result.stderr).toBe('');
  });
});

describe('bin/pathreg.mjs in a fresh checkout (npm ci ran no prepare step)', () => {
  /** A build script like scripts/build-cli.ts: it writes a bundle that prints "built" and its manifest into --out. */
  function writeBuildScript(): void {
    mkdirSync(path.join(root, 'scripts'));
    const bundle = 'export async function main(argv) { process.stdout.write("built " + argv.join(" ")); return 0; }';
    writeFileSync(
      path.join(root, 'scripts', 'build-cli.ts'),
      `import { appendFileSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
const out = process.argv[process.argv.indexOf('--out') + 1];
appendFileSync(path.join(path.dirname(path.dirname(out)), 'builds.log'), out + '\\n');
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, 'main.mjs'), ${JSON.stringify(bundle)});
const inputs = ['src-main/cli/main.ts'].map((input) => ({ path: input, size: statSync(input).size, mtimeMs: statSync(input).mtimeMs }));
writeFileSync(path.join(out, 'build-manifest.json'), JSON.stringify({ builtAt: '', inputs }));
`,
    );
  }

  it('builds the missing bundle once, at the first start, into dist/cli, and runs it from then on', () => {
    rmSync(path.join(root, 'dist'), { recursive: true });
    writeBuildScript();
    const first = launch();
    expect(first.stdout).toBe('built inspect x.csv');
    expect(first.stderr).toBe('');
    expect(launch().stdout).toBe('built inspect x.csv');
    const builds = readFileSync(path.join(root, 'builds.log'), 'utf8').trim().split('\n');
    expect(builds).toHaveLength(1);
    // Built beside dist/cli, at the same depth (the bundle's relative URLs), then renamed: no half-written dist/cli.
    expect(path.relative(root, builds[0])).toMatch(/^dist\/cli-first-start-\d+$/);
    expect(readdirSync(path.join(root, 'dist'))).toEqual(['cli']);
  });

  it('runs the sources when the first-start build fails, and leaves no partial folder', () => {
    rmSync(path.join(root, 'dist'), { recursive: true });
    mkdirSync(path.join(root, 'scripts'));
    writeFileSync(path.join(root, 'scripts', 'build-cli.ts'), "throw new Error('no esbuild here');\n");
    expect(launch().stdout).toBe('source inspect x.csv');
    expect(existsSync(path.join(root, 'dist')) ? readdirSync(path.join(root, 'dist')) : []).toEqual([]);
  });
});

function writeCheckoutAgain(): void {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root);
  writeCheckout();
}
