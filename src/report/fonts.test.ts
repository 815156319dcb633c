import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dejaVuMetrics, FontMetrics, fontFiles, isBold } from './fonts.js';

describe('bundled font', () => {
  it('ships all four DejaVu Sans faces through npm', () => {
    const f = fontFiles();
    for (const p of Object.values(f)) {
      expect(p).toContain('node_modules');
      expect(existsSync(p)).toBe(true);
    }
  });

  it('reads advance widths that behave like DejaVu Sans', () => {
    const { regular, bold } = dejaVuMetrics();
    // tabular digits: all ten have the same advance
    const digits = [...'0123456789'].map((d) => regular.advance(d.codePointAt(0)!));
    for (const w of digits) expect(w).toBe(digits[0]);
    expect(digits[0]).toBeGreaterThan(0.5);
    expect(digits[0]).toBeLessThan(0.7);
    expect(regular.advance('i'.codePointAt(0)!)).toBeLessThan(regular.advance('W'.codePointAt(0)!));
    expect(bold.width('Loss', 10)).toBeGreaterThan(regular.width('Loss', 10));
    // width is additive and scales with the font size
    expect(regular.width('ab', 12)).toBeCloseTo(
      regular.width('a', 12) + regular.width('b', 12),
      12,
    );
    expect(regular.width('abc', 20)).toBeCloseTo(2 * regular.width('abc', 10), 12);
    // Greek and math glyphs used in axis titles exist (glyph 0 is .notdef)
    for (const ch of 'αβγεηθλμσ²√∇−')
      expect(regular.glyphIndex(ch.codePointAt(0)!)).toBeGreaterThan(0);
  });

  it('rejects bytes that are not a font', () => {
    expect(() => new FontMetrics(new Uint8Array(64))).toThrow(/no 'head' table/);
    expect(readFileSync(fontFiles().regular).length).toBeGreaterThan(100_000);
  });

  it('recognises bold weights', () => {
    expect(isBold('bold')).toBe(true);
    expect(isBold(700)).toBe(true);
    expect(isBold('normal')).toBe(false);
    expect(isBold(400)).toBe(false);
  });
});
