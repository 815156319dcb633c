/**
 * Side-by-side panels made of finished chart specs, each keeping its own axes,
 * axis titles and legend (e.g. Deep Learning fig 8.1: the gradient norm on the
 * left, the classification error on the right, each axis naming its quantity).
 */

import { parseOptions } from '../options/index.js';
import { gridLayout } from './layout.js';
import { type ChartSpec, type CommonChartOptions, finishSpec } from './spec.js';

/** Options of {@link panelsSpec}. */
export interface PanelsOptions extends CommonChartOptions {
  /** Finished specs (from the other builders); their titles become panel titles. */
  panels: ChartSpec[];
  /** Panels per row. Default: all in one row. */
  columns?: number;
}

/** Builds one figure of several panels with independent scales and legends. */
export function panelsSpec(o: PanelsOptions): ChartSpec {
  if (!Array.isArray(o.panels) || o.panels.length === 0) {
    throw new RangeError('panels: option panels must be a non-empty array');
  }
  const { columns } = parseOptions('panels', gridLayout(o.panels.length), { columns: o.columns });
  const concat = o.panels.map((p) => {
    const { $schema: _s, config: _c, title, ...rest } = p as unknown as Record<string, unknown>;
    const t = title as { text?: string; subtitle?: string } | undefined;
    return { ...rest, ...(t?.text ? { title: { text: t.text, fontSize: 13 } } : {}) };
  });
  return finishSpec(
    {
      columns,
      concat,
      resolve: { scale: { color: 'independent', strokeDash: 'independent' } },
    },
    o,
  );
}
