/**
 * The contract's channel names as a plain list, without the schemas: the sandboxed preload builds its verbs from
 * this and stays small. channels.ts checks at compile time that it matches the schema map exactly.
 */
export const CHANNEL_NAMES = [
  'app:info',
  'session:state',
  'engines:list',
  'dataset:open',
  'dataset:upload',
  'dataset:summary',
  'dataset:examples',
  'dataset:open-example',
  'dataset:pseudotime',
  'dataset:embedding',
  'dataset:gene-values',
  'dataset:tf-overlap',
  'training:start',
  'training:pause',
  'training:resume',
  'training:cancel',
  'training:continue',
  'training:list',
  'training:subscribe',
  'run:result',
  'run:trajectories',
  'project:save',
  'project:open',
  'export:network',
  'export:figure',
  'export:report',
  'run:import',
  'run:score',
  'run:perturb',
  'export:perturbation',
  'sweep:executors',
  'sweep:start',
  'sweep:list',
  'sweep:status',
  'sweep:cancel',
  'sweep:resume',
  'sweep:consensus',
  'sweep:open-run',
  'export:sweep-network',
  'run:edges',
  'export:edge-table',
  'runs:compare',
  'export:comparison',
] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];

/** Electron IPC channel carrying ServerEvents from main to the window. */
export const EVENT_CHANNEL = 'pathreg:event';
