/**
 * Headless rendering (Node): Vega-Lite spec → Vega → SVG string (vega `View`
 * with renderer 'none' and `toSVG()`), SVG → PNG with resvg using the DejaVu
 * Sans files shipped by `dejavu-fonts-ttf` (no system font is consulted, so the
 * picture is the same on every machine).
 */
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { z } from 'zod';
import { parseOptions, positive } from '../options/index.js';
import { dejaVuMetrics, FONT_FAMILY, fontFiles, isBold } from './fonts.js';
import type { ChartSpec } from './spec.js';
import { SCRIPT_SCALE, scriptRuns, svgScripts } from './text.js';

let metricsInstalled = false;

/**
 * Makes Vega measure text with DejaVu Sans' real advance widths instead of its
 * canvas-less guess (0.8 em per character). Global to the `vega` module; done
 * once, before the first render.
 */
export function installTextMetrics(): void {
  if (metricsInstalled) return;
  const m = dejaVuMetrics();
  const tm = (vega as unknown as { textMetrics: unknown }).textMetrics as {
    width: (item: Record<string, unknown>, text?: unknown) => number;
  };
  tm.width = (item, text) => {
    const raw = text === undefined ? item.text : text;
    const str = raw == null ? '' : Array.isArray(raw) ? raw.join(' ') : String(raw).trim();
    const fontSize = item.fontSize != null ? +(item.fontSize as number) || 0 : 11;
    if (fontSize <= 0 || str.length === 0) return 0;
    const font = isBold(item.fontWeight) ? m.bold : m.regular;
    let w = 0;
    for (const r of scriptRuns(str))
      w += font.width(r.text, r.script ? fontSize * SCRIPT_SCALE : fontSize);
    return w;
  };
  metricsInstalled = true;
}

/** A Vega specification (plain JSON), what {@link compileSpec} makes of a Vega-Lite one. */
export type VegaSpec = Record<string, unknown>;

/** Compiles a Vega-Lite spec to a Vega spec (throws on an invalid spec). */
export function compileSpec(spec: ChartSpec): VegaSpec {
  return compile(spec as unknown as TopLevelSpec).spec as unknown as VegaSpec;
}

/** Renders a Vega-Lite spec to a standalone SVG document string. */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  installTextMetrics();
  const view = new vega.View(vega.parse(compileSpec(spec) as vega.Spec), { renderer: 'none' });
  try {
    return svgScripts(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/** Options of {@link renderPng}. */
export interface PngOptions {
  /** Pixel density: 2 gives a crisp figure on screens and in print. Default 2. */
  scale?: number;
  /** Background colour; default white (figures are never transparent). */
  background?: string;
}

let fontList: string[] | undefined;

const pngScale = z.object({ scale: positive().max(16).default(2) });

function rasterize(svg: string, options: PngOptions) {
  const { background = 'white' } = options;
  const { scale } = parseOptions('renderPng', pngScale, { scale: options.scale });
  if (!fontList) {
    const f = fontFiles();
    fontList = [f.regular, f.bold, f.oblique, f.boldOblique];
  }
  const resvg = new Resvg(svg, {
    background,
    fitTo: { mode: 'zoom', value: scale },
    font: {
      fontFiles: fontList,
      loadSystemFonts: false,
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
  });
  return resvg.render();
}

/** Converts an SVG string to PNG bytes with resvg and the bundled fonts. */
export function svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
  return rasterize(svg, options).asPng();
}

/** Rasterises an SVG to RGBA pixels (row-major, 4 bytes per pixel), as `svgToPng` would draw it. */
export function svgToPixels(
  svg: string,
  options: PngOptions = {},
): { width: number; height: number; rgba: Uint8Array } {
  const img = rasterize(svg, options);
  return { width: img.width, height: img.height, rgba: img.pixels };
}

/** Renders a Vega-Lite spec (or an SVG string) to PNG bytes. */
export async function renderPng(
  specOrSvg: ChartSpec | string,
  options: PngOptions = {},
): Promise<Uint8Array> {
  const svg = typeof specOrSvg === 'string' ? specOrSvg : await renderSvg(specOrSvg);
  return svgToPng(svg, options);
}

/** Both renderings of one figure. */
export interface RenderedFigure {
  spec: ChartSpec;
  svg: string;
  png: Uint8Array;
}

/** Renders a spec to SVG and PNG at once (the PNG from the same SVG). */
export async function renderFigure(
  spec: ChartSpec,
  options: PngOptions = {},
): Promise<RenderedFigure> {
  const svg = await renderSvg(spec);
  return { spec, svg, png: svgToPng(svg, options) };
}
