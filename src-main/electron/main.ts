/**
 * Electron main process: one window, native menus and dialogs, the contract over IPC, and the same session and
 * job runner as the browser shell. It never parses files or trains: readers and training run in worker threads.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, Menu, session as electronSession } from 'electron';
import type { ServerEvent } from '../../src-shared/contract/events.ts';
import type { AppSession } from '../session/app-session.ts';
import { APP_ROOT, createAppSession } from '../session/create-session.ts';
import { declareAppScheme, serveRenderer } from './app-protocol.ts';
import { registerIpcTransport, sendEvent } from './ipc-transport.ts';
import { withSaveDialog } from './save-exports.ts';
import { createRendererRecovery } from './renderer-recovery.ts';
import { DialogGrants, withFileAccessPolicy } from '../session/file-access-policy.ts';
import { buildMenuTemplate, type MenuActions } from './menu-template.ts';
import { RecentFiles, type RecentEntry } from './recent-files.ts';
import { APP_ENTRY_URL, lockDownApp, lockDownSession, secureWebPreferences } from './security.ts';

/** Where the bundled main, preload and workers sit (dist/electron/), next to this file once built. */
const BUILD_DIR = path.join(APP_ROOT, 'dist', 'electron');
const RENDERER_DIR = path.join(APP_ROOT, 'dist', 'renderer');

let mainWindow: BrowserWindow | null = null;
let appSession: AppSession | null = null;
let recent: RecentFiles | null = null;
/** The files the user chose in this app's dialogs (or its Recent menu): the only paths the window may name. */
const grants = new DialogGrants();
const rendererRecovery = createRendererRecovery();

declareAppScheme();
lockDownApp(app);

// One instance: a second launch focuses the window that is already open.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.whenReady().then(start, (error: unknown) => {
    dialog.showErrorBox('PathReg Studio could not start', error instanceof Error ? error.message : String(error));
    app.quit();
  });
}

