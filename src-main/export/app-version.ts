/** The app's version for provenance, read from package.json so a release bump needs no code change. */
import { readFileSync } from 'node:fs';

let cached: string | null = null;

export function appVersion(): string {
  if (cached === null) {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    cached = manifest.version ?? 'unknown';
  }
  return cached;
}
