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
