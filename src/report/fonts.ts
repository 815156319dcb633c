/**
 * The figure font: DejaVu Sans (matplotlib's default, so figures look like the
 * books'), shipped by the npm package `dejavu-fonts-ttf` so that a fresh machine
 * or CI renders the same text without any system font.
 *
 * Two uses (Node-only):
 * - the TTF files are handed to resvg for SVG → PNG;
 * - the advance widths read from the same files replace Vega's text-width guess
 *   (0.8 em per character without a canvas), so titles, legends and axis titles
 *   are laid out with the true widths of the glyphs that will be drawn.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Font family name written into SVG `font-family` and given to resvg. */
export const FONT_FAMILY = 'DejaVu Sans';

/** Absolute paths of the regular, bold, oblique and bold-oblique DejaVu Sans TTFs. */
export function fontFiles(): {
  regular: string;
  bold: string;
  oblique: string;
  boldOblique: string;
} {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return {
    regular: join(dir, 'DejaVuSans.ttf'),
    bold: join(dir, 'DejaVuSans-Bold.ttf'),
    oblique: join(dir, 'DejaVuSans-Oblique.ttf'),
    boldOblique: join(dir, 'DejaVuSans-BoldOblique.ttf'),
  };
}

/** Horizontal metrics of one TrueType font: advance width per code point, in em. */
export class FontMetrics {
  private readonly cache = new Map<number, number>();
  private readonly view: DataView;
  private readonly unitsPerEm: number;
  private readonly numHMetrics: number;
  private readonly hmtx: number;
  private readonly cmap4: number;

  /** Parses the `head`, `hhea`, `hmtx` and `cmap` (format 4, Unicode BMP) tables. */
  constructor(bytes: Uint8Array) {
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.view = v;
    const tables = new Map<string, number>();
    const numTables = v.getUint16(4);
    for (let i = 0; i < numTables; i++) {
      const rec = 12 + 16 * i;
      const tag = String.fromCharCode(
        v.getUint8(rec),
        v.getUint8(rec + 1),
        v.getUint8(rec + 2),
        v.getUint8(rec + 3),
      );
      tables.set(tag, v.getUint32(rec + 8));
    }
    const need = (tag: string): number => {
      const off = tables.get(tag);
      if (off === undefined) throw new TypeError(`FontMetrics: font has no '${tag}' table`);
      return off;
    };
    this.unitsPerEm = v.getUint16(need('head') + 18);
    this.numHMetrics = v.getUint16(need('hhea') + 34);
    this.hmtx = need('hmtx');
    const cmap = need('cmap');
    let sub = -1;
    const n = v.getUint16(cmap + 2);
    for (let i = 0; i < n; i++) {
      const platform = v.getUint16(cmap + 4 + 8 * i);
      const encoding = v.getUint16(cmap + 6 + 8 * i);
      const off = cmap + v.getUint32(cmap + 8 + 8 * i);
      if (v.getUint16(off) === 4 && ((platform === 3 && encoding === 1) || platform === 0)) {
        sub = off;
        break;
      }
    }
    if (sub < 0) throw new TypeError('FontMetrics: font has no format-4 Unicode cmap');
    this.cmap4 = sub;
  }

  /** Glyph index of a BMP code point (0 = missing glyph). */
  glyphIndex(code: number): number {
    if (code > 0xffff) return 0;
    const v = this.view;
    const t = this.cmap4;
    const segCount = v.getUint16(t + 6) >> 1;
    const ends = t + 14;
    const starts = ends + 2 * segCount + 2;
    const deltas = starts + 2 * segCount;
    const ranges = deltas + 2 * segCount;
    for (let i = 0; i < segCount; i++) {
      if (code > v.getUint16(ends + 2 * i)) continue;
      const start = v.getUint16(starts + 2 * i);
      if (code < start) return 0;
      const delta = v.getInt16(deltas + 2 * i);
      const rangeOffset = v.getUint16(ranges + 2 * i);
      if (rangeOffset === 0) return (code + delta) & 0xffff;
      const g = v.getUint16(ranges + 2 * i + rangeOffset + 2 * (code - start));
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  }

  /** Advance width of a code point, in em. */
  advance(code: number): number {
    let w = this.cache.get(code);
    if (w === undefined) {
      const g = Math.min(this.glyphIndex(code), this.numHMetrics - 1);
      w = this.view.getUint16(this.hmtx + 4 * g) / this.unitsPerEm;
      this.cache.set(code, w);
    }
    return w;
  }

  /** Width of `text` at `fontSize` pixels (sum of advances; kerning ignored). */
  width(text: string, fontSize: number): number {
    let em = 0;
    for (const ch of text) em += this.advance(ch.codePointAt(0)!);
    return em * fontSize;
  }
}

let loaded: { regular: FontMetrics; bold: FontMetrics } | undefined;

/** Metrics of DejaVu Sans regular and bold, loaded once. */
export function dejaVuMetrics(): { regular: FontMetrics; bold: FontMetrics } {
  if (!loaded) {
    const f = fontFiles();
    loaded = {
      regular: new FontMetrics(readFileSync(f.regular)),
      bold: new FontMetrics(readFileSync(f.bold)),
    };
  }
  return loaded;
}

/** True for a Vega `fontWeight` that selects the bold face. */
export function isBold(weight: unknown): boolean {
  if (typeof weight === 'number') return weight >= 600;
  return weight === 'bold' || weight === 'bolder' || (typeof weight === 'string' && +weight >= 600);
}
