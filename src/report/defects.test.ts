/**
 * One test per chart defect that issue 13 found in many figures, checked on the
 * rendered SVG (what a reader sees), not on the spec.
 */
import { describe, expect, it } from 'vitest';
import { decadeTicks, logTickLabels } from './axes.js';
import { barChartSpec } from './bar.js';
import { contourGridSpec } from './contourGrid.js';
import { contourPlotSpec } from './contourPlot.js';
import { lineChartSpec } from './lineChart.js';
import { lineGridSpec } from './lineGrid.js';
import { renderSvg } from './render.js';
import { richText, SUB_OPEN } from './text.js';

/** Text content of the <text> elements of one role (axis-label, legend-label, …), or all. */
function texts(svg: string, role?: string): string[] {
  const out: string[] = [];
  const re = role
    ? new RegExp(`role-${role}"[^>]*>((?:<text[^>]*>.*?</text>)+)`, 'g')
    : /(<text[^>]*>.*?<\/text>)/g;
  for (const m of svg.matchAll(re)) {
    for (const t of m[1]!.matchAll(/<text[^>]*>(.*?)<\/text>/g)) {
      out.push(t[1]!.replace(/<[^>]+>/g, '').replaceAll('&amp;', '&'));
    }
  }
  return out;
}

const epochs = [1, 2, 3];

describe('log axes: a label at every decade, one format per axis', () => {
  it('labels each of 10⁻⁸ … 10⁰ on a 9-decade axis, all as powers of ten', async () => {
    const x = Array.from({ length: 40 }, (_, i) => i);
    const svg = await renderSvg(
      lineChartSpec({
        title: 't',
        xTitle: 'step',
        yTitle: 'error',
        logY: true,
        series: [{ name: 'e', x, y: x.map((i) => 10 ** (-i / 5)) }],
      }),
    );
    const labels = texts(svg, 'axis-label');
    for (let k = -8; k <= 0; k++) {
      const label = k === 0 ? '10⁰' : `10⁻${'⁰¹²³⁴⁵⁶⁷⁸⁹'[-k]}`;
      expect(labels).toContain(label);
    }
    // no plain-number or e-notation label beside them on the y axis
    expect(labels.filter((l) => /e-|^0\.0/.test(l))).toEqual([]);
  });

  it('uses plain numbers when every decade is between 0.001 and 10000, 1-2-5 on short spans', () => {
    expect(logTickLabels(decadeTicks(0.002, 300)!)).toEqual([
      '0.001',
      '0.01',
      '0.1',
      '1',
      '10',
      '100',
      '1000',
    ]);
    expect(decadeTicks(0.3, 4)).toEqual([0.1, 0.2, 0.5, 1, 2, 5, 10]);
    expect(logTickLabels([1e-6, 1e-5, 1e5])).toEqual(['10⁻⁶', '10⁻⁵', '10⁵']);
    expect(logTickLabels([2e-6, 5e-6])).toEqual(['2×10⁻⁶', '5×10⁻⁶']);
  });
});

