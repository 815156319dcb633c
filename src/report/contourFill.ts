/**
 * Filled contour levels: the sampled grid cut into bands between consecutive
 * levels (band b holds the points with levels[b−1] ≤ z < levels[b]), drawn as
 * rectangles (each grid point owns the cell halfway to its neighbours; runs of
 * one band along a row are merged into one rectangle, so a 161² grid gives a
 * few thousand marks), coloured by band index through a threshold scale whose
 * legend is a colour bar of evenly spaced bands labelled with the levels. The contour lines drawn over the fill hide the cell steps.
 */
import type { Grid } from './marchingSquares.js';

/** One rectangle of one band. */
export interface BandRect {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** Band index: the number of levels at or below the band (0 = below the lowest level). */
  v: number;
}

/** Cell edges of grid coordinates: midpoints between neighbours, the ends clamped to the range. */
function edges(c: ArrayLike<number>): Float64Array {
  const n = c.length;
  const e = new Float64Array(n + 1);
  e[0] = c[0]!;
  e[n] = c[n - 1]!;
  for (let i = 1; i < n; i++) e[i] = (c[i - 1]! + c[i]!) / 2;
  return e;
}

/** Band index of z: the number of levels ≤ z (levels sorted ascending); −1 for NaN. */
function bandOf(z: number, levels: readonly number[]): number {
  if (Number.isNaN(z)) return -1;
  let lo = 0;
  let hi = levels.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (levels[mid]! <= z) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The band rectangles of a grid for ascending `levels`. */
export function bandRects(grid: Grid, levels: readonly number[]): BandRect[] {
  const { xs, ys, z } = grid;
  const nx = xs.length;
  const ny = ys.length;
  const ex = edges(xs);
  const ey = edges(ys);
  const out: BandRect[] = [];
  for (let j = 0; j < ny; j++) {
    let start = 0;
    let band = bandOf(z[j * nx]!, levels);
    for (let i = 1; i <= nx; i++) {
      const b = i < nx ? bandOf(z[j * nx + i]!, levels) : -2;
      if (b === band) continue;
      if (band >= 0) {
        // Overlap the next row a little so anti-aliasing leaves no seam between rows.
        const y1 = j + 1 < ny ? ey[j + 1]! + 0.4 * (ey[j + 1]! - ey[j]!) : ey[j + 1]!;
        out.push({ x0: ex[start]!, x1: ex[i]!, y0: ey[j]!, y1, v: band });
      }
      start = i;
      band = b;
    }
  }
  return out;
}

/**
 * Colours of the bands, light (low) to mid grey (high), as matplotlib's
 * "Greys": coloured paths stay easy to see, above all near the minimum where
 * they end.
 */
export function bandColors(count: number): string[] {
  const lo = 0xfc;
  const hi = 0x84;
  const out: string[] = [];
  for (let b = 0; b < count; b++) {
    const t = count === 1 ? 1 : b / (count - 1);
    const g = Math.round(lo + (hi - lo) * t);
    const h = g.toString(16).padStart(2, '0');
    out.push(`#${h}${h}${h}`);
  }
  return out;
}
