/**
 * Draws the report layer's Vega-Lite specifications in the page (vega-embed,
 * SVG renderer, no actions menu, nothing loaded from the network). The plot
 * width follows the container; on a narrow container the legends move below
 * the plot.
 */
import type { charts } from 'optlab/core';
import embed, { type Result } from 'vega-embed';

const views = new WeakMap<HTMLElement, Result>();

/** Every `legend: {orient: 'right'}` of a spec moved to the bottom. */
function legendsBelow(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(legendsBelow);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    out[k] =
      k === 'legend' && x && typeof x === 'object' && (x as { orient?: string }).orient === 'right'
        ? { ...(x as object), orient: 'bottom', columns: 2 }
        : legendsBelow(x);
  }
  return out;
}

/** Renders `spec` into `el`, replacing what was there; returns when drawn. */
export async function draw(el: HTMLElement, spec: charts.ChartSpec, title?: string): Promise<void> {
  const avail = Math.min(el.clientWidth || 480, 900);
  const narrow = avail < 560;
  let s = { ...(spec as unknown as Record<string, unknown>) };
  if (narrow) s = legendsBelow(s) as Record<string, unknown>;
  if (typeof s.width === 'number') {
    const width = Math.max(200, avail - (narrow ? 90 : 210));
    const h = typeof s.height === 'number' ? s.height : 300;
    const ratio = h / (s.width as number);
    s.width = width;
    s.height = Math.round(Math.min(360, Math.max(160, width * ratio)));
  }
  const old = views.get(el);
  const res = await embed(el, s as never, { actions: false, renderer: 'svg' });
  old?.finalize();
  views.set(el, res);
  const svg = el.querySelector('svg');
  if (svg) {
    svg.setAttribute('role', 'img');
    if (title) svg.setAttribute('aria-label', title);
  }
}
