/**
 * Shared pieces of the chart builders: the series type, the finishing touches
 * every top-level spec gets (schema, title, theme), and data clean-up.
 */

import { z } from 'zod';
import { parseOptions } from '../options/index.js';
import { richText, richTextDeep } from './text.js';
import { baseConfig } from './theme.js';

/** A chart dimension in pixels. */
const dimension = z.number().finite().min(20).max(4000);

/**
 * A Vega-Lite specification (plain JSON; `$schema` names the version,
 * {@link VEGA_LITE_SCHEMA}), ready for `renderSvg` or `vega-embed`. Typed as
 * plain JSON rather than vega-lite's `TopLevelSpec` so that optlab's public
 * declarations do not depend on vega-lite's typings (which need the DOM
 * library); pass it to vega-lite's or vega-embed's functions with a cast.
 */
export interface ChartSpec {
  $schema?: string;
  [key: string]: unknown;
}

/** One named curve. */
export interface Series {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

/** Options every chart builder accepts. */
export interface CommonChartOptions {
  /** Figure title (required: every figure says what it shows). */
  title: string;
  /** Second title line in smaller grey type. */
  subtitle?: string;
  /** Plot-area width in px (per panel for small multiples). */
  width?: number;
  /** Plot-area height in px (per panel for small multiples). */
  height?: number;
}

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Adds the schema, the title block and the shared theme to a spec body. */
export function finishSpec(body: Record<string, unknown>, o: CommonChartOptions): ChartSpec {
  if (typeof o.title !== 'string' || o.title.length === 0) {
    throw new TypeError('chart: option title must be a non-empty string');
  }
  const title: Record<string, unknown> = { text: richText(o.title) };
  if (o.subtitle !== undefined) title.subtitle = richText(o.subtitle);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    ...richTextDeep(body),
    config: baseConfig(),
  } as unknown as ChartSpec;
}

/** Checks a dimension option and returns it or its default. */
export function size(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  return parseOptions('chart', z.object({ [name]: dimension }), { [name]: value })[name] as number;
}

/** True when v can be drawn on a scale of the given type. */
export function drawable(v: number, log: boolean): boolean {
  return Number.isFinite(v) && (!log || v > 0);
}

/**
 * Index stride that keeps at most `maxPoints` of n points (always keeping the
 * last one): 1 when no thinning is needed.
 */
export function strideFor(n: number, maxPoints: number): number {
  return n <= maxPoints ? 1 : Math.ceil(n / maxPoints);
}

/** Checks that a series has equal-length x and y. */
export function checkSeries(where: string, s: Series): void {
  if (s.x.length !== s.y.length) {
    throw new RangeError(
      `${where}: series '${s.name}' has ${s.x.length} x values but ${s.y.length} y values`,
    );
  }
}

/** Unique series names in first-seen order (the legend order). */
export function namesOf(series: readonly { name: string }[]): string[] {
  return [...new Set(series.map((s) => s.name))];
}
