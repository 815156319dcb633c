// Chart specs (pure data, usable in a browser).

export { decadeTicks, logTickLabels, powerOfTen } from './axes.js';
export { type BarChartOptions, barChartSpec } from './bar.js';
export { type ContourGridOptions, type ContourPanel, contourGridSpec } from './contourGrid.js';
export { type ContourPlotOptions, contourPlotSpec } from './contourPlot.js';
export {
  type Columns,
  parseCsv,
  parseCsvRows,
  seriesColumns,
  toCsv,
  writeCsv,
  writeSeriesCsv,
} from './csv.js';
export { type FigureFiles, writeFigure } from './figures.js';
// Node-only: rendering, files.
export { FONT_FAMILY, FontMetrics, fontFiles } from './fonts.js';
export {
  type Bin,
  type HistogramGridOptions,
  type HistogramPanel,
  histogramBins,
  histogramGridSpec,
} from './histogram.js';
export {
  escapeHtml,
  htmlReport,
  inlineSvg,
  type ReportFigure,
  type ReportInput,
  writeReport,
} from './html.js';
export { type LineChartOptions, type LineSeries, lineChartSpec, lineRows } from './lineChart.js';
export { type GridCell, type LineGridOptions, lineGridSpec } from './lineGrid.js';
export {
  type ContourLine,
  contourLevels,
  type Grid,
  type LevelSpacing,
  marchingSquares,
  sampleGrid,
} from './marchingSquares.js';
export { type PanelsOptions, panelsSpec } from './panels.js';
export {
  compileSpec,
  installTextMetrics,
  type PngOptions,
  type RenderedFigure,
  renderFigure,
  renderPng,
  renderSvg,
  svgToPixels,
  svgToPng,
} from './render.js';
export { type ScatterOptions, scatterSpec } from './scatter.js';
export { besselI0, ema, kaiser, smoothCurve } from './smoothing.js';
export { type ChartSpec, type CommonChartOptions, type Series, VEGA_LITE_SCHEMA } from './spec.js';
export {
  type Cell,
  type Check,
  formatChecks,
  formatNumber,
  formatTable,
  type TableOptions,
} from './table.js';
export { richText } from './text.js';
export { baseConfig, FONT_STACK, type LegendPosition, PALETTE } from './theme.js';
