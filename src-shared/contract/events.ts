/** Events the server (or Electron main) pushes to every subscribed window. */
import type { RunSummary, TrainingProgress } from './types.ts';

/** What a native menu item asks the window to do (desktop app only). */
export type AppCommand =
  /** A data set was opened from the menu: show it in the Data view. */
  | { command: 'show-dataset'; datasetId: string }
  /** The user chose where to save the project: the window calls project:save there with its view state. */
  | { command: 'save-project'; path: string }
  /** A project was chosen from the menu: the window opens it (project:open) and restores its view state. */
  | { command: 'project-opened'; path: string }
  | { command: 'export' }
  | { command: 'show-about' }
  | { command: 'show-licenses' }
  /** A menu action failed; the window shows the message. */
  | { command: 'show-error'; message: string };

export type ServerEvent =
  | { type: 'training:progress'; progress: TrainingProgress }
  | { type: 'training:state'; run: RunSummary }
  | { type: 'session:changed' }
  | ({ type: 'app:command' } & AppCommand);

export type ServerEventType = ServerEvent['type'];
