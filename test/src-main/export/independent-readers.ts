/**
 * Runs the Python readers in independent-readers.py (Debian's python3 with python3-networkx) on an exported file.
 * CI must install python3-networkx and poppler-utils; a missing package fails the test with that instruction.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./independent-readers.py', import.meta.url));
const PYTHON = '/usr/bin/python3';

export interface IndependentReading {
  nodes: Record<string, Record<string, unknown>>;
  edges: Array<Record<string, unknown> & { source: string; target: string }>;
  graph: Record<string, unknown>;
  directed?: boolean;
  comments?: string[];
  header?: string[];
  columns?: string[];
}

export function readIndependently(format: string, file: string): IndependentReading {
  try {
    return JSON.parse(
      execFileSync(PYTHON, [SCRIPT, format, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
    ) as IndependentReading;
  } catch (error) {
    const stderr =
      error !== null && typeof error === 'object' && 'stderr' in error ? String((error as { stderr: unknown }).stderr) : String(error);
    if (/No module named 'networkx'|ENOENT/.test(stderr + String(error))) {
      throw new Error(
        `The independent readers need Debian's python3 and python3-networkx: apt-get install -y python3-networkx (${stderr.trim()})`,
        { cause: error },
      );
    }
    throw new Error(`independent reader for ${format} failed on ${file}:\n${stderr}`, { cause: error });
  }
}
