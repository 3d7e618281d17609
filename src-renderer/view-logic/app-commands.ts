/**
 * What the window does for each native menu command (desktop app). Main has done the file work (dialogs, opening a
 * data set); the window switches view, saves or restores the project with its own view state, exports from the view
 * on screen, or shows a message. Kept apart from React so every command's effect is tested.
 */
import type { AppCommand } from '../../src-shared/contract/events.ts';
import type { Notice, ViewName } from '../app-context.ts';

export interface CommandShell {
  view(): ViewName;
  showDataset(datasetId: string): void;
  saveProject(path: string): Promise<void>;
  openProject(path: string): Promise<void>;
  /** Asks the view on screen to export its figure with its Export panel's settings. */
  exportCurrentView(): void;
  showInfo(kind: 'about' | 'licenses'): Promise<void>;
  notify(notice: Notice): void;
}

/** Views with an Export panel (once their run has a result). */
const EXPORTING_VIEWS: ReadonlySet<ViewName> = new Set<ViewName>(['training', 'network', 'heatmap', 'trajectories', 'metrics']);

export async function handleAppCommand(command: AppCommand, shell: CommandShell): Promise<void> {
  switch (command.command) {
    case 'show-dataset':
      shell.showDataset(command.datasetId);
      return;
    case 'save-project':
      await shell.saveProject(command.path);
      return;
    case 'project-opened':
      await shell.openProject(command.path);
      return;
    case 'export':
      if (EXPORTING_VIEWS.has(shell.view())) shell.exportCurrentView();
      else
        shell.notify({
          kind: 'info',
          message:
            'File → Export saves the figure of the view on screen: open the Network, Heatmap, Trajectories, Training or Metrics view of a finished run first.',
        });
      return;
    case 'show-about':
      await shell.showInfo('about');
      return;
    case 'show-licenses':
      await shell.showInfo('licenses');
      return;
    case 'show-error':
      shell.notify({ kind: 'error', message: command.message });
      return;
  }
}
