import { describe, expect, it } from 'vitest';
import { barChartSpec } from './bar.js';
import { renderSvg } from './render.js';

describe('bar chart on a log axis', () => {
  it('starts the bars at the bottom of the axis, not at 0 (which a log scale cannot show)', async () => {
    const spec = barChartSpec({
      title: 'errors',
      categories: ['a', 'b'],
      values: [3e-7, 2e-9],
      xTitle: 'group',
      yTitle: 'error',
      logY: true,
    }) as { layer: { encoding: { y2?: { datum: number } } }[] };
    // the smallest value is 2e-9: the power of ten below it is 1e-9
    expect(spec.layer[0]!.encoding.y2).toEqual({ datum: 1e-9 });
    const svg = await renderSvg(spec as never);
    // two bars drawn as paths with a positive height
    expect((svg.match(/<path[^>]*aria-roledescription="bar"/g) ?? []).length).toBe(2);
  });
});

describe('line chart groups', () => {
  it('colours by group with one legend entry per group, one line per series', async () => {
    const { lineChartSpec } = await import('./lineChart.js');
    const spec = lineChartSpec({
      title: 't',
      series: [
        { name: 'a #1', group: 'a', x: [1, 2], y: [1, 2] },
        { name: 'a #2', group: 'a', x: [1, 2], y: [2, 3] },
        { name: 'b #1', group: 'b', x: [1, 2], y: [3, 1], dashed: true },
      ],
      xTitle: 'x',
      yTitle: 'y',
    }) as unknown as {
      layer: { encoding: Record<string, { field?: string; scale?: { domain?: string[] } }> }[];
    };
    const enc = spec.layer.at(-1)!.encoding;
    expect(enc.color!.field).toBe('group');
    expect(enc.color!.scale!.domain).toEqual(['a', 'b']);
    expect(enc.detail!.field).toBe('seg'); // one line per series and unbroken run
    expect(enc.strokeDash!.field).toBe('group');
    const svg = await renderSvg(spec as never);
    expect((svg.match(/aria-roledescription="line mark"/g) ?? []).length).toBe(3);
  });
});
