/**
 * Scatter plot (DLFS fig 6-24 style hyper-parameter search results: learning
 * rate against weight decay on log axes, coloured by validation accuracy).
 */
import { axisFor } from './axes.js';
import { type ChartSpec, type CommonChartOptions, drawable, finishSpec, size } from './spec.js';
import { DEFAULT_HEIGHT, DEFAULT_WIDTH, type LegendPosition, legendAt } from './theme.js';

/** Options of {@link scatterSpec}. */
export interface ScatterOptions extends CommonChartOptions {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Colour per point: numbers (a continuous scale with a gradient legend) or group names. */
  color?: ArrayLike<number> | readonly string[];
  colorTitle?: string;
  /** Reverse the continuous colour scale (for "lower is better" values such as a loss). */
  colorReverse?: boolean;
  xTitle: string;
  yTitle: string;
  logX?: boolean;
  logY?: boolean;
  xDomain?: [number, number];
  yDomain?: [number, number];
  /** Indices of points to ring in black (e.g. the best trials). */
  highlight?: number[];
  /** Point area in px². Default 55. */
  pointSize?: number;
  legend?: LegendPosition;
}

/** Builds a scatter-plot spec; points that cannot be drawn (NaN, ≤ 0 on log axes) are dropped. */
export function scatterSpec(o: ScatterOptions): ChartSpec {
  const n = o.x.length;
  if (o.y.length !== n || (o.color && o.color.length !== n)) {
    throw new RangeError(
      `scatter: x, y and color must have equal lengths, got ${n}, ${o.y.length}, ${o.color?.length}`,
    );
  }
  const numeric = o.color !== undefined && n > 0 && typeof o.color[0] === 'number';
  const highlight = new Set(o.highlight ?? []);
  const rows: { x: number; y: number; c?: number | string; hi: boolean }[] = [];
  for (let i = 0; i < n; i++) {
    const x = o.x[i]!;
    const y = o.y[i]!;
    if (!drawable(x, o.logX === true) || !drawable(y, o.logY === true)) continue;
    const row: { x: number; y: number; c?: number | string; hi: boolean } = {
      x,
      y,
      hi: highlight.has(i),
    };
    if (o.color) {
      const c = o.color[i]!;
      if (numeric && !Number.isFinite(c as number)) continue;
      row.c = c;
    }
    rows.push(row);
  }
  const scale = (log: boolean | undefined, domain?: [number, number]): Record<string, unknown> => {
    const s: Record<string, unknown> = { type: log ? 'log' : 'linear' };
    if (domain) s.domain = domain;
    else if (!log) s.zero = false;
    return s;
  };
  const encoding: Record<string, unknown> = {
    x: {
      field: 'x',
      type: 'quantitative',
      title: o.xTitle,
      scale: scale(o.logX, o.xDomain),
      axis: axisFor(
        o.logX === true,
        rows.map((r) => r.x),
        o.xDomain,
      ),
    },
    y: {
      field: 'y',
      type: 'quantitative',
      title: o.yTitle,
      scale: scale(o.logY, o.yDomain),
      axis: axisFor(
        o.logY === true,
        rows.map((r) => r.y),
        o.yDomain,
      ),
    },
  };
  if (o.color) {
    const legend = legendAt(o.legend ?? 'right');
    if (legend) legend.title = o.colorTitle ?? null;
    encoding.color = numeric
      ? {
          field: 'c',
          type: 'quantitative',
          scale: { scheme: 'viridis', ...(o.colorReverse ? { reverse: true } : {}) },
          legend: legend && { ...legend, gradientLength: 180, gradientThickness: 12 },
        }
      : { field: 'c', type: 'nominal', legend };
  }
  const layers: unknown[] = [
    {
      mark: {
        type: 'point',
        filled: true,
        size: o.pointSize ?? 55,
        opacity: 0.9,
        stroke: '#333',
        strokeWidth: 0.4,
      },
      encoding,
    },
  ];
  if (highlight.size > 0) {
    layers.push({
      transform: [{ filter: 'datum.hi' }],
      mark: {
        type: 'point',
        filled: false,
        size: 2.6 * (o.pointSize ?? 55),
        color: '#000',
        strokeWidth: 1.3,
      },
      encoding: {
        x: { field: 'x', type: 'quantitative' },
        y: { field: 'y', type: 'quantitative' },
      },
    });
  }
  return finishSpec(
    {
      width: size('width', o.width, DEFAULT_WIDTH),
      height: size('height', o.height, DEFAULT_HEIGHT),
      data: { values: rows },
      layer: layers,
    },
    o,
  );
}
