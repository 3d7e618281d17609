/**
 * A small external store (useSyncExternalStore) holding the session view. Server events go in as they come;
 * listeners hear about them at most every `flushMs` so a fast progress stream causes few React renders.
 */
import type { TrainingProgress } from '../../src-shared/contract/types.ts';
import type { ServerEvent } from '../../src-shared/contract/events.ts';
import { applyProgress, EMPTY_SESSION, upsertRun, type SessionView } from './session-state.ts';

export interface AppStore {
  get(): SessionView;
  set(update: (session: SessionView) => SessionView): void;
  /** Queues a server event (progress is batched; state changes apply with the next flush too). */
  receive(event: ServerEvent): void;
  subscribe(listener: () => void): () => void;
}

export function createAppStore(flushMs = 250, onSessionChanged?: () => void): AppStore {
  let session: SessionView = EMPTY_SESSION;
  const listeners = new Set<() => void>();
  let pending: TrainingProgress[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const notify = () => {
    for (const listener of listeners) listener();
  };
  const flush = () => {
    timer = null;
    if (pending.length) {
      session = applyProgress(session, pending);
      pending = [];
      notify();
    }
  };
  return {
    get: () => session,
    set(update) {
      session = update(session);
      notify();
    },
    receive(event) {
      if (event.type === 'training:progress') {
        pending.push(event.progress);
        if (!timer) timer = setTimeout(flush, flushMs);
      } else if (event.type === 'training:state') {
        flush();
        // Keep the newer progress we may already hold: a state event can carry an older `last`.
        const known = session.runs.find((run) => run.runId === event.run.runId);
        const run =
          known?.last && event.run.last && known.last.iteration > event.run.last.iteration
            ? { ...event.run, last: known.last, iteration: known.iteration }
            : event.run;
        session = { ...session, runs: upsertRun(session.runs, run) };
        notify();
      } else if (event.type === 'session:changed') {
        onSessionChanged?.();
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
