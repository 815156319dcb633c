/**
 * Line chart of several named series: training curves, trajectories of a
 * quantity over iterations, cost along a line.
 */

import { z } from 'zod';
import { decay, parseOptions } from '../options/index.js';
import { allIntegers, axisFor } from './axes.js';
import { ema } from './smoothing.js';
import {
  type ChartSpec,
  type CommonChartOptions,
  checkSeries,
  drawable,
  finishSpec,
  namesOf,
  type Series,
  size,
  strideFor,
} from './spec.js';
import { DEFAULT_HEIGHT, DEFAULT_WIDTH, type LegendPosition, legendAt } from './theme.js';

/** A series of a line chart, with optional per-series styling. */
export interface LineSeries extends Series {
  /** Draw dashed (e.g. test accuracy beside solid train accuracy). Default false. */
  dashed?: boolean;
  /**
   * Series with the same group share a colour and one legend entry (e.g. the
   * seeds of one method). When any series has a group, colour and legend are by
   * group; a group is dashed when its series are.
   */
  group?: string;
}

/** Options of {@link lineChartSpec}. */
export interface LineChartOptions extends CommonChartOptions {
  series: LineSeries[];
  xTitle: string;
  yTitle: string;
  /** Logarithmic y axis (non-positive values are dropped). Default false. */
  logY?: boolean;
  /** Logarithmic x axis. Default false. */
  logX?: boolean;
  /**
   * Exponential-moving-average weight β ∈ [0, 1) applied to every y before
   * drawing (see `ema`); undefined or 0 means no smoothing.
   */
  smoothing?: number;
  /** Draw a marker at each point. Default false. */
  points?: boolean;
  /** Fixed y domain [lo, hi]; default fits the data. */
  yDomain?: [number, number];
  /** Fixed x domain [lo, hi]; default fits the data. */
  xDomain?: [number, number];
  /** Legend placement; default 'right' (shown only with more than one series). */
  legend?: LegendPosition;
  /** Legend title; default none. */
  legendTitle?: string;
  /** Points kept per series (thinned by a regular stride). Default 2000. */
  maxPoints?: number;
  /** Horizontal reference lines, e.g. a loss floor, drawn dotted grey. */
  hlines?: { y: number; label?: string }[];
  /**
   * Vertical reference lines, e.g. stage boundaries, drawn dotted grey with
   * their label at the top.
   */
  vlines?: { x: number; label?: string }[];
  /**
   * Integer ticks on the x axis (epochs, updates). Default: when every x value
   * is an integer.
   */
  integerX?: boolean;
}

/** Dash patterns of dashed series, in order: the first is the classic 6-on 4-off. */
export const DASHES: readonly number[][] = [
  [6, 4],
  [2, 2.5],
  [7, 2, 1.5, 2],
  [1, 3.5],
  [3, 1.5],
];

/** A row of the long table behind line charts. */
export interface XYRow {
  series: string;
  /** Series name and segment number: a value that cannot be drawn ends a segment. */
  seg: string;
  x: number;
  y: number;
  order: number;
}

const rowsSchema = z.object({ maxPoints: z.number().int().min(2).default(2000) });
const smoothingSchema = z.object({ smoothing: decay().optional() });

/** Long-format rows of a set of series, after smoothing, thinning and log filtering. */
export function lineRows(
  series: readonly Series[],
  o: { smoothing?: number; logX?: boolean; logY?: boolean; maxPoints?: number },
): XYRow[] {
  const rows: XYRow[] = [];
  const { maxPoints } = parseOptions('lineChart', rowsSchema, { maxPoints: o.maxPoints });
  for (const s of series) {
    checkSeries('lineChart', s);
    const y = o.smoothing ? ema(s.y, o.smoothing) : s.y;
    const n = s.x.length;
    const stride = strideFor(n, maxPoints);
    let segment = 0;
    let open = false;
    for (let i = 0; i < n; i += stride) {
      const j = i + stride >= n ? n - 1 : i; // keep the last point
      const xv = s.x[j]!;
      const yv = y[j]!;
      if (drawable(xv, o.logX === true) && drawable(yv, o.logY === true)) {
        rows.push({ series: s.name, seg: `${s.name} #${segment}`, x: xv, y: yv, order: j });
        open = true;
      } else if (open) {
        // A diverged (NaN) or undrawable point breaks the line: no line across it.
        segment++;
        open = false;
      }
      if (j === n - 1) break;
    }
  }
  return rows;
}

/**
 * Builds the spec of a line chart. Non-finite values (a diverged run) are left
 * out and the line is broken there (no line is drawn across them); with
 * `logY`, so are y ≤ 0.
 */
