/**
 * report/: charts as Vega-Lite specs (pure data, also `charts` of `optlab/core`:
 * ./specs.ts), rendered to SVG and PNG with the bundled fonts; HTML reports, CSV
 * and tables. Axis, font, text-metric and theme helpers are internals.
 */

export { type ContourGridOptions, type ContourPanel, contourGridSpec } from './contourGrid.js';
export { type Columns, parseCsv, seriesColumns, toCsv, writeCsv, writeSeriesCsv } from './csv.js';
export { type FigureFiles, writeFigure } from './figures.js';
export { htmlReport, type ReportFigure, type ReportInput, writeReport } from './html.js';
export { type PanelsOptions, panelsSpec } from './panels.js';
export {
  type PngOptions,
  type RenderedFigure,
  renderFigure,
  renderPng,
  renderSvg,
  svgToPng,
} from './render.js';
export { smoothCurve } from './smoothing.js';
export * from './specs.js';
export {
  type Cell,
  type Check,
  formatChecks,
  formatNumber,
  formatTable,
  type TableOptions,
} from './table.js';
export type { LegendPosition } from './theme.js';