async function start(): Promise<void> {
  lockDownSession(electronSession.defaultSession);
  serveRenderer(RENDERER_DIR);
  appSession = await createAppSession({
    transport: 'electron',
    sessionDir: path.join(app.getPath('userData'), 'sessions', new Date().toISOString().replace(/[:.]/g, '-')),
    workers: {
      training: workerUrl('training-worker.mjs'),
      dataset: workerUrl('dataset-worker.mjs'),
      perturbation: workerUrl('perturbation-worker.mjs'),
    },
    // electron.config.ts ships the examples as extra resources next to the packaged app.
    examplesDir: app.isPackaged ? path.join(process.resourcesPath, 'resources', 'examples') : path.join(APP_ROOT, 'resources', 'examples'),
  });
  recent = new RecentFiles(path.join(app.getPath('userData'), 'recent.json'));
  await recent.load();
  const windows = () => (mainWindow && !mainWindow.isDestroyed() ? [mainWindow.webContents] : []);
  // The bundled examples and TF lists may be read by path (the window suggests the TF list next to an example).
  const resources = app.isPackaged ? path.join(process.resourcesPath, 'resources') : path.join(APP_ROOT, 'resources');
  await grants.allowReadingUnder(resources);
  // Exports are saved here, through the save dialog and an atomic write, rather than downloaded by the window; every
  // other path the window names must be one the user chose in a dialog (an injected script gets nothing else).
  registerIpcTransport(withFileAccessPolicy(withSaveDialog(appSession.handlers, chooseExportPath), grants), windows);
  appSession.subscribe((event) => sendEvent(windows(), event));
  await refreshMenu();
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

async function chooseExportPath(suggested: string): Promise<string | null> {
  const extension = path.extname(suggested).slice(1);
  const options = {
    title: 'Export',
    defaultPath: suggested,
    properties: ['showOverwriteConfirmation' as const, 'createDirectory' as const],
    filters: [
      { name: extension.toUpperCase(), extensions: [extension] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
  const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

function workerUrl(file: string): URL {
  return new URL(`file://${path.join(BUILD_DIR, file)}`);
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'PathReg Studio',
    show: false,
    webPreferences: secureWebPreferences(path.join(BUILD_DIR, 'preload.cjs')),
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  // A crashed or killed renderer is reloaded (the session and its runs live here, so nothing is lost), a few times.
  mainWindow.webContents.on('render-process-gone', (_event, details) => {
    const next = rendererRecovery(details.reason);
    if (next.action === 'reload') mainWindow?.webContents.reload();
    else if (next.action === 'give-up') dialog.showErrorBox('PathReg Studio', next.message);
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  void mainWindow.loadURL(APP_ENTRY_URL);
}

function notify(event: ServerEvent): void {
  if (mainWindow && !mainWindow.isDestroyed()) sendEvent([mainWindow.webContents], event);
}

function showError(message: string): void {
  notify({ type: 'app:command', command: 'show-error', message });
}

async function openDataset(file: string): Promise<void> {
  if (!appSession) return;
  const opened = await appSession.handlers['dataset:open']({ path: file }).catch((error: unknown) => {
    showError(error instanceof Error ? error.message : String(error));
    return null;
  });
  if (!opened) return;
  await recent?.add({ kind: 'dataset', path: file });
  await refreshMenu();
  notify({ type: 'app:command', command: 'show-dataset', datasetId: opened.datasetId });
}

async function openProject(file: string): Promise<void> {
  if (!appSession) return;
  // The window opens it through project:open, which also answers the view state the window restores (opening it
  // here as well would add its data and runs to the session twice).
  await grants.grant(file);
  notify({ type: 'app:command', command: 'project-opened', path: file });
  await recent?.add({ kind: 'project', path: file });
  await refreshMenu();
}

const actions: MenuActions = {
  openDataFile() {
    void dialog
      .showOpenDialog({
        title: 'Open single-cell data',
        properties: ['openFile'],
        filters: [
          { name: 'Single-cell data', extensions: ['h5ad', 'loom', 'h5', 'mtx', 'gz', 'csv', 'tsv', 'txt'] },
          { name: 'All files', extensions: ['*'] },
        ],
      })
      .then((result) => (result.canceled || result.filePaths.length === 0 ? undefined : openDataset(result.filePaths[0])));
  },
  openDataFolder() {
    void dialog
      .showOpenDialog({ title: 'Open a folder (10x matrix or trajectory tables)', properties: ['openDirectory'] })
      .then((result) => (result.canceled || result.filePaths.length === 0 ? undefined : openDataset(result.filePaths[0])));
  },
  openExample(exampleId) {
    if (!appSession) return;
    void appSession.handlers['dataset:open-example']({ exampleId }).then(
      (opened) => notify({ type: 'app:command', command: 'show-dataset', datasetId: opened.datasetId }),
      (error: unknown) => showError(error instanceof Error ? error.message : String(error)),
    );
  },
  openRecent(entry: RecentEntry) {
    void (entry.kind === 'project' ? openProject(entry.path) : openDataset(entry.path));
  },
  clearRecent() {
    void recent?.clear().then(refreshMenu);
  },
  openProject() {
    void dialog
      .showOpenDialog({
        title: 'Open a PathReg Studio project',
        properties: ['openFile'],
        filters: [{ name: 'PathReg project', extensions: ['pathreg', 'json'] }],
      })
      .then((result) => (result.canceled || result.filePaths.length === 0 ? undefined : openProject(result.filePaths[0])));
  },
  saveProject() {
    void dialog
      .showSaveDialog({
        title: 'Save the project',
        defaultPath: 'project.pathreg',
        filters: [{ name: 'PathReg project', extensions: ['pathreg'] }],
      })
      .then((result) => {
        if (result.canceled || !result.filePath) return;
        const chosen = result.filePath;
        // The window owns its view state: it saves through project:save with the path chosen here.
        void grants.grant(chosen).then(() => notify({ type: 'app:command', command: 'save-project', path: chosen }));
        void recent?.add({ kind: 'project', path: chosen }).then(refreshMenu);
      });
  },
  exportFigures() {
    notify({ type: 'app:command', command: 'export' });
  },
  showAbout() {
    notify({ type: 'app:command', command: 'show-about' });
  },
  showLicenses() {
    notify({ type: 'app:command', command: 'show-licenses' });
  },
};

async function refreshMenu(): Promise<void> {
  const examples = appSession ? await appSession.handlers['dataset:examples']({}) : [];
  const template = buildMenuTemplate({
    actions,
    recent: recent?.list() ?? [],
    examples,
    developer: !app.isPackaged,
    isMac: process.platform === 'darwin',
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('before-quit', () => {
  void appSession?.dispose();
});
