import { describe, expect, it } from 'vitest';
import { barChartSpec } from './bar.js';
import { contourPlotSpec } from './contourPlot.js';
import { histogramBins, histogramGridSpec } from './histogram.js';
import { lineChartSpec, lineRows } from './lineChart.js';
import { lineGridSpec } from './lineGrid.js';
import { compileSpec, renderFigure, renderSvg, svgToPixels } from './render.js';
import { scatterSpec } from './scatter.js';
import type { ChartSpec } from './spec.js';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height of a PNG from its IHDR chunk (bytes 16–23, big-endian). */
function pngSize(png: Uint8Array): [number, number] {
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return [v.getUint32(16), v.getUint32(20)];
}

/** Width and height attributes of the root <svg>. */
function svgSize(svg: string): [number, number] {
  const m = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  if (!m) throw new Error('no svg size');
  return [Number(m[1]), Number(m[2])];
}

/** Text content of all <text> elements of an SVG (entities decoded). */
function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1]!
      .replaceAll('&amp;', '&')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&#39;', "'")
      .replaceAll('&quot;', '"'),
  );
}

const x = Array.from({ length: 50 }, (_, i) => i);
const line = (): ChartSpec =>
  lineChartSpec({
    title: 'Loss by optimizer',
    xTitle: 'iteration',
    yTitle: 'training loss',
    series: [
      { name: 'SGD', x, y: x.map((i) => 2 * Math.exp(-i / 40)) },
      { name: 'Adam', x, y: x.map((i) => 2 * Math.exp(-i / 8)), dashed: true },
    ],
    logY: true,
    smoothing: 0.5,
  });

