/** Metrics: training and held-out MSE per donor, the three sparsities and the run's parameters. */
import { FigureHost } from '../components/figure-host.tsx';
import { useRunResult } from '../components/hooks.ts';
import { ExportPanel } from '../components/export-panel.tsx';
import { renderMetricsTable } from '../../src-shared/figures/render-metrics-table.ts';
import { TEST_IDS } from '../test-ids.ts';
import { metricsTableFromResult } from '../../src-shared/figures/run-adapters.ts';

export function MetricsView() {
  const { run, result, reason } = useRunResult();
  if (!run || !result)
    return (
      <section className="view">
        <h2>Metrics</h2>
        <p className="hint" data-testid={TEST_IDS.metrics.empty}>
          {reason}
        </p>
      </section>
    );
  const table = metricsTableFromResult(result, run);
  const height = 140 + (table.rows.length + table.parameters.length + 8) * 22;
  return (
    <section className="view metrics-view">
      <h2>Metrics</h2>
      {result.metrics.warnings?.length ? (
        <div className="panel warning" role="alert" data-testid={TEST_IDS.metrics.warnings}>
          <strong>Read this network with care:</strong>
          <ul>
            {result.metrics.warnings.map((warning) => (
              <li key={warning.kind}>{warning.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <ExportPanel runId={run.runId} figure="metrics" />
      <FigureHost
        testId={TEST_IDS.metrics.table}
        label={`Metrics of ${run.label}`}
        version={run.runId}
        render={(doc) => renderMetricsTable(table, { size: { width: 640, height }, title: run.label }, doc)}
      />
    </section>
  );
}
