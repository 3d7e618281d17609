/** Events the server (or Electron main) pushes to every subscribed window. */
import type { RunSummary, TrainingProgress } from './types.ts';

export type ServerEvent =
  | { type: 'training:progress'; progress: TrainingProgress }
  | { type: 'training:state'; run: RunSummary }
  | { type: 'session:changed' };

export type ServerEventType = ServerEvent['type'];