describe('chart specs compile and render with their text', () => {
  it('line chart: title, axis titles, legend labels, DejaVu Sans', async () => {
    const spec = line();
    expect(() => compileSpec(spec)).not.toThrow();
    const svg = await renderSvg(spec);
    const texts = svgTexts(svg);
    for (const t of ['Loss by optimizer', 'iteration', 'training loss', 'SGD', 'Adam'])
      expect(texts).toContain(t);
    expect(svg).toContain('DejaVu Sans');
    // decade ticks on the log axis: 2·e^(−49/8) ≈ 4.4e-3 .. 2 spans 1e-3 .. 10
    expect(texts).toEqual(expect.arrayContaining(['0.001', '0.01', '0.1', '1', '10']));
  });

  it('the PNG is a PNG of the SVG size times the scale, and its text is drawn', async () => {
    const fig = await renderFigure(line(), { scale: 2 });
    expect([...fig.png.subarray(0, 8)]).toEqual(PNG_MAGIC);
    const [w, h] = svgSize(fig.svg);
    expect(pngSize(fig.png)).toEqual([Math.round(2 * w), Math.round(2 * h)]);
    // Text renders: an SVG of one word gives dark pixels; the same without the word gives none.
    const word = (t: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="5" y="28" font-family="DejaVu Sans" font-size="20">${t}</text></svg>`;
    const dark = (svg: string) => {
      const { rgba } = svgToPixels(svg, { scale: 1 });
      let n = 0;
      for (let i = 0; i < rgba.length; i += 4) if (rgba[i]! < 128) n++;
      return n;
    };
    expect(dark(word('Loss'))).toBeGreaterThan(50);
    expect(dark(word(''))).toBe(0);
  });

  it('contour plot: levels, paths, start marker, legend', async () => {
    const spec = contourPlotSpec({
      title: 'Paths on a bowl',
      f: (a, b) => (a * a) / 20 + b * b,
      xRange: [-10, 10],
      yRange: [-5, 5],
      resolution: 61,
      levelCount: 6,
      paths: [
        { name: 'SGD', x: [-7, -3, 0], y: [2, -1, 0] },
        { name: 'Momentum', x: [-7, -5, -1], y: [2, 0.5, 0] },
      ],
      minimum: [0, 0],
      xTitle: 'x₁',
      yTitle: 'x₂',
    });
    const svg = await renderSvg(spec);
    const texts = svgTexts(svg);
    for (const t of ['Paths on a bowl', 'x₁', 'x₂', 'SGD', 'Momentum', 'start'])
      expect(texts).toContain(t);
    // Six 'sqrt' levels c_k = 30·(k/7)² (grid min 0, max 30 at the corners). The
    // ellipse x²/20 + y² = c fits inside x ∈ [−10, 10] while √(20c) ≤ 10, i.e.
    // c ≤ 5: k = 1, 2 give one closed line each; k = 3..6 are cut by the sides
    // x = ±10 into two arcs each: 2 + 4·2 = 10 lines.
    // layer 0 is the filled bands, layer 1 the lines
    const data = (spec as { layer: { data: { values: { id: number; rank: number }[] } }[] })
      .layer[1]!.data.values;
    expect(new Set(data.map((r) => r.rank)).size).toBe(6);
    expect(new Set(data.map((r) => r.id)).size).toBe(10);
  });

  it('histogram grid: one panel per layer, bins as NumPy counts them', async () => {
    const bins = histogramBins([0, 0.1, 0.5, 0.99, 1, 1.5, Number.NaN], 2, [0, 1]);
    // [0, 0.5): 0, 0.1 → 2; [0.5, 1]: 0.5, 0.99, 1 → 3; 1.5 and NaN are outside
    expect(bins.map((b) => b.count)).toEqual([2, 3]);
    const spec = histogramGridSpec({
      title: 'Activations',
      xTitle: 'activation',
      panels: [1, 2, 3].map((l) => ({ column: `layer ${l}`, values: x.map((v) => (v * l) % 17) })),
    });
    const texts = svgTexts(await renderSvg(spec));
    for (const t of ['Activations', 'activation', 'count', 'layer 1', 'layer 2', 'layer 3'])
      expect(texts).toContain(t);
  });

  it('line grid: 16 panels titled by cell, one shared legend', async () => {
    const cells = Array.from({ length: 16 }, (_, k) => ({
      title: `scale ${k}`,
      series: [
        { name: 'batch norm', x, y: x.map((i) => 1 - Math.exp(-i / (k + 2))) },
        { name: 'no batch norm', x, y: x.map((i) => 0.1 + i / 100), dashed: true },
      ],
    }));
    const spec = lineGridSpec({
      title: 'BN grid',
      cells,
      xTitle: 'epoch',
      yTitle: 'accuracy',
      yDomain: [0, 1],
    });
    const texts = svgTexts(await renderSvg(spec));
    for (let k = 0; k < 16; k++) expect(texts).toContain(`scale ${k}`);
    expect(texts.filter((t) => t === 'batch norm')).toHaveLength(1);
    expect(texts).toContain('no batch norm');
  });

  it('scatter and bar charts', async () => {
    const s = scatterSpec({
      title: 'Search',
      x: [1e-5, 1e-4, 1e-3, Number.NaN],
      y: [0.1, 0.5, 0.9, 0.2],
      color: [0.1, 0.5, 0.9, 0.2],
      colorTitle: 'val. accuracy',
      xTitle: 'learning rate',
      yTitle: 'accuracy',
      logX: true,
      highlight: [2],
    });
    const st = svgTexts(await renderSvg(s));
    for (const t of ['Search', 'learning rate', 'accuracy', 'val. accuracy', '10⁻⁴'])
      expect(st).toContain(t);
    const b = barChartSpec({
      title: 'Final accuracy',
      categories: ['SGD', 'SGD', 'Adam', 'Adam'],
      groups: ['train', 'test', 'train', 'test'],
      values: [0.9, 0.85, 0.97, 0.95],
      xTitle: 'optimizer',
      yTitle: 'accuracy',
    });
    const bt = svgTexts(await renderSvg(b));
    for (const t of ['Final accuracy', 'optimizer', 'accuracy', 'SGD', 'Adam', 'train', 'test'])
      expect(bt).toContain(t);
  });
});

describe('chart data and options', () => {
  it('drops non-finite points and non-positive ones on a log axis, keeps the last point', () => {
    const rows = lineRows([{ name: 'a', x: [0, 1, 2, 3], y: [1, Number.NaN, -1, 4] }], {
      logY: true,
    });
    expect(rows.map((r) => r.x)).toEqual([0, 3]);
    const thin = lineRows(
      [{ name: 'a', x: Array.from({ length: 10 }, (_, i) => i), y: new Array(10).fill(1) }],
      {
        maxPoints: 4,
      },
    );
    // stride ⌈10/4⌉ = 3: indices 0, 3, 6 and then the last, 9
    expect(thin.map((r) => r.x)).toEqual([0, 3, 6, 9]);
  });

  it('a single series gets no legend', async () => {
    const spec = lineChartSpec({
      title: 'One',
      xTitle: 'x',
      yTitle: 'y',
      series: [{ name: 'only', x, y: x }],
    });
    expect(svgTexts(await renderSvg(spec))).not.toContain('only');
  });

  it('validates options with messages naming the option', () => {
    const base = { title: 'T', xTitle: 'x', yTitle: 'y' };
    expect(() => lineChartSpec({ ...base, series: [] })).toThrow(/option series/);
    expect(() => lineChartSpec({ ...base, series: [{ name: 'a', x: [1, 2], y: [1] }] })).toThrow(
      /'a' has 2 x values but 1 y values/,
    );
    expect(() =>
      lineChartSpec({ ...base, series: [{ name: 'a', x: [1], y: [1] }], smoothing: 1 }),
    ).toThrow('lineChart: option smoothing must be a number < 1, got 1');
    expect(() =>
      lineChartSpec({ ...base, title: '', series: [{ name: 'a', x: [1], y: [1] }] }),
    ).toThrow(/title/);
    expect(() =>
      lineChartSpec({ ...base, width: 5, series: [{ name: 'a', x: [1], y: [1] }] }),
    ).toThrow('chart: option width must be a number ≥ 20, got 5');
    expect(() =>
      contourPlotSpec({ title: 'T', xRange: [1, 0], yRange: [0, 1], paths: [], f: () => 0 }),
    ).toThrow(/xRange/);
  });
});
