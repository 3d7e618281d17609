/**
 * The figure render functions, shared by the screen and by export (Node + jsdom): each takes data, options and a
 * Document and returns a detached SVGSVGElement. No React, no globals.
 */
export { renderNetwork, layoutNetwork, createFigureRoot, type NetworkFigureOptions, type NetworkLayoutKind } from './render-network.ts';
export {
  renderHeatmap,
  layoutHeatmap,
  clusterHeatmap,
  heatmapCellAt,
  type HeatmapData,
  type HeatmapFigureOptions,
  type HeatmapLayout,
} from './render-heatmap.ts';
export {
  renderTrajectories,
  resolveTrajectoryGenes,
  type TrajectoryFigureData,
  type TrajectoryFigureOptions,
  type TrajectorySeries,
  type DonorSplit,
} from './render-trajectories.ts';
export { renderLossCurves, type LossCurvesData, type LossCurvesOptions, type LossPoint, type SparsityPoint } from './render-loss-curves.ts';
export {
  renderMetricsTable,
  meanMseBySplit,
  type MetricsTableData,
  type MetricsTableOptions,
  type MetricsRow,
} from './render-metrics-table.ts';
export { resolveFigureSize, JOURNAL_COLUMN_MM, type FigureSizeOptions, type LengthUnit } from './figure-size.ts';
export {
  selectEdges,
  selectFromSorted,
  sortEdges,
  withFocusEdges,
  searchGenes,
  neighbours,
  type NetworkData,
  type NetworkEdge,
  type NetworkNode,
} from './network-data.ts';
export { forceLayout, hierarchicalLayout, type Positions } from './network-layout.ts';
export { clusterRows, averageLinkage, type Clustering } from './hierarchical-clustering.ts';
export { serializeSvg } from './serialize.ts';
