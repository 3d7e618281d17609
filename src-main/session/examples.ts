/** The example data sets bundled under resources/examples/<id>/, each with a README (title first) and a LICENSE. */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExampleInfo } from '../../src-shared/contract/types.ts';

export async function listExamples(examplesDir: string): Promise<ExampleInfo[]> {
  if (!existsSync(examplesDir)) return [];
  const entries = await readdir(examplesDir, { withFileTypes: true });
  const examples: ExampleInfo[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const folder = path.join(examplesDir, entry.name);
    const files = await readdir(folder);
    const dataFiles = files.filter((file) => !/^(README|LICENSE)/i.test(file));
    if (dataFiles.length === 0) continue;
    const readme = await readFile(path.join(folder, 'README.md'), 'utf8').catch(() => '');
    const license = await readFile(path.join(folder, 'LICENSE'), 'utf8').catch(() => '');
    const lines = readme.split('\n').map((line) => line.trim());
    const title = lines.find((line) => line.startsWith('# '))?.slice(2) ?? entry.name;
    const description = lines.find((line) => line !== '' && !line.startsWith('#')) ?? '';
    examples.push({
      exampleId: entry.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-'),
      title,
      description,
      path: folder,
      license:
        license
          .split('\n')
          .find((line) => line.trim() !== '')
          ?.trim() ?? 'see the README',
    });
  }
  return examples;
}
