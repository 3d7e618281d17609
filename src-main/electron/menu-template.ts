/**
 * The native menus (File, Edit, View, Help) as a template built from plain inputs, so their structure is tested
 * without Electron. Actions are callbacks supplied by main.ts.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { ExampleInfo } from '../../src-shared/contract/types.ts';
import type { RecentEntry } from './recent-files.ts';

export interface MenuActions {
  openDataFile(): void;
  openDataFolder(): void;
  openExample(exampleId: string): void;
  openRecent(entry: RecentEntry): void;
  clearRecent(): void;
  openProject(): void;
  saveProject(): void;
  exportFigures(): void;
  showAbout(): void;
  showLicenses(): void;
}

export interface MenuInputs {
  actions: MenuActions;
  recent: RecentEntry[];
  examples: ExampleInfo[];
  /** Developer tools only in development builds. */
  developer: boolean;
  isMac: boolean;
}

export function buildMenuTemplate({ actions, recent, examples, developer, isMac }: MenuInputs): MenuItemConstructorOptions[] {
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'Open Data File…', accelerator: 'CmdOrCtrl+O', click: () => actions.openDataFile() },
      { label: 'Open Data Folder…', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.openDataFolder() },
      {
        label: 'Open Example',
        submenu:
          examples.length > 0
            ? examples.map((e) => ({ label: e.title, click: () => actions.openExample(e.exampleId) }))
            : [{ label: 'No examples installed', enabled: false }],
      },
      {
        label: 'Open Recent',
        submenu: [
          ...(recent.length > 0
            ? recent.map((entry) => ({
                label: `${entry.kind === 'project' ? 'Project: ' : ''}${entry.path}`,
                click: () => actions.openRecent(entry),
              }))
            : [{ label: 'Nothing opened yet', enabled: false }]),
          { type: 'separator' },
          { label: 'Clear Recent', enabled: recent.length > 0, click: () => actions.clearRecent() },
        ],
      },
      { type: 'separator' },
      { label: 'Open Project…', click: () => actions.openProject() },
      { label: 'Save Project…', accelerator: 'CmdOrCtrl+S', click: () => actions.saveProject() },
      { type: 'separator' },
      { label: 'Export Figures and Network…', accelerator: 'CmdOrCtrl+E', click: () => actions.exportFigures() },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const edit: MenuItemConstructorOptions = { label: '&Edit', role: 'editMenu' };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { role: 'reload' },
      ...(developer ? [{ role: 'toggleDevTools' } as MenuItemConstructorOptions] : []),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    label: '&Help',
    role: 'help',
    submenu: [
      { label: 'About PathReg Studio', click: () => actions.showAbout() },
      { label: 'Licenses', click: () => actions.showLicenses() },
    ],
  };
  return [...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []), file, edit, view, help];
}
