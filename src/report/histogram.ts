/**
 * Histograms in small multiples (DLFS figs 6-10 to 6-14: the activations of each
 * layer, one panel per layer, a row per initialisation).
 */

import { z } from 'zod';
import { count, parseOptions } from '../options/index.js';
import { axisFor } from './axes.js';
import { type ChartSpec, type CommonChartOptions, finishSpec, size } from './spec.js';

/** One bin: [x0, x1) (the last bin of a range includes x1) and its count. */
export interface Bin {
  x0: number;
  x1: number;
  count: number;
}

/**
 * Counts `values` into `binCount` equal bins over `range` (default: the finite
 * min and max), as NumPy's `histogram(values, binCount, range)`: values outside
 * the range and non-finite values are not counted; the last bin is closed.
 */
export function histogramBins(
  values: ArrayLike<number>,
  binCount = 30,
  range?: readonly [number, number],
): Bin[] {
  parseOptions('histogram', z.object({ binCount: count() }), { binCount });
  let lo = range ? range[0] : Number.POSITIVE_INFINITY;
  let hi = range ? range[1] : Number.NEGATIVE_INFINITY;
  if (!range) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (!Number.isFinite(lo)) {
      lo = 0;
      hi = 1;
    }
  }
  if (!(hi >= lo))
    throw new RangeError(`histogram: option range must satisfy lo <= hi, got [${lo}, ${hi}]`);
  if (hi === lo) {
    lo -= 0.5; // NumPy's convention for a degenerate range
    hi += 0.5;
  }
  const counts = new Float64Array(binCount);
  const scale = binCount / (hi - lo);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= lo && v <= hi)) continue;
    let k = Math.floor((v - lo) * scale);
    if (k >= binCount) k = binCount - 1;
    counts[k]! += 1;
  }
  const bins: Bin[] = [];
  for (let k = 0; k < binCount; k++) {
    bins.push({
      x0: lo + (hi - lo) * (k / binCount),
      x1: lo + (hi - lo) * ((k + 1) / binCount),
      count: counts[k]!,
    });
  }
  return bins;
}

/** One panel of a histogram grid: raw values or precomputed bins. */
export interface HistogramPanel {
  /** Column label, e.g. "layer 1". */
  column: string;
  /** Row label, e.g. "Xavier" (all panels without a row form a single row). */
  row?: string;
  values?: ArrayLike<number>;
  bins?: Bin[];
}

/** Options of {@link histogramGridSpec}. */
export interface HistogramGridOptions extends CommonChartOptions {
  panels: HistogramPanel[];
  /** Bins per panel for raw values. Default 30 (as DLFS). */
  binCount?: number;
  /** Bin range for raw values; default the common min..max of all panels. */
  range?: [number, number];
  xTitle: string;
  /** Default 'count' ('fraction' when normalize). */
  yTitle?: string;
  /** Show each bin's share of its panel's values instead of counts. Default false. */
  normalize?: boolean;
  /**
   * Each panel gets its own y scale (and axis, without title). Default false:
   * one shared scale, so panels compare and only the left column has an axis.
   */
  independentY?: boolean;
  /** Bar colour. Default the first palette colour. */
  color?: string;
}

/** Builds the small-multiples histogram spec (width/height are per panel; default 150×120). */
export function histogramGridSpec(o: HistogramGridOptions): ChartSpec {
  if (!Array.isArray(o.panels) || o.panels.length === 0) {
    throw new RangeError('histogramGrid: option panels must be a non-empty array');
  }
  let range = o.range;
  if (!range) {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const p of o.panels) {
      const v = p.values;
      if (!v) continue;
      for (let i = 0; i < v.length; i++) {
        const x = v[i]!;
        if (!Number.isFinite(x)) continue;
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
    }
    if (Number.isFinite(lo)) range = [lo, hi];
  }
  const rows: { row: string; column: string; x0: number; x1: number; y: number }[] = [];
  const columns: string[] = [];
  const rowNames: string[] = [];
  for (const p of o.panels) {
    if (!columns.includes(p.column)) columns.push(p.column);
    const rowName = p.row ?? '';
    if (!rowNames.includes(rowName)) rowNames.push(rowName);
    const bins =
      p.bins ?? (p.values ? histogramBins(p.values, o.binCount ?? 30, range) : undefined);
    if (!bins) throw new TypeError(`histogramGrid: panel '${p.column}' needs values or bins`);
    let total = 0;
    for (const b of bins) total += b.count;
    for (const b of bins) {
      rows.push({
        row: rowName,
        column: p.column,
        x0: b.x0,
        x1: b.x1,
        y: o.normalize ? b.count / (total || 1) : b.count,
      });
    }
  }
  const hasRows = rowNames.length > 1 || rowNames[0] !== '';
  const facet: Record<string, unknown> = {
    column: {
      field: 'column',
      type: 'nominal',
      sort: columns,
      title: null,
      header: { labelFontSize: 12.5 },
    },
  };
  if (hasRows) {
    facet.row = {
      field: 'row',
      type: 'nominal',
      sort: rowNames,
      title: null,
      header: { labelAngle: -90, labelFontSize: 12.5, labelOrient: 'left' },
    };
  }
  const xAxis = { ...axisFor(false, []), tickCount: 4, grid: false };
  return finishSpec(
    {
      data: { values: rows },
      facet,
      spacing: { column: 10, row: 20 },
      spec: {
        width: size('width', o.width, 150),
        height: size('height', o.height, 120),
        mark: { type: 'bar', color: o.color ?? '#1f77b4', stroke: '#fff', strokeWidth: 0.3 },
        encoding: {
          x: {
            field: 'x0',
            type: 'quantitative',
            title: o.xTitle,
            scale: { zero: false, nice: false },
            axis: xAxis,
          },
          x2: { field: 'x1' },
          y2: { datum: 0 },
          y: {
            field: 'y',
            type: 'quantitative',
            scale: { zero: true, nice: true },
            // With independent scales every panel has an axis: keep the title off.
            title: o.independentY ? null : (o.yTitle ?? (o.normalize ? 'fraction' : 'count')),
            axis: { ...axisFor(false, []), tickCount: 4, gridColor: '#eee' },
          },
        },
      },
      resolve: { scale: { y: o.independentY ? 'independent' : 'shared' } },
    },
    o,
  );
}
