/**
 * Bar chart: one value per category, optionally grouped by series (e.g. final
 * test accuracy per optimiser, with and without a regulariser).
 */
import { axisFor } from './axes.js';
import { type ChartSpec, type CommonChartOptions, finishSpec, size } from './spec.js';
import { DEFAULT_HEIGHT, DEFAULT_WIDTH, type LegendPosition, legendAt } from './theme.js';

/** Options of {@link barChartSpec}. */
export interface BarChartOptions extends CommonChartOptions {
  /** Category of each bar (x axis), in display order of first appearance. */
  categories: readonly string[];
  values: ArrayLike<number>;
  /** Series of each bar: bars of one category are placed side by side. */
  groups?: readonly string[];
  /**
   * Kind of each bar, for colour and legend only (bars stay one per category),
   * e.g. 'greedy stage' vs 'random init (baseline)'.
   */
  kinds?: readonly string[];
  /** Half-width of an error bar per value (e.g. a standard deviation). */
  errors?: ArrayLike<number>;
  xTitle: string;
  yTitle: string;
  logY?: boolean;
  yDomain?: [number, number];
  /** Print each value above its bar with this d3 format (e.g. '.3f'). Default none. */
  labelFormat?: string;
  legend?: LegendPosition;
}

/** Builds a (grouped) bar-chart spec. */
export function barChartSpec(o: BarChartOptions): ChartSpec {
  const n = o.categories.length;
  if (
    o.values.length !== n ||
    (o.groups && o.groups.length !== n) ||
    (o.kinds && o.kinds.length !== n) ||
    (o.errors && o.errors.length !== n)
  ) {
    throw new RangeError(
      'barChart: categories, values, groups, kinds and errors must have equal lengths',
    );
  }
  const rows: { cat: string; group: string; kind: string; v: number; lo: number; hi: number }[] =
    [];
  for (let i = 0; i < n; i++) {
    const v = o.values[i]!;
    if (!Number.isFinite(v) || (o.logY && v <= 0)) continue;
    const e = o.errors ? o.errors[i]! : 0;
    rows.push({
      cat: o.categories[i]!,
      group: o.groups ? o.groups[i]! : '',
      kind: o.kinds ? o.kinds[i]! : '',
      v,
      lo: v - e,
      hi: v + e,
    });
  }
  const cats = [...new Set(o.categories)];
  const groups = o.groups ? [...new Set(o.groups)] : [];
  const grouped = groups.length > 1;
  const yScale: Record<string, unknown> = { type: o.logY ? 'log' : 'linear' };
  if (o.yDomain) yScale.domain = o.yDomain;
  const width = size('width', o.width, DEFAULT_WIDTH);
  const x = {
    field: 'cat',
    type: 'nominal',
    sort: cats,
    title: o.xTitle,
    // Every category keeps its label: turned when the labels would not fit side by side.
    axis: {
      labelAngle: labelAngleFor(cats, width),
      labelOverlap: false,
      labelLimit: 400,
      grid: false,
    },
    scale: { paddingInner: 0.25, paddingOuter: 0.15 },
  };
  const y = {
    field: 'v',
    type: 'quantitative',
    title: o.yTitle,
    scale: yScale,
    axis: axisFor(
      o.logY === true,
      rows.map((r) => r.v),
      o.yDomain,
    ),
  };
  const kinds = o.kinds ? [...new Set(o.kinds)] : [];
  const legend = grouped || kinds.length > 1 ? legendAt(o.legend ?? 'right') : null;
  if (legend) legend.title = null;
  const offset = grouped ? { xOffset: { field: 'group', type: 'nominal', sort: groups } } : {};
  // On a log axis a bar cannot start at 0: it starts at the bottom of the axis
  // (the domain's lower end, or the power of ten at or below the smallest value).
  const minV = rows.reduce((m, r) => Math.min(m, r.v), Number.POSITIVE_INFINITY);
  const base = o.yDomain?.[0] ?? (Number.isFinite(minV) ? 10 ** Math.floor(Math.log10(minV)) : 1);
  const barEnc: Record<string, unknown> = {
    x,
    y,
    ...(o.logY ? { y2: { datum: base } } : {}),
    ...offset,
    color: grouped
      ? { field: 'group', type: 'nominal', scale: { domain: groups }, legend }
      : kinds.length > 1
        ? {
            field: 'kind',
            type: 'nominal',
            scale: {
              domain: kinds,
              range: kinds.map((_, k) => KIND_COLORS[k % KIND_COLORS.length]),
            },
            legend,
          }
        : { value: '#1f77b4' },
  };
  const layers: unknown[] = [{ mark: { type: 'bar', clip: true }, encoding: barEnc }];
  if (o.errors) {
    layers.push({
      mark: { type: 'rule', color: '#000', strokeWidth: 1.2, clip: true },
      encoding: { x, ...offset, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
    });
  }
  if (o.labelFormat) {
    layers.push({
      mark: { type: 'text', baseline: 'bottom', dy: -3, fontSize: 10.5, color: '#222' },
      encoding: {
        x,
        ...offset,
        y: { field: o.errors ? 'hi' : 'v', type: 'quantitative' },
        text: { field: 'v', type: 'quantitative', format: o.labelFormat },
      },
    });
  }
  return finishSpec(
    {
      width,
      height: size('height', o.height, DEFAULT_HEIGHT),
      data: { values: rows },
      layer: layers,
    },
    o,
  );
}

/** Colours of bar kinds: blue, orange, then grey (e.g. for a baseline), green, purple. */
const KIND_COLORS = ['#1f77b4', '#ff7f0e', '#8c8c8c', '#2ca02c', '#9467bd'];

/** Approximate width of a label in px at the axis font (DejaVu Sans 11 px: ~0.6 em per character). */
function labelWidth(s: string): number {
  return [...s].length * 6.6;
}

/**
 * Angle of the category labels: level when the widest fits its band, −40° when
 * slanted labels fit (a slanted label needs ~20 px of band), else vertical.
 */
export function labelAngleFor(cats: readonly string[], width: number): number {
  const band = width / Math.max(1, cats.length);
  const widest = Math.max(0, ...cats.map(labelWidth));
  if (widest <= 0.92 * band) return 0;
  return band >= 20 ? -40 : -90;
}
