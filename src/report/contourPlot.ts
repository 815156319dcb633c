/**
 * Contour plot of a two-variable function with optimiser paths drawn over it
 * (DLFS figs 6-3 to 6-8, Deep Learning fig 8.5). The contour lines are computed
 * here by marching squares and drawn as plain line marks, so the spec needs no
 * Vega-only transform and renders the same headless and in a browser.
 */
import { axisFor } from './axes.js';
import { bandColors, bandRects, refineGrid } from './contourFill.js';
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
import { type LegendPosition, legendAt, PALETTE } from './theme.js';

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
  /** Saddle points, drawn as black diamonds labelled "saddle". */
  saddles?: [number, number][];
  /** Mark where each path ends with a square in its colour. Default true. */
  markEnd?: boolean;
  /**
   * Fill the bands between levels (grey, darker = lower) and show a colour bar.
   * Default true.
   */
  filled?: boolean;
  /** Title of the colour bar, i.e. the plotted quantity. Default 'f'. */
  valueTitle?: string;
  /** Colour of each path in order; default the palette. */
  colors?: string[];
  /** Mark the start point(s) with a ring and the label "start". Default true. */
  markStart?: boolean;
  xTitle?: string;
  yTitle?: string;
  /** Make one unit on x as long as one unit on y (height derived from width). Default false. */
  equalAspect?: boolean;
  legend?: LegendPosition;
}

/** The layers and size of one contour panel (shared by the single plot and the grid). */
export function contourLayers(o: ContourPlotOptions): {
  layers: unknown[];
  width: number;
  height: number;
} {
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
  const sorted = [...new Set(levels)].filter(Number.isFinite).sort((a, b) => a - b);
  const filled = o.filled !== false;

  const contourRows: { id: number; rank: number; k: number; x: number; y: number }[] = [];
  lines.forEach((line, id) => {
    const rank = sorted.indexOf(line.level);
    line.points.forEach(([x, y], k) => {
      contourRows.push({ id, rank, k, x: round(x), y: round(y) });
    });
  });

  const names = namesOf(o.paths);
  const colorOf = (name: string) => {
    const i = names.indexOf(name);
    return o.colors?.[i] ?? PALETTE[i % PALETTE.length]!;
  };
  const pathRows: { path: string; k: number; x: number; y: number }[] = [];
  const starts = new Map<string, { x: number; y: number }>();
  const ends: { x: number; y: number; color: string }[] = [];
  for (const p of o.paths) {
    checkSeries('contourPlot', p);
    let last: { x: number; y: number } | undefined;
    for (let k = 0; k < p.x.length; k++) {
      const x = p.x[k]!;
      const y = p.y[k]!;
      if (!(Number.isFinite(x) && Number.isFinite(y))) continue;
      pathRows.push({ path: p.name, k, x, y });
      if (k === 0) starts.set(`${x},${y}`, { x, y });
      last = { x, y };
    }
    if (last && p.x.length > 1) ends.push({ ...last, color: colorOf(p.name) });
  }
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
  const xq = { field: 'x', type: 'quantitative' };
  const yq = { field: 'y', type: 'quantitative' };
  const legend = names.length > 1 ? legendAt(o.legend ?? 'right') : null;
  if (legend) {
    legend.title = null;
    legend.symbolType = 'stroke';
  }

  const layers: unknown[] = [];
  if (filled && sorted.length > 0) {
    layers.push({
      data: { values: bandRects(refineGrid(grid), sorted).map((r) => mapRect(r)) },
      mark: { type: 'rect', clip: true, strokeWidth: 0 },
      encoding: {
        x: { ...xEnc, field: 'x0' },
        x2: { field: 'x1' },
        y: { ...yEnc, field: 'y0' },
        y2: { field: 'y1' },
        fill: {
          field: 'v',
          type: 'quantitative',
          scale: {
            type: 'threshold',
            domain: sorted.map((_, b) => b + 1),
            range: bandColors(sorted.length + 1),
          },
          legend: {
            title: o.valueTitle ?? 'f',
            orient: 'right',
            type: 'gradient',
            gradientLength: Math.max(120, Math.min(300, height)),
            gradientThickness: 12,
            // The bar shows the bands evenly; each boundary is labelled with its level.
            labelExpr: levelLabels(sorted),
            labelOverlap: true,
          },
        },
      },
    });
  }
  layers.push({
    data: { values: contourRows },
    mark: { type: 'line', clip: true, strokeWidth: 0.8, interpolate: 'linear' },
    encoding: {
      x: filled ? xq : xEnc,
      y: filled ? yq : yEnc,
      detail: { field: 'id', type: 'nominal' },
      order: { field: 'k', type: 'quantitative' },
      stroke: filled
        ? { value: '#555' }
        : {
            field: 'rank',
            type: 'quantitative',
            scale: { range: ['#5a5a5a', '#c8c8c8'] },
            legend: null,
          },
      ...(filled ? { strokeOpacity: { value: 0.55 } } : {}),
    },
  });
  layers.push({
    data: { values: pathRows },
    mark: {
      type: 'line',
      clip: true,
      strokeWidth: 1.6,
      ...(markers ? { point: { size: 20, filled: true } } : {}),
    },
    encoding: {
      x: xq,
      y: yq,
      order: { field: 'k', type: 'quantitative' },
      color: {
        field: 'path',
        type: 'nominal',
        scale: { domain: names, range: names.map(colorOf) },
        legend,
      },
    },
  });
  if (o.markEnd !== false && ends.length > 0) {
    layers.push({
      data: { values: ends },
      mark: {
        type: 'point',
        shape: 'square',
        size: 70,
        opacity: 1,
        filled: true,
        stroke: '#000',
        strokeWidth: 0.8,
        clip: true,
      },
      encoding: { x: xq, y: yq, fill: { field: 'color', type: 'nominal', scale: null } },
    });
  }
  if (o.markStart !== false && starts.size > 0) {
    layers.push(labelledPoints([...starts.values()], 'start', 'circle', false));
  }
  if (o.minimum) {
    layers.push({
      data: { values: [{ x: o.minimum[0], y: o.minimum[1] }] },
      mark: { type: 'point', shape: 'cross', size: 120, filled: true, color: '#000', angle: 45 },
      encoding: { x: xq, y: yq },
    });
  }
  if (o.saddles && o.saddles.length > 0) {
    layers.push(
      labelledPoints(
        o.saddles.map(([x, y]) => ({ x, y })),
        'saddle',
        'diamond',
        true,
      ),
    );
  }
  return { layers, width, height };
}

