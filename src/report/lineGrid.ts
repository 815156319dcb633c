/**
 * A grid of small line charts sharing axes and a legend (DLFS fig 6-19: training
 * accuracy with and without batch norm, one panel per weight scale, 4×4).
 */

import { parseOptions } from '../options/index.js';
import { allIntegers, axisFor } from './axes.js';
import { gridLayout } from './layout.js';
import { DASHES, lineRows } from './lineChart.js';
import {
  type ChartSpec,
  type CommonChartOptions,
  finishSpec,
  namesOf,
  type Series,
  size,
} from './spec.js';
import { type LegendPosition, legendAt } from './theme.js';

/** One panel: its title and its series (the same names across panels share a colour). */
export interface GridCell {
  title: string;
  series: (Series & { dashed?: boolean })[];
}

/** Options of {@link lineGridSpec}. */
export interface LineGridOptions extends CommonChartOptions {
  cells: GridCell[];
  /** Panels per row. Default 4. */
  columns?: number;
  xTitle: string;
  yTitle: string;
  logY?: boolean;
  /** Fixed y domain for every panel, e.g. [0, 1] for accuracy. */
  yDomain?: [number, number];
  /** EMA weight β in [0, 1); default none. */
  smoothing?: number;
  /** Give each panel its own y scale. Default false (shared, so panels compare). */
  independentY?: boolean;
  legend?: LegendPosition;
  /** Points kept per series. Default 400 (panels are small). */
  maxPoints?: number;
  /**
   * Each panel gets its own legend, at its right, and its own colours (the k-th
   * series of every panel has the k-th palette colour; series at odd positions
   * are dashed whatever their `dashed`). For panels that hold different series,
   * so no colour means two things. Default false (one shared legend).
   */
  legendPerPanel?: boolean;
}

/** Builds the spec of a grid of line charts (width/height per panel; default 150×110). */
export function lineGridSpec(o: LineGridOptions): ChartSpec {
  if (!Array.isArray(o.cells) || o.cells.length === 0) {
    throw new RangeError('lineGrid: option cells must be a non-empty array');
  }
  const { columns } = parseOptions('lineGrid', gridLayout(4), { columns: o.columns });
  const titles = o.cells.map((c) => c.title);
  if (new Set(titles).size !== titles.length) {
    throw new RangeError('lineGrid: cell titles must be unique');
  }
  const rows: { cell: string; series: string; seg: string; x: number; y: number; order: number }[] =
    [];
  const all: (Series & { dashed?: boolean })[] = [];
  for (const c of o.cells) {
    const opts: { smoothing?: number; logY?: boolean; maxPoints?: number } = {
      maxPoints: o.maxPoints ?? 400,
    };
    if (o.smoothing !== undefined) opts.smoothing = o.smoothing;
    if (o.logY !== undefined) opts.logY = o.logY;
    for (const r of lineRows(c.series, opts)) rows.push({ cell: c.title, ...r });
    all.push(...c.series);
  }
  const names = namesOf(all);
  const dashed = [...new Set(all.filter((s) => s.dashed).map((s) => s.name))];
  const legend = names.length > 1 ? legendAt(o.legend ?? 'bottom') : null;
  if (legend) {
    legend.title = null;
    legend.direction = 'horizontal';
    legend.symbolType = 'stroke';
    // Wrap a long legend into rows about as wide as the grid.
    const gridWidth = Math.min(columns, o.cells.length) * (size('width', o.width, 150) + 12);
    legend.columns = Math.max(1, Math.min(names.length, Math.floor(gridWidth / 190)));
  }
  const yScale: Record<string, unknown> = { type: o.logY ? 'log' : 'linear' };
  if (o.yDomain) yScale.domain = o.yDomain;
  else if (!o.logY) yScale.zero = false;
  const encoding: Record<string, unknown> = {
    x: {
      field: 'x',
      type: 'quantitative',
      title: o.xTitle,
      scale: { zero: false, nice: true },
      axis: {
        ...axisFor(false, [], undefined, allIntegers(rows.map((r) => r.x))),
        tickCount: 4,
      },
    },
    y: {
      field: 'y',
      type: 'quantitative',
      title: o.yTitle,
      scale: yScale,
      axis: {
        ...axisFor(
          o.logY === true,
          rows.map((r) => r.y),
          o.yDomain,
          false,
          { length: size('height', o.height, 110), orient: 'y' },
        ),
        ...(o.logY ? {} : { tickCount: 4 }),
      },
    },
    order: { field: 'order', type: 'quantitative' },
    detail: { field: 'seg', type: 'nominal' },
    color: { field: 'series', type: 'nominal', scale: { domain: names }, legend },
  };
  if (dashed.length > 0) {
    encoding.strokeDash = {
      field: 'series',
      type: 'nominal',
      scale: {
        domain: names,
        range: names.map((n) => {
          const k = dashed.indexOf(n);
          return k < 0 ? [1, 0] : DASHES[k % DASHES.length]!;
        }),
      },
      legend,
    };
  }
  if (o.legendPerPanel) {
    const perPanel = { orient: 'right', title: null, symbolType: 'stroke', offset: 6 };
    const most = Math.max(...o.cells.map((c) => c.series.length));
    encoding.color = { field: 'series', type: 'nominal', sort: null, legend: perPanel };
    encoding.strokeDash = {
      field: 'series',
      type: 'nominal',
      sort: null,
      scale: { range: Array.from({ length: most }, (_, k) => (k % 2 ? DASHES[0]! : [1, 0])) },
      legend: perPanel,
    };
  }
  const independent = o.legendPerPanel ? { color: 'independent', strokeDash: 'independent' } : {};
  return finishSpec(
    {
      data: { values: rows },
      columns,
      facet: {
        field: 'cell',
        type: 'nominal',
        sort: titles,
        title: null,
        header: { labelFontSize: 11.5, labelPadding: 4 },
      },
      spacing: { column: 12, row: 16 },
      spec: {
        width: size('width', o.width, 150),
        height: size('height', o.height, 110),
        mark: { type: 'line', clip: true, strokeWidth: 1.5 },
        encoding,
      },
      resolve: { scale: { y: o.independentY ? 'independent' : 'shared', ...independent } },
    },
    o,
  );
}
