/**
 * Contour plots in small multiples: the same surface in every panel, one
 * optimiser path per panel (DLFS figs 6-3 to 6-8 draw SGD, Momentum, AdaGrad
 * and Adam each on its own copy of the contours), one shared colour bar.
 */

import { parseOptions } from '../options/index.js';
import { type ContourPlotOptions, contourLayers } from './contourPlot.js';
import { gridLayout } from './layout.js';
import { contourLevels, sampleGrid } from './marchingSquares.js';
import { type ChartSpec, type CommonChartOptions, finishSpec, type Series } from './spec.js';
import { PALETTE } from './theme.js';

/** One panel: its title and its paths. */
export interface ContourPanel {
  title: string;
  paths: Series[];
}

/** Options of {@link contourGridSpec}: the surface options of a contour plot, plus the panels. */
export interface ContourGridOptions
  extends CommonChartOptions,
    Omit<ContourPlotOptions, 'paths' | 'title' | 'subtitle' | 'legend' | 'colors'> {
  panels: ContourPanel[];
  /** Panels per row. Default 3. */
  columns?: number;
}

/** Builds the small-multiples spec (width/height per panel; default width 260). */
export function contourGridSpec(o: ContourGridOptions): ChartSpec {
  if (!Array.isArray(o.panels) || o.panels.length === 0) {
    throw new RangeError('contourGrid: option panels must be a non-empty array');
  }
  const { columns } = parseOptions('contourGrid', gridLayout(3), { columns: o.columns });
  // Sample the surface once and share grid and levels across the panels.
  let grid = o.grid;
  if (!grid) {
    if (!o.f) throw new TypeError('contourGrid: give either option f or option grid');
    const n = o.resolution ?? 121;
    grid = sampleGrid(o.f, o.xRange, o.yRange, n, n);
  }
  const levels = o.levels ?? contourLevels(grid, o.levelCount ?? 12, o.levelSpacing ?? 'sqrt');
  const { panels, columns: _c, title: _t, subtitle: _s, ...surface } = o;
  const concat = panels.map((p, i) => {
    const { layers, width, height } = contourLayers({
      ...surface,
      title: p.title,
      grid,
      levels,
      paths: p.paths,
      width: o.width ?? 260,
      legend: 'none',
      colors: p.paths.map((_, k) => PALETTE[(i + k) % PALETTE.length]!),
    });
    return { title: { text: p.title, fontSize: 13 }, width, height, layer: layers };
  });
  return finishSpec(
    { columns, concat, resolve: { scale: { fill: 'shared', color: 'independent' } } },
    o,
  );
}
