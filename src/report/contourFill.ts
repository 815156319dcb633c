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

/**
 * A coarse grid resampled bilinearly to about `target` points per side (the
 * fill of a 9×9 grid would otherwise be blocks; marching squares interpolates
 * linearly along cell edges, so the bands then follow the contour lines).
 * Grids with at least half that many points per side are returned as they are.
 */
export function refineGrid(grid: Grid, target = 120): Grid {
  const { xs, ys, z } = grid;
  const nx = xs.length;
  const ny = ys.length;
  if (nx >= target / 2 && ny >= target / 2) return grid;
  const fx = Math.max(1, Math.ceil((target - 1) / (nx - 1)));
  const fy = Math.max(1, Math.ceil((target - 1) / (ny - 1)));
  const mx = (nx - 1) * fx + 1;
  const my = (ny - 1) * fy + 1;
  const X = new Float64Array(mx);
  const Y = new Float64Array(my);
  const Z = new Float64Array(mx * my);
  for (let i = 0; i < mx; i++) {
    const a = Math.min(nx - 2, Math.floor(i / fx));
    const t = i / fx - a;
    X[i] = xs[a]! + t * (xs[a + 1]! - xs[a]!);
  }
  for (let j = 0; j < my; j++) {
    const b = Math.min(ny - 2, Math.floor(j / fy));
    const u = j / fy - b;
    Y[j] = ys[b]! + u * (ys[b + 1]! - ys[b]!);
    for (let i = 0; i < mx; i++) {
      const a = Math.min(nx - 2, Math.floor(i / fx));
      const t = i / fx - a;
      const z00 = z[b * nx + a]!;
      const z10 = z[b * nx + a + 1]!;
      const z01 = z[(b + 1) * nx + a]!;
      const z11 = z[(b + 1) * nx + a + 1]!;
      Z[j * mx + i] = (1 - t) * (1 - u) * z00 + t * (1 - u) * z10 + (1 - t) * u * z01 + t * u * z11;
    }
  }
  return { xs: X, ys: Y, z: Z };
}
