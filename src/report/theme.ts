/**
 * The look of every optlab figure: a Vega-Lite `config` in the manner of a
 * textbook plot (white background, thin black axes with outward ticks, a faint
 * grid, matplotlib's "tab10" colours, DejaVu Sans). Pure data: the browser lab
 * uses the same config.
 */
import type { Config } from 'vega-lite';

/** Font stack: DejaVu Sans (shipped with optlab) first, then common fallbacks for browsers. */
export const FONT_STACK = "'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif";

/** matplotlib's tab10 palette, the colours of the books' figures. */
export const PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
] as const;

/** Default plot-area size of a single chart, in CSS pixels. */
export const DEFAULT_WIDTH = 480;
export const DEFAULT_HEIGHT = 300;

/**
 * The shared Vega-Lite config (checked against vega-lite's `Config` here;
 * plain JSON in the public declarations, which must not need vega-lite's typings).
 */
export function baseConfig(): Record<string, unknown> {
  const config: Config = {
    font: FONT_STACK,
    background: 'white',
    padding: 12,
    view: { stroke: '#000', strokeWidth: 0.8 },
    range: { category: [...PALETTE] },
    title: {
      fontSize: 15,
      fontWeight: 'normal',
      anchor: 'middle',
      offset: 10,
      subtitleFontSize: 12,
      subtitleColor: '#444',
    },
    axis: {
      domainColor: '#000',
      domainWidth: 0.8,
      tickColor: '#000',
      tickWidth: 0.8,
      tickSize: 4,
      labelFontSize: 11,
      labelColor: '#000',
      titleFontSize: 12.5,
      titleFontWeight: 'normal',
      titleColor: '#000',
      titlePadding: 8,
      gridColor: '#e6e6e6',
      gridWidth: 0.7,
      labelFlush: false,
      labelOverlap: true,
    },
    legend: {
      labelFontSize: 11.5,
      titleFontSize: 12,
      titleFontWeight: 'normal',
      symbolStrokeWidth: 2.2,
      symbolSize: 160,
      rowPadding: 4,
      padding: 6,
      strokeColor: '#bbb',
      fillColor: 'rgba(255,255,255,0.92)',
      cornerRadius: 3,
      labelLimit: 260,
    },
    header: {
      labelFontSize: 12.5,
      titleFontSize: 13,
      titleFontWeight: 'normal',
      labelPadding: 6,
    },
    line: { strokeWidth: 1.8, strokeCap: 'round', strokeJoin: 'round' },
    point: { size: 28, filled: true },
    bar: { stroke: null },
    concat: { spacing: 18 },
    facet: { spacing: 14 },
  };
  return config as Record<string, unknown>;
}

/** Where a legend goes. `'inside'` puts it in the top-right corner of the plot. */
export type LegendPosition =
  | 'right'
  | 'bottom'
  | 'top-right'
  | 'top-left'
  | 'bottom-left'
  | 'bottom-right'
  | 'none';

/** Vega-Lite legend properties for a position. */
export function legendAt(position: LegendPosition): Record<string, unknown> | null {
  if (position === 'none') return null;
  if (position === 'right' || position === 'bottom') return { orient: position };
  return { orient: position, offset: 8 };
}