/**
 * Builds the contour-plot spec: filled levels with a colour bar, contour lines,
 * the paths with their start and end marked. Paths leaving the plotted ranges
 * are clipped at the frame; non-finite iterates are dropped.
 */
export function contourPlotSpec(o: ContourPlotOptions): ChartSpec {
  const { layers, width, height } = contourLayers(o);
  return finishSpec({ width, height, layer: layers }, o);
}

/** Black markers with a text label beside each (start points, saddles). */
function labelledPoints(
  values: { x: number; y: number }[],
  text: string,
  shape: string,
  filled: boolean,
): unknown {
  const xq = { field: 'x', type: 'quantitative' };
  const yq = { field: 'y', type: 'quantitative' };
  return {
    data: { values },
    layer: [
      {
        mark: {
          type: 'point',
          shape,
          size: filled ? 90 : 150,
          filled,
          color: '#000',
          strokeWidth: 1.4,
          clip: true,
        },
        encoding: { x: xq, y: yq },
      },
      {
        mark: { type: 'text', text, align: 'left', dx: 9, dy: -9, fontSize: 11.5, color: '#000' },
        encoding: { x: xq, y: yq },
      },
    ],
  };
}

/** Vega expression: band boundary b (1-based) → its level, 3 significant digits. */
function levelLabels(levels: readonly number[]): string {
  let expr = "''";
  for (let b = levels.length; b >= 1; b--) {
    expr = `datum.value == ${b} ? '${formatLevel(levels[b - 1]!)}' : ${expr}`;
  }
  return expr;
}

function formatLevel(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return String(Number(v.toPrecision(3)));
  return v.toExponential(1).replace('e+', 'e');
}

function mapRect(r: { x0: number; x1: number; y0: number; y1: number; v: number }) {
  return { x0: round(r.x0), x1: round(r.x1), y0: round(r.y0), y1: round(r.y1), v: r.v };
}

/** Rounds contour coordinates to 6 significant digits (smaller specs, no visible change). */
function round(v: number): number {
  return Number(v.toPrecision(6));
}