describe('legends of line series', () => {
  it('show a sample of the line (a horizontal stroke, dashed for a dashed series), not a dot', async () => {
    const svg = await renderSvg(
      lineChartSpec({
        title: 't',
        xTitle: 'x',
        yTitle: 'y',
        points: true,
        series: [
          { name: 'solid', x: epochs, y: [1, 2, 3] },
          { name: 'dashed', x: epochs, y: [3, 2, 1], dashed: true },
        ],
      }),
    );
    const symbols = [...svg.matchAll(/role-legend-symbol"[^>]*><path[^>]*d="([^"]*)"[^>]*>/g)];
    expect(symbols).toHaveLength(2);
    for (const s of symbols) expect(s[1]).toMatch(/^M-?[\d.]+,0L[\d.]+,0$/);
    expect(symbols[1]![0]).toContain('stroke-dasharray="6,4"');
  });

  it('in a grid of line charts too', async () => {
    const svg = await renderSvg(
      lineGridSpec({
        title: 't',
        xTitle: 'epoch',
        yTitle: 'acc',
        cells: [
          {
            title: 'a',
            series: [
              { name: 'p', x: epochs, y: [1, 2, 3] },
              { name: 'q', x: epochs, y: [2, 2, 2] },
            ],
          },
        ],
      }),
    );
    const symbols = [...svg.matchAll(/role-legend-symbol"[^>]*><path[^>]*d="([^"]*)"/g)];
    expect(symbols.length).toBe(2);
    for (const s of symbols) expect(s[1]).toMatch(/,0L/);
  });
});

describe('integer quantities', () => {
  it('an epoch axis over 1..3 has integer tick labels only', async () => {
    const svg = await renderSvg(
      lineChartSpec({
        title: 't',
        xTitle: 'epoch',
        yTitle: 'accuracy',
        series: [{ name: 'a', x: epochs, y: [0.5, 0.7, 0.8] }],
      }),
    );
    const labels = texts(svg, 'axis-label');
    for (const e of ['1', '2', '3']) expect(labels).toContain(e);
    // the x labels are the integers; only the y axis has decimals
    expect(labels.filter((l) => /^[12]\.\d$/.test(l))).toEqual([]);
  });
});

describe('subscripts and superscripts', () => {
  it('are rendered in Unicode where it has them, as tspans where it does not', async () => {
    expect(richText('x_{t−1}')).toBe('xₜ₋₁');
    expect(richText('θ_{k+1} − θ_k')).toBe('θₖ₊₁ − θₖ');
    expect(richText('W_h')).toBe('Wₕ');
    expect(richText('10^{-3}')).toBe('10⁻³');
    expect(richText('he_normal and snake_case, test_acc')).toBe(
      'he_normal and snake_case, test_acc',
    );
    expect(richText('N(0, 1/n_in)')).toBe('N(0, 1/nᵢₙ)');
    expect(richText('x_T')).toBe(`x${SUB_OPEN}T\uE001`);
    const svg = await renderSvg(
      lineChartSpec({
        title: 'x_t = w σ(x_{t−1}) + b',
        subtitle: 'loss (x_T − 0.7)²',
        xTitle: 'θ_{k+1}',
        yTitle: 'W_h',
        series: [
          { name: 'x_{t−1}', x: epochs, y: [1, 2, 3] },
          { name: 'b_T', x: epochs, y: [2, 1, 2] },
        ],
      }),
    );
    const all = texts(svg);
    for (const t of ['xₜ = w σ(xₜ₋₁) + b', 'θₖ₊₁', 'Wₕ', 'xₜ₋₁', 'bT', 'loss (xT − 0.7)²']) {
      expect(all).toContain(t);
    }
    expect(all.filter((t) => t.includes('_') || t.includes('{'))).toEqual([]);
    expect(svg).toMatch(/<tspan baseline-shift="sub" font-size="[\d.]+px">T<\/tspan>/);
    expect(svg).not.toMatch(/[\uE000-\uE003]/);
  });
});

describe('bar charts keep every label', () => {
  it('14 long category names: every one is drawn, turned when they would collide', async () => {
    const cats = Array.from({ length: 14 }, (_, i) => `stage ${i + 1}: layer ${i + 1} trained`);
    const spec = barChartSpec({
      title: 'stages',
      categories: cats,
      values: cats.map((_, i) => i / 14),
      xTitle: 'stage',
      yTitle: 'accuracy',
      labelFormat: '.2f',
    });
    const svg = await renderSvg(spec);
    const labels = texts(svg, 'axis-label');
    for (const c of cats) expect(labels).toContain(c);
    expect(svg).toMatch(/rotate\(-(40|90)\)/);
    // every bar's value is printed too
    expect(texts(svg).filter((t) => /^0\.\d\d$/.test(t)).length).toBe(14);
  });
});

describe('contour plots', () => {
  const f = (x: number, y: number) => (x * x) / 20 + y * y;
  const base = {
    title: 'bowl',
    f,
    xRange: [-10, 10] as [number, number],
    yRange: [-5, 5] as [number, number],
    resolution: 61,
    levelCount: 6,
    minimum: [0, 0] as [number, number],
    equalAspect: true,
  };

  it('fill the levels, show a colour bar, mark start, end and saddles, keep the aspect', async () => {
    const spec = contourPlotSpec({
      ...base,
      paths: [{ name: 'SGD', x: [-7, -3, 0.5], y: [2, -1, 0.25] }],
      saddles: [[5, 2]],
      valueTitle: 'f(x, y)',
    });
    const svg = await renderSvg(spec);
    expect(svg).toContain('role-legend-band'); // the colour bar (discrete bands)
    expect(texts(svg)).toEqual(expect.arrayContaining(['f(x, y)', 'start', 'saddle']));
    // filled bands: several fill colours among the rect marks
    const fills = new Set(
      [...svg.matchAll(/aria-roledescription="rect mark" d="[^"]*" fill="(#[0-9a-f]{6})"/g)].map(
        (m) => m[1],
      ),
    );
    expect(fills.size).toBeGreaterThanOrEqual(5);
    // the end point: a square in the path's colour at (0.5, 0.25)
    expect(svg).toMatch(/aria-label="x: 0\.5; y: 0\.25; color: #1f77b4"[^>]*d="M-[\d.]+,-[\d.]+h/);
    const s = spec as unknown as { width: number; height: number };
    expect(s.height / s.width).toBeCloseTo(10 / 20, 10);
  });

  it('small multiples: one panel per method, each with its own title and one shared colour bar', async () => {
    const svg = await renderSvg(
      contourGridSpec({
        ...base,
        panels: ['SGD', 'Momentum', 'AdaGrad', 'Adam'].map((t, i) => ({
          title: t,
          paths: [{ name: t, x: [-7, -2 - i, 0], y: [2, 1, 0] }],
        })),
      }),
    );
    const all = texts(svg);
    for (const t of ['SGD', 'Momentum', 'AdaGrad', 'Adam']) expect(all).toContain(t);
    expect(svg.match(/role-legend-band/g)).toHaveLength(1);
    expect(all.filter((t) => t === 'start')).toHaveLength(4);
  });
});

describe('reference lines', () => {
  it('vertical lines carry their labels (stage boundaries)', async () => {
    const svg = await renderSvg(
      lineChartSpec({
        title: 't',
        xTitle: 'update',
        yTitle: 'accuracy',
        series: [{ name: 'a', x: [0, 100, 200], y: [0.1, 0.5, 0.9] }],
        vlines: [
          { x: 50, label: 'layer 2 added' },
          { x: 150, label: 'fine-tuning' },
        ],
      }),
    );
    expect(texts(svg)).toEqual(expect.arrayContaining(['layer 2 added', 'fine-tuning']));
  });
});

describe('diverged runs', () => {
  it('a NaN breaks the line: no segment is drawn across it', async () => {
    const svg = await renderSvg(
      lineChartSpec({
        title: 't',
        xTitle: 'w',
        yTitle: 'accuracy',
        series: [{ name: 'a', x: [1, 2, 3, 4, 5], y: [0.5, 0.6, Number.NaN, 0.7, 0.8] }],
      }),
    );
    // two line marks (points 1-2 and 4-5), each a path of one segment
    const paths = [...svg.matchAll(/aria-roledescription="line mark" d="([^"]*)"/g)].map(
      (m) => m[1]!,
    );
    expect(paths).toHaveLength(2);
    for (const d of paths) expect(d.match(/L/g)).toHaveLength(1);
  });
});

describe('panels', () => {
  it('side-by-side panels keep their own axis titles (each axis names its quantity)', async () => {
    const { panelsSpec } = await import('./panels.js');
    const svg = await renderSvg(
      panelsSpec({
        title: 'two quantities',
        panels: [
          lineChartSpec({
            title: 'left',
            xTitle: 'epoch',
            yTitle: 'gradient norm ‖g‖',
            series: [{ name: 'a', x: epochs, y: [1, 2, 1] }],
          }),
          lineChartSpec({
            title: 'right',
            xTitle: 'epoch',
            yTitle: 'error rate',
            series: [{ name: 'b', x: epochs, y: [0.9, 0.5, 0.2] }],
          }),
        ],
      }),
    );
    expect(texts(svg)).toEqual(
      expect.arrayContaining(['gradient norm ‖g‖', 'error rate', 'left', 'right']),
    );
  });
});

describe('filled contours of a coarse grid', () => {
  it('are resampled bilinearly: exact on a bilinear function, finer than the grid', async () => {
    const { refineGrid } = await import('./contourFill.js');
    const xs = [0, 1, 2];
    const ys = [0, 2];
    const f = (x: number, y: number) => 1 + 2 * x + 3 * y + x * y;
    const z = ys.flatMap((y) => xs.map((x) => f(x, y)));
    const g = refineGrid({ xs, ys, z }, 9);
    expect(g.xs.length).toBeGreaterThanOrEqual(9);
    expect(g.ys.length).toBeGreaterThanOrEqual(9);
    for (let j = 0; j < g.ys.length; j++)
      for (let i = 0; i < g.xs.length; i++)
        expect(g.z[j * g.xs.length + i]).toBeCloseTo(f(g.xs[i]!, g.ys[j]!), 12);
  });
});
