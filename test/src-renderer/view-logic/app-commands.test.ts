// Desktop menu commands in the window: each one reaches the shell action it names, export only from views that can.
import { describe, expect, it } from 'vitest';
import { handleAppCommand, type CommandShell } from '../../../src-renderer/view-logic/app-commands.ts';
import type { Notice, ViewName } from '../../../src-renderer/app-context.ts';

function recordingShell(view: ViewName) {
  const calls: string[] = [];
  const notices: Notice[] = [];
  const shell: CommandShell = {
    view: () => view,
    showDataset: (id) => {
      calls.push(`dataset ${id}`);
    },
    saveProject: async (path) => {
      calls.push(`save ${path}`);
    },
    openProject: async (path) => {
      calls.push(`open ${path}`);
    },
    exportCurrentView: () => {
      calls.push('export');
    },
    showInfo: async (kind) => {
      calls.push(`info ${kind}`);
    },
    notify: (notice) => {
      notices.push(notice);
    },
  };
  return { shell, calls, notices };
}

describe('menu commands in the window', () => {
  it('shows the data set, saves and opens projects, shows about and licenses', async () => {
    const { shell, calls, notices } = recordingShell('network');
    await handleAppCommand({ command: 'show-dataset', datasetId: 'dataset-2' }, shell);
    await handleAppCommand({ command: 'save-project', path: '/tmp/a.pathreg' }, shell);
    await handleAppCommand({ command: 'project-opened', path: '/tmp/b.pathreg' }, shell);
    await handleAppCommand({ command: 'show-about' }, shell);
    await handleAppCommand({ command: 'show-licenses' }, shell);
    await handleAppCommand({ command: 'export' }, shell);
    expect(calls).toEqual(['dataset dataset-2', 'save /tmp/a.pathreg', 'open /tmp/b.pathreg', 'info about', 'info licenses', 'export']);
    expect(notices).toEqual([]);
  });

  it('shows menu errors, and explains File → Export where the view has no figure', async () => {
    const { shell, calls, notices } = recordingShell('data');
    await handleAppCommand({ command: 'export' }, shell);
    await handleAppCommand({ command: 'show-error', message: 'Cannot read "x.h5ad".' }, shell);
    expect(calls).toEqual([]);
    expect(notices.map((n) => n.kind)).toEqual(['info', 'error']);
    expect(notices[0].message).toMatch(/Network, Heatmap/);
    expect(notices[1].message).toBe('Cannot read "x.h5ad".');
  });
});
