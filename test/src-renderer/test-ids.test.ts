import { describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ALL_TEST_IDS, TEST_IDS } from '../../src-renderer/test-ids.ts';

describe('test ids', () => {
  it('are unique and named entity:action in kebab-case', () => {
    expect(new Set(ALL_TEST_IDS).size).toBe(ALL_TEST_IDS.length);
    for (const id of ALL_TEST_IDS) expect(id).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/);
  });

  it('are each used by some element of the app (none listed for the e2e tests that does not exist)', async () => {
    const folder = path.resolve(import.meta.dirname, '../../src-renderer');
    const files = (await readdir(folder, { recursive: true })).filter((file) => file.endsWith('.tsx'));
    const source = (await Promise.all(files.map((file) => readFile(path.join(folder, file), 'utf8')))).join('\n');
    // A group indexed by a variable (TEST_IDS.tab[name]) counts as used as a whole.
    const unused = Object.entries(TEST_IDS).flatMap(([group, ids]) =>
      (source.includes(`TEST_IDS.${group}[`) ? [] : Object.keys(ids))
        .filter((key) => !source.includes(`TEST_IDS.${group}.${key}`))
        .map((key) => `${group}.${key}`),
    );
    expect(unused).toEqual([]);
  });
});
