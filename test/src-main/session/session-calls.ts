// What the session and job-runner tests do over the contract: call a channel the way the transports do (through
// dispatch, so requests are validated) and wait on a run's training:state events.
import type { AppSession } from '../../../src-main/session/app-session.ts';
import { dispatch } from '../../../src-main/session/handlers.ts';
import type { RunSummary } from '../../../src-shared/contract/types.ts';

/** The channel's answer, or its error message thrown (so a test can expect(...).rejects.toThrow(/message/)). */
export async function callChannel<T>(session: AppSession, channel: string, payload: unknown): Promise<T> {
  const answer = await dispatch(session.handlers, channel, payload, JSON.stringify(payload).length);
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value as T;
}

/**
 * The first training:state of the run that satisfies the predicate, with the time it arrived (performance.now()).
 * Without timeoutMs it waits as long as the test may run; with it, it rejects naming the run.
 */
export function waitForRunState(
  session: AppSession,
  runId: string,
  predicate: (run: RunSummary) => boolean,
  timeoutMs?: number,
): Promise<{ run: RunSummary; at: number }> {
  return new Promise((resolve, reject) => {
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            unsubscribe();
            reject(new Error(`timed out waiting on ${runId}`));
          }, timeoutMs);
    const unsubscribe = session.subscribe((event) => {
      if (event.type === 'training:state' && event.run.runId === runId && predicate(event.run)) {
        clearTimeout(timer);
        unsubscribe();
        resolve({ run: event.run, at: performance.now() });
      }
    });
  });
}

/** Resolves with the run's summary once it has stopped (completed with its result written, cancelled, or failed). */
export async function runFinished(session: AppSession, runId: string): Promise<RunSummary> {
  const stopped = (run: RunSummary) => run.state === 'failed' || run.state === 'cancelled' || (run.state === 'completed' && run.hasResult);
  return (await waitForRunState(session, runId, stopped)).run;
}
