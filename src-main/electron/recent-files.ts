/** The File → Open Recent list: the last ten data sets and projects, kept in the user's app-data folder. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../files/atomic-write.ts';

export interface RecentEntry {
  kind: 'dataset' | 'project';
  path: string;
}

const LIMIT = 10;

export class RecentFiles {
  private entries: RecentEntry[] = [];

  constructor(private readonly file: string) {}

  async load(): Promise<RecentEntry[]> {
    try {
      const parsed = JSON.parse(await readFile(this.file, 'utf8')) as unknown;
      this.entries = Array.isArray(parsed)
        ? parsed
            .filter(
              (e): e is RecentEntry =>
                typeof e === 'object' && e !== null && (e.kind === 'dataset' || e.kind === 'project') && typeof e.path === 'string',
            )
            .slice(0, LIMIT)
        : [];
    } catch {
      // No list yet, or an unreadable one: start empty rather than fail the menu.
      this.entries = [];
    }
    return this.list();
  }

  list(): RecentEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  async add(entry: RecentEntry): Promise<RecentEntry[]> {
    const resolved = { kind: entry.kind, path: path.resolve(entry.path) };
    this.entries = [resolved, ...this.entries.filter((e) => e.path !== resolved.path)].slice(0, LIMIT);
    await writeFileAtomic(this.file, JSON.stringify(this.entries, null, 1), { overwrite: true }).catch(() => undefined);
    return this.list();
  }

  async clear(): Promise<void> {
    this.entries = [];
    await writeFileAtomic(this.file, '[]', { overwrite: true }).catch(() => undefined);
  }
}