export function lineChartSpec(o: LineChartOptions): ChartSpec {
  if (!Array.isArray(o.series) || o.series.length === 0) {
    throw new RangeError('lineChart: option series must be a non-empty array');
  }
  parseOptions('lineChart', smoothingSchema, { smoothing: o.smoothing });
  const grouped = o.series.some((s) => s.group !== undefined);
  const groupOf = new Map(o.series.map((s) => [s.name, s.group ?? s.name]));
  const rows = lineRows(o.series, o).map((r) =>
    grouped ? { ...r, group: groupOf.get(r.series)! } : r,
  );
  const key = grouped ? 'group' : 'series';
  const names = grouped ? [...new Set(o.series.map((s) => s.group ?? s.name))] : namesOf(o.series);
  const dashedNames = [
    ...new Set(
      o.series.filter((s) => s.dashed).map((s) => (grouped ? (s.group ?? s.name) : s.name)),
    ),
  ];
  const legend = names.length > 1 ? legendAt(o.legend ?? 'right') : null;
  if (legend && o.legendTitle === undefined) legend.title = null;
  if (legend && o.legendTitle !== undefined) legend.title = o.legendTitle;
  // A line series is shown in the legend by a sample of its line (dashed if it is).
  if (legend) legend.symbolType = 'stroke';

  const xScale: Record<string, unknown> = { type: o.logX ? 'log' : 'linear', nice: !o.xDomain };
  if (o.xDomain) xScale.domain = o.xDomain;
  else xScale.zero = false;
  const yScale: Record<string, unknown> = { type: o.logY ? 'log' : 'linear' };
  if (o.yDomain) yScale.domain = o.yDomain;
  else if (!o.logY) yScale.zero = false;
  if (o.logX) delete xScale.zero;
  const xs = rows.map((r) => r.x);
  const width = size('width', o.width, DEFAULT_WIDTH);
  const height = size('height', o.height, DEFAULT_HEIGHT);
  const xAxis = axisFor(o.logX === true, xs, o.xDomain, o.integerX ?? allIntegers(xs), {
    length: width,
    orient: 'x',
  });
  const yAxis = axisFor(
    o.logY === true,
    rows.map((r) => r.y),
    o.yDomain,
    false,
    { length: height, orient: 'y' },
  );

  const encoding: Record<string, unknown> = {
    x: { field: 'x', type: 'quantitative', title: o.xTitle, scale: xScale, axis: xAxis },
    y: { field: 'y', type: 'quantitative', title: o.yTitle, scale: yScale, axis: yAxis },
    order: { field: 'order', type: 'quantitative' },
    detail: { field: 'seg', type: 'nominal' },
    color: {
      field: key,
      type: 'nominal',
      scale: { domain: names },
      legend,
    },
  };
  if (dashedNames.length > 0) {
    encoding.strokeDash = {
      field: key,
      type: 'nominal',
      scale: {
        domain: names,
        // Each dashed series has its own pattern, so overlapping ones stay distinguishable.
        range: names.map((n) => {
          const k = dashedNames.indexOf(n);
          return k < 0 ? [1, 0] : DASHES[k % DASHES.length]!;
        }),
      },
      legend,
    };
  }
  const lineLayer = {
    mark: { type: 'line', clip: true, ...(o.points ? { point: { size: 22 } } : {}) },
    encoding,
  };
  const layers: unknown[] = [lineLayer];
  if (o.hlines && o.hlines.length > 0) {
    layers.unshift({
      data: { values: o.hlines.map((h) => ({ y: h.y, label: h.label ?? '' })) },
      layer: [
        {
          mark: { type: 'rule', strokeDash: [2, 3], color: '#666', strokeWidth: 1 },
          encoding: { y: { field: 'y', type: 'quantitative' } },
        },
        {
          mark: {
            type: 'text',
            align: 'right',
            baseline: 'bottom',
            dx: -2,
            dy: -2,
            x: 'width',
            color: '#444',
            fontSize: 10.5,
          },
          encoding: { y: { field: 'y', type: 'quantitative' }, text: { field: 'label' } },
        },
      ],
    });
  }
  if (o.vlines && o.vlines.length > 0) {
    layers.unshift(referenceLines(o.vlines));
  }
  return finishSpec(
    {
      width,
      height,
      data: { values: rows },
      layer: layers,
    },
    o,
  );
}

/** Dotted vertical rules at x with their labels along the top edge (stage boundaries). */
function referenceLines(lines: { x: number; label?: string }[]): unknown {
  return {
    data: { values: lines.map((l) => ({ x: l.x, label: l.label ?? '' })) },
    layer: [
      {
        mark: { type: 'rule', strokeDash: [2, 3], color: '#666', strokeWidth: 1 },
        encoding: { x: { field: 'x', type: 'quantitative' } },
      },
      {
        mark: {
          type: 'text',
          align: 'left',
          baseline: 'top',
          dx: 3,
          dy: 3,
          y: 0,
          color: '#444',
          fontSize: 10.5,
        },
        encoding: { x: { field: 'x', type: 'quantitative' }, text: { field: 'label' } },
      },
    ],
  };
}
