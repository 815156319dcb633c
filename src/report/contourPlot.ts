/**
 * Contour plot of a two-variable function with optimiser paths drawn over it
 * (DLFS figs 6-3 to 6-8, Deep Learning fig 8.5). The contour lines are computed
 * here by marching squares and drawn as plain line marks, so the spec needs no
 * Vega-only transform and renders the same headless and in a browser.
 */
import { axisFor } from './axes.js';
import {
  contourLevels,
  type Grid,
  type LevelSpacing,
  marchingSquares,
  sampleGrid,
} from './marchingSquares.js';
import {
  type ChartSpec,
  type CommonChartOptions,
  checkSeries,
  finishSpec,
  namesOf,
  type Series,
  size,
} from './spec.js';
import { type LegendPosition, legendAt } from './theme.js';

/** Options of {@link contourPlotSpec}. */
export interface ContourPlotOptions extends CommonChartOptions {
  /** The function to contour; sampled on `resolution`² points over the ranges. */
  f?: (x: number, y: number) => number;
  /** Plot ranges (also the sampling ranges when `f` is given). */
  xRange: [number, number];
  yRange: [number, number];
  /** A precomputed grid instead of `f`. */
  grid?: Grid;
  /** Grid points per side when sampling `f`. Default 161. */
  resolution?: number;
  /** Contour levels; default `levelCount` levels from `contourLevels`. */
  levels?: number[];
  /** Number of automatic levels. Default 12. */
  levelCount?: number;
  /** Spacing of automatic levels (see `LevelSpacing`). Default 'sqrt' (even rings on a bowl). */
  levelSpacing?: LevelSpacing;
  /** Optimiser paths: x[k], y[k] is the iterate after k steps (k = 0 is the start). */
  paths: Series[];
  /** Draw a marker at every iterate. Default: when every path has at most 150 points. */
  markers?: boolean;
  /** The minimiser, drawn as a black cross. */
  minimum?: [number, number];
  /** Mark the start point(s) with a ring and the label "start". Default true. */
  markStart?: boolean;
  xTitle?: string;
  yTitle?: string;
  /** Make one unit on x as long as one unit on y (height derived from width). Default false. */
  equalAspect?: boolean;
  legend?: LegendPosition;
}

/**
 * Builds the contour-plot spec. Paths leaving the plotted ranges are clipped
 * at the frame; non-finite iterates are dropped.
 */
export function contourPlotSpec(o: ContourPlotOptions): ChartSpec {
  const [x0, x1] = o.xRange;
  const [y0, y1] = o.yRange;
  if (!(x1 > x0 && y1 > y0)) {
    throw new RangeError(
      `contourPlot: xRange and yRange must be increasing pairs, got [${o.xRange}] and [${o.yRange}]`,
    );
  }
  let grid = o.grid;
  if (!grid) {
    if (!o.f) throw new TypeError('contourPlot: give either option f or option grid');
    const n = o.resolution ?? 161;
    grid = sampleGrid(o.f, o.xRange, o.yRange, n, n);
  }
  const levels = o.levels ?? contourLevels(grid, o.levelCount ?? 12, o.levelSpacing ?? 'sqrt');
  const lines = marchingSquares(grid, levels);

  // Shade by the rank of the level (darker = lower), whatever the level spacing.
  const sorted = [...new Set(levels)].sort((a, b) => a - b);
  const contourRows: {
    id: number;
    level: number;
    rank: number;
    k: number;
    x: number;
    y: number;
  }[] = [];
  lines.forEach((line, id) => {
    const rank = sorted.indexOf(line.level);
    line.points.forEach(([x, y], k) => {
      contourRows.push({ id, level: line.level, rank, k, x: round(x), y: round(y) });
    });
  });

  const pathRows: { path: string; k: number; x: number; y: number }[] = [];
  const starts = new Map<string, { x: number; y: number }>();
  for (const p of o.paths) {
    checkSeries('contourPlot', p);
    for (let k = 0; k < p.x.length; k++) {
      const x = p.x[k]!;
      const y = p.y[k]!;
      if (!(Number.isFinite(x) && Number.isFinite(y))) continue;
      pathRows.push({ path: p.name, k, x, y });
      if (k === 0) starts.set(`${x},${y}`, { x, y });
    }
  }
  const names = namesOf(o.paths);
  const markers = o.markers ?? o.paths.every((p) => p.x.length <= 150);
  const width = size('width', o.width, 480);
  const height = o.equalAspect
    ? size('height', (width * (y1 - y0)) / (x1 - x0), 320)
    : size('height', o.height, 320);

  const xEnc = {
    field: 'x',
    type: 'quantitative',
    title: o.xTitle ?? 'x',
    scale: { domain: [x0, x1], nice: false, zero: false },
    axis: { ...axisFor(false, []), grid: false },
  };
  const yEnc = {
    field: 'y',
    type: 'quantitative',
    title: o.yTitle ?? 'y',
    scale: { domain: [y0, y1], nice: false, zero: false },
    axis: { ...axisFor(false, []), grid: false },
  };
  const legend = names.length > 1 ? legendAt(o.legend ?? 'right') : null;
  if (legend) {
    legend.title = null;
    legend.symbolType = 'stroke';
  }

  const layers: unknown[] = [
    {
      data: { values: contourRows },
      mark: { type: 'line', clip: true, strokeWidth: 0.9, interpolate: 'linear' },
      encoding: {
        x: xEnc,
        y: yEnc,
        detail: { field: 'id', type: 'nominal' },
        order: { field: 'k', type: 'quantitative' },
        stroke: {
          field: 'rank',
          type: 'quantitative',
          scale: { range: ['#5a5a5a', '#c8c8c8'] },
          legend: null,
        },
      },
    },
    {
      data: { values: pathRows },
      mark: {
        type: 'line',
        clip: true,
        strokeWidth: 1.6,
        ...(markers ? { point: { size: 20, filled: true } } : {}),
      },
      encoding: {
        x: { field: 'x', type: 'quantitative' },
        y: { field: 'y', type: 'quantitative' },
        order: { field: 'k', type: 'quantitative' },
        color: { field: 'path', type: 'nominal', scale: { domain: names }, legend },
      },
    },
  ];
  if (o.markStart !== false && starts.size > 0) {
    const values = [...starts.values()];
    layers.push({
      data: { values },
      layer: [
        {
          mark: {
            type: 'point',
            shape: 'circle',
            size: 150,
            filled: false,
            color: '#000',
            strokeWidth: 1.4,
            clip: true,
          },
          encoding: {
            x: { field: 'x', type: 'quantitative' },
            y: { field: 'y', type: 'quantitative' },
          },
        },
        {
          mark: {
            type: 'text',
            text: 'start',
            align: 'left',
            dx: 9,
            dy: -9,
            fontSize: 11.5,
            color: '#000',
          },
          encoding: {
            x: { field: 'x', type: 'quantitative' },
            y: { field: 'y', type: 'quantitative' },
          },
        },
      ],
    });
  }
  if (o.minimum) {
    layers.push({
      data: { values: [{ x: o.minimum[0], y: o.minimum[1] }] },
      mark: { type: 'point', shape: 'cross', size: 120, filled: true, color: '#000', angle: 45 },
      encoding: {
        x: { field: 'x', type: 'quantitative' },
        y: { field: 'y', type: 'quantitative' },
      },
    });
  }
  return finishSpec({ width, height, layer: layers }, o);
}

/** Rounds contour coordinates to 6 significant digits (smaller specs, no visible change). */
function round(v: number): number {
  return Number(v.toPrecision(6));
}
