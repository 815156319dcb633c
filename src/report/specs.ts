/**
 * The chart specifications of the report layer that are pure data (no files,
 * no rendering): what the browser lab draws with Vega in the page, through
 * `charts` of `optlab/core`.
 */
export { type BarChartOptions, barChartSpec } from './bar.js';
export { type ContourPlotOptions, contourPlotSpec } from './contourPlot.js';
export {
  type Bin,
  type HistogramGridOptions,
  type HistogramPanel,
  histogramBins,
  histogramGridSpec,
} from './histogram.js';
export { type LineChartOptions, type LineSeries, lineChartSpec } from './lineChart.js';
export { type GridCell, type LineGridOptions, lineGridSpec } from './lineGrid.js';
export {
  type ContourLine,
  contourLevels,
  type Grid,
  type LevelSpacing,
  marchingSquares,
} from './marchingSquares.js';
export { type ScatterOptions, scatterSpec } from './scatter.js';
export type { ChartSpec, CommonChartOptions, Series } from './spec.js';
export { PALETTE } from './theme.js';
