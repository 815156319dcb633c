/**
 * Draws the report layer's Vega-Lite specifications in the page (vega-embed,
 * SVG renderer, no actions menu, nothing loaded from the network).
 */
import type { charts } from 'optlab/core';
import embed, { type Result } from 'vega-embed';

const views = new WeakMap<HTMLElement, Result>();

/** Renders `spec` into `el`, replacing what was there; returns when drawn. */
export async function draw(el: HTMLElement, spec: charts.ChartSpec, title?: string): Promise<void> {
  const width = Math.max(220, Math.min(el.clientWidth || 480, 900) - 210);
  const s = { ...(spec as Record<string, unknown>) };
  if (typeof s.width === 'number') {
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
