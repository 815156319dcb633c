/**
 * report/: charts as Vega-Lite specs (pure data, also `charts` of `optlab/core`),
 * rendered to SVG and PNG with the bundled fonts; HTML reports, CSV and tables.
 * Axis, font, text-metric and theme helpers are internals.
 */
export { type BarChartOptions, barChartSpec } from './bar.js';
export { type ContourGridOptions, type ContourPanel, contourGridSpec } from './contourGrid.js';
export { type ContourPlotOptions, contourPlotSpec } from './contourPlot.js';
export { type Columns, parseCsv, seriesColumns, toCsv, writeCsv, writeSeriesCsv } from './csv.js';
export { type FigureFiles, writeFigure } from './figures.js';
export {
  type Bin,
  type HistogramGridOptions,
  type HistogramPanel,
  histogramBins,
  histogramGridSpec,
} from './histogram.js';
export { htmlReport, type ReportFigure, type ReportInput, writeReport } from './html.js';
export { type LineChartOptions, type LineSeries, lineChartSpec } from './lineChart.js';
export { type GridCell, type LineGridOptions, lineGridSpec } from './lineGrid.js';
export {
  type ContourLine,
  contourLevels,
  type Grid,
  type LevelSpacing,
  marchingSquares,
} from './marchingSquares.js';
export { type PanelsOptions, panelsSpec } from './panels.js';
export {
  type PngOptions,
  type RenderedFigure,
  renderFigure,
  renderPng,
  renderSvg,
  svgToPng,
} from './render.js';
export { type ScatterOptions, scatterSpec } from './scatter.js';
export { smoothCurve } from './smoothing.js';
export type { ChartSpec, CommonChartOptions, Series } from './spec.js';
export {
  type Cell,
  type Check,
  formatChecks,
  formatNumber,
  formatTable,
  type TableOptions,
} from './table.js';
export { type LegendPosition, PALETTE } from './theme.js';
