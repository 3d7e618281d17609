/** Hooks shared by the views: the selected run, its result (fetched once and cached) and a container's width. */
import { useEffect, useState } from 'react';
import type { RunResult, RunSummary } from '../../src-shared/contract/types.ts';
import { useApp, useSession } from '../app-context.ts';

export function useSelectedRun(): RunSummary | null {
  const app = useApp();
  const session = useSession();
  return session.runs.find((run) => run.runId === app.runId) ?? null;
}

/** The selected run's result once it has one; `reason` says why not otherwise. */
export function useRunResult(): { run: RunSummary | null; result: RunResult | null; reason: string | null } {
  const app = useApp();
  const session = useSession();
  const run = session.runs.find((entry) => entry.runId === app.runId) ?? null;
  const result = run ? (session.results[run.runId] ?? null) : null;
  const [error, setError] = useState<string | null>(null);
  const wanted = run?.hasResult && !result ? run.runId : null;
  useEffect(() => {
    if (!wanted) return;
    let cancelled = false;
    void app.api['run:result']({ runId: wanted }).then((answer) => {
      if (cancelled) return;
      if (answer.ok) app.store.set((s) => ({ ...s, results: { ...s.results, [wanted]: answer.value } }));
      else setError(answer.error.message);
    });
    return () => {
      cancelled = true;
    };
  }, [wanted, app.api, app.store]);
  let reason: string | null = null;
  if (!run) reason = 'No run yet: open a data set, then start training in the Training view.';
  else if (!result)
    reason = error ?? (run.hasResult ? 'Loading the result…' : `${run.label} is ${run.state}; its network appears when training ends.`);
  return { run, result, reason };
}

/**
 * Width of an element in CSS px, following window and layout resizes. Returns a callback ref, so it also works for
 * an element that appears only after a first render (a view showing "loading…" first).
 */
export function useElementWidth<T extends HTMLElement>(fallback = 800): [(element: T | null) => void, number] {
  const [element, setElement] = useState<T | null>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    if (!element) return;
    const observer = new ResizeObserver((entries) => {
      const next = Math.floor(entries[0].contentRect.width);
      if (next > 0) setWidth(next);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return [setElement, width];
}
