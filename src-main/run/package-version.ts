import { readFile } from 'node:fs/promises';

/** The app's version from package.json, for `--version` and every run's provenance. */
export async function packageVersion(): Promise<string> {
  const text = await readFile(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}
