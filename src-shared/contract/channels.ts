/**
 * The one IPC contract (house style 2): `noun:verb` channel → request schema → response type.
 * Electron IPC (src-main/electron/) and HTTP + WebSocket (src-main/server/) are two transports of this map;
 * the preload and the browser client are derived from it, never hand-written per channel.
 */
import type { z } from 'zod';
import type { Result } from './result.ts';
import type { ServerEvent } from './events.ts';
import { requestSchemas, type RequestSchemas } from './schemas.ts';
import { CHANNEL_NAMES, type ChannelName } from './channel-names.ts';
import type {
  AppInfo,
  CellEmbedding,
  ComputedPseudotime,
  DatasetInfo,
  EngineInfo,
  ExampleInfo,
  ExportedFile,
  GeneCellValues,
  ImportedRun,
  ProjectInfo,
  RunResult,
  RunSnapshot,
  RunSummary,
  SessionState,
  TfListOverlap,
  TrajectoryComparison,
} from './types.ts';
import type { ReferenceScore } from './reference-score.ts';
import type { PerturbationResult } from './perturbation.ts';
import type { SweepConsensus, SweepExecutors, SweepSnapshot } from './sweep.ts';
import type { EdgeTablePage } from './edge-table.ts';
import type { RunComparison } from './run-comparison.ts';

/** What each channel answers on success. */
export interface ResponseMap {
  'app:info': AppInfo;
  'session:state': SessionState;
  'engines:list': EngineInfo[];
  'dataset:open': DatasetInfo;
  'dataset:upload': DatasetInfo;
  'dataset:summary': DatasetInfo;
  'dataset:examples': ExampleInfo[];
  'dataset:open-example': DatasetInfo;
  'dataset:pseudotime': ComputedPseudotime;
  'dataset:embedding': CellEmbedding;
  'dataset:gene-values': GeneCellValues;
  'dataset:tf-overlap': TfListOverlap;
  'training:start': RunSummary;
  'training:pause': RunSummary;
  'training:resume': RunSummary;
  'training:cancel': RunSummary;
  /** A new run that starts from the old run's checkpoint. */
  'training:continue': RunSummary;
  'training:list': RunSummary[];
  'training:subscribe': RunSnapshot;
  'run:result': RunResult;
  'run:trajectories': TrajectoryComparison;
  'project:save': { path: string; bytes: number };
  'project:open': ProjectInfo;
  'export:network': ExportedFile;
  'export:figure': ExportedFile;
  'export:report': ExportedFile;
  'run:import': ImportedRun;
  'run:score': ReferenceScore;
  'run:perturb': PerturbationResult;
  'export:perturbation': ExportedFile;
  'sweep:executors': SweepExecutors;
  'sweep:start': SweepSnapshot;
  'sweep:list': SweepSnapshot[];
  'sweep:status': SweepSnapshot;
  'sweep:cancel': SweepSnapshot;
  'sweep:resume': SweepSnapshot;
  'sweep:consensus': SweepConsensus;
  /** The task's run, opened as a run of the session. */
  'sweep:open-run': RunSummary;
  'export:sweep-network': ExportedFile;
  /** One page of a run's every edge, sorted and filtered (the Network view's edge table). */
  'run:edges': EdgeTablePage;
  'export:edge-table': ExportedFile;
  'runs:compare': RunComparison;
  'export:comparison': ExportedFile;
}

export type Channel = keyof RequestSchemas & keyof ResponseMap;
export type RequestOf<C extends Channel> = z.infer<RequestSchemas[C]>;
export type ResponseOf<C extends Channel> = ResponseMap[C];

/** Every channel, in a fixed order (the preload builds one verb per entry). */
export const CHANNELS: readonly Channel[] = CHANNEL_NAMES;

// Compile-time proof that the name list, the schemas and the responses cover exactly the same channels.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _namesMatchSchemas: Same<ChannelName, keyof RequestSchemas> = true;
const _namesMatchResponses: Same<ChannelName, keyof ResponseMap> = true;
void _namesMatchSchemas;
void _namesMatchResponses;

/** Request size limits in bytes of JSON; anything larger is refused before parsing the schema. */
export const DEFAULT_MAX_REQUEST_BYTES = 256 * 1024;
export const MAX_REQUEST_BYTES: Partial<Record<Channel, number>> = {
  'dataset:upload': 210 * 1024 * 1024,
  // A project holds its selections, whose cells excluded in the Embedding view may name up to 200,000 cells.
  'project:save': 12 * 1024 * 1024,
  // Layout positions of a few thousand genes travel with network exports.
  'export:network': 2 * 1024 * 1024,
  'export:figure': 2 * 1024 * 1024,
  'run:import': 210 * 1024 * 1024,
  'run:score': 21 * 1024 * 1024,
  // Both may carry an uploaded TF list (MAX_TF_LIST_BASE64_CHARS) beside the selection (and its excluded cells).
  'training:start': 12 * 1024 * 1024,
  'dataset:tf-overlap': 5 * 1024 * 1024,
};

export function maxRequestBytes(channel: Channel): number {
  return MAX_REQUEST_BYTES[channel] ?? DEFAULT_MAX_REQUEST_BYTES;
}

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(requestSchemas, value);
}

/** The typed API a window sees, whichever transport carries it. */
export type PathregApi = {
  [C in Channel]: (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;
};

/** What the Electron preload exposes as `window.pathreg`; the browser client implements the same shape. */
export interface PathregBridge {
  api: PathregApi;
  /** Calls `listener` for every server event; returns the unsubscribe function. */
  onEvent(listener: (event: ServerEvent) => void): () => void;
}

export { EVENT_CHANNEL } from './channel-names.ts';
