/**
 * Writing figures to disk: `<name>.svg`, `<name>.png` and the Vega-Lite spec
 * `<name>.vl.json` (so the browser lab or `vega-embed` can redraw it), each
 * written atomically.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../util/fs.js';
import { type PngOptions, type RenderedFigure, renderFigure } from './render.js';
import type { ChartSpec } from './spec.js';

/** Paths written by {@link writeFigure}. */
export interface FigureFiles {
  svg: string;
  png: string;
  spec: string;
}

/** File-name stem rule: letters, digits, '-', '_', '.'; no path separators. */
const STEM = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Renders `spec` and writes its SVG, PNG and spec into `dir` (created if
 * missing). Returns the rendering (for an HTML report) and the file paths.
 *
 * @example
 * ```ts
 * import { mkdtempSync, rmSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { basename, join } from 'node:path';
 * import { report } from 'optlab';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'optlab-figure-'));
 * const epochs = [1, 2, 3, 4, 5];
 * const spec = report.lineChartSpec({
 *   title: 'Training loss',
 *   xTitle: 'epoch',
 *   yTitle: 'loss',
 *   logY: true,
 *   series: [{ name: 'SGD', x: epochs, y: epochs.map((e) => 2 * 0.5 ** e) }],
 * });
 * const figure = await report.writeFigure(dir, 'loss', spec);
 * console.log(basename(figure.files.svg), basename(figure.files.png), figure.png.length > 0);
 * rmSync(dir, { recursive: true });
 * ```
 */
export async function writeFigure(
  dir: string,
  name: string,
  spec: ChartSpec,
  options: PngOptions = {},
): Promise<RenderedFigure & { files: FigureFiles }> {
  if (!STEM.test(name)) {
    throw new RangeError(`writeFigure: name must match ${STEM} (a file-name stem), got '${name}'`);
  }
  await mkdir(dir, { recursive: true });
  const fig = await renderFigure(spec, options);
  const files = {
    svg: join(dir, `${name}.svg`),
    png: join(dir, `${name}.png`),
    spec: join(dir, `${name}.vl.json`),
  };
  await Promise.all([
    writeFileAtomic(files.svg, fig.svg),
    writeFileAtomic(files.png, fig.png),
    writeJsonAtomic(files.spec, spec, { space: 0 }),
  ]);
  return { ...fig, files };
}
