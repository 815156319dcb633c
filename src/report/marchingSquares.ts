/**
 * Contour lines of a function sampled on a rectangular grid, by marching
 * squares (Lorensen & Cline's marching cubes in 2-D): each grid cell is
 * classified by which of its four corners lie at or above the level; the level
 * crosses the cell edges whose ends differ, at the point found by linear
 * interpolation along the edge. Ambiguous saddle cells (opposite corners above)
 * are resolved by the value at the cell centre (mean of the four corners).
 *
 * Segments are then joined into polylines through the edge they share, so each
 * contour is one open or closed line, ready to draw.
 */

/** A function sampled on a grid: `z[j * xs.length + i] = f(xs[i], ys[j])`. */
export interface Grid {
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  z: ArrayLike<number>;
}

/** One contour line at one level. */
export interface ContourLine {
  level: number;
  /** Points in order; a closed line repeats its first point at the end. */
  points: [number, number][];
  closed: boolean;
}

/** Samples f on an nx × ny grid spanning [x0, x1] × [y0, y1] (row j = ys[j]). */
export function sampleGrid(
  f: (x: number, y: number) => number,
  xRange: readonly [number, number],
  yRange: readonly [number, number],
  nx = 121,
  ny = 121,
): Grid {
  if (!(Number.isInteger(nx) && nx >= 2 && Number.isInteger(ny) && ny >= 2)) {
    throw new RangeError(`sampleGrid: nx and ny must be integers >= 2, got ${nx}, ${ny}`);
  }
  const xs = new Float64Array(nx);
  const ys = new Float64Array(ny);
  for (let i = 0; i < nx; i++) xs[i] = xRange[0] + ((xRange[1] - xRange[0]) * i) / (nx - 1);
  for (let j = 0; j < ny; j++) ys[j] = yRange[0] + ((yRange[1] - yRange[0]) * j) / (ny - 1);
  const z = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) z[j * nx + i] = f(xs[i]!, ys[j]!);
  return { xs, ys, z };
}

// Edge ids: horizontal edge from (i, j) to (i+1, j) is 2*(j*nx+i); vertical edge
// from (i, j) to (i, j+1) is 2*(j*nx+i)+1. A segment joins two edge crossings.

/**
 * Contour lines of a grid at the given levels. Cells with a non-finite corner
 * are skipped (the line breaks there).
 */
export function marchingSquares(grid: Grid, levels: readonly number[]): ContourLine[] {
  const { xs, ys, z } = grid;
  const nx = xs.length;
  const ny = ys.length;
  if (nx < 2 || ny < 2 || z.length !== nx * ny) {
    throw new RangeError(
      `marchingSquares: grid must be at least 2×2 with z.length = nx·ny, got ${nx}×${ny} and ${z.length}`,
    );
  }
  const out: ContourLine[] = [];
  for (const level of levels) {
    if (!Number.isFinite(level)) continue;
    const segs = cellSegments(xs, ys, z, level);
    for (const line of joinSegments(segs.a, segs.b, segs.points)) {
      out.push({ level, ...line });
    }
  }
  return out;
}

/** All crossing segments at one level, as pairs of edge ids plus the crossing points. */
function cellSegments(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  z: ArrayLike<number>,
  level: number,
): { a: number[]; b: number[]; points: Map<number, [number, number]> } {
  const nx = xs.length;
  const ny = ys.length;
  const a: number[] = [];
  const b: number[] = [];
  const points = new Map<number, [number, number]>();
  const cross = (edge: number): void => {
    if (points.has(edge)) return;
    const k = edge >> 1;
    const i = k % nx;
    const j = (k - i) / nx;
    const z0 = z[k]!;
    if ((edge & 1) === 0) {
      const t = (level - z0) / (z[k + 1]! - z0);
      points.set(edge, [xs[i]! + t * (xs[i + 1]! - xs[i]!), ys[j]!]);
    } else {
      const t = (level - z0) / (z[k + nx]! - z0);
      points.set(edge, [xs[i]!, ys[j]! + t * (ys[j + 1]! - ys[j]!)]);
    }
  };
  const seg = (e0: number, e1: number): void => {
    cross(e0);
    cross(e1);
    a.push(e0);
    b.push(e1);
  };
  for (let j = 0; j < ny - 1; j++) {
    for (let i = 0; i < nx - 1; i++) {
      const k = j * nx + i;
      const v0 = z[k]!; // (i, j)    bottom-left
      const v1 = z[k + 1]!; // (i+1, j)  bottom-right
      const v2 = z[k + nx + 1]!; // (i+1, j+1) top-right
      const v3 = z[k + nx]!; // (i, j+1)  top-left
      if (
        !(Number.isFinite(v0) && Number.isFinite(v1) && Number.isFinite(v2) && Number.isFinite(v3))
      ) {
        continue;
      }
      const c =
        (v0 >= level ? 1 : 0) |
        (v1 >= level ? 2 : 0) |
        (v2 >= level ? 4 : 0) |
        (v3 >= level ? 8 : 0);
      if (c === 0 || c === 15) continue;
      const bottom = 2 * k;
      const top = 2 * (k + nx);
      const left = 2 * k + 1;
      const right = 2 * (k + 1) + 1;
      switch (c) {
        case 1:
        case 14:
          seg(left, bottom);
          break;
        case 2:
        case 13:
          seg(bottom, right);
          break;
        case 3:
        case 12:
          seg(left, right);
          break;
        case 4:
        case 11:
          seg(right, top);
          break;
        case 6:
        case 9:
          seg(bottom, top);
          break;
        case 7:
        case 8:
          seg(left, top);
          break;
        case 5:
        case 10: {
          // Saddle: corners 0 and 2 on one side, 1 and 3 on the other.
          const centreAbove = (v0 + v1 + v2 + v3) / 4 >= level;
          const zeroAbove = c === 5;
          if (centreAbove === zeroAbove) {
            // the centre joins corners 0 and 2: cut off corners 1 and 3
            seg(bottom, right);
            seg(left, top);
          } else {
            seg(left, bottom);
            seg(right, top);
          }
          break;
        }
      }
    }
  }
  return { a, b, points };
}

/** Joins segments sharing an edge crossing into maximal polylines. */
function joinSegments(
  a: number[],
  b: number[],
  points: Map<number, [number, number]>,
): { points: [number, number][]; closed: boolean }[] {
  // Each crossing point belongs to at most two segments (one per adjacent cell).
  const incident = new Map<number, number[]>();
  for (let s = 0; s < a.length; s++) {
    for (const e of [a[s]!, b[s]!]) {
      const list = incident.get(e);
      if (list) list.push(s);
      else incident.set(e, [s]);
    }
  }
  const used = new Uint8Array(a.length);
  const other = (s: number, e: number): number => (a[s] === e ? b[s]! : a[s]!);
  const nextSeg = (e: number): number => {
    for (const s of incident.get(e) ?? []) if (!used[s]) return s;
    return -1;
  };
  const lines: { points: [number, number][]; closed: boolean }[] = [];
  // Start open lines at their ends first (crossings on a single segment), then loops.
  const starts: number[] = [];
  for (const [e, list] of incident) if (list.length === 1) starts.push(e);
  const walk = (startEdge: number): void => {
    const edges = [startEdge];
    let e = startEdge;
    for (let s = nextSeg(e); s >= 0; s = nextSeg(e)) {
      used[s] = 1;
      e = other(s, e);
      edges.push(e);
    }
    const closed = edges.length > 2 && edges[0] === edges[edges.length - 1];
    lines.push({ points: edges.map((id) => points.get(id)!), closed });
  };
  for (const e of starts) if (nextSeg(e) >= 0) walk(e);
  for (let s = 0; s < a.length; s++) if (!used[s]) walk(a[s]!);
  return lines;
}

/**
 * `count` contour levels strictly between the grid's minimum and maximum:
 * - `linear`: evenly spaced;
 * - `sqrt`: evenly spaced in √(f − min), so a quadratic bowl gets evenly spaced
 *   ellipses (the levels grow as k²);
 * - `log`: geometrically spaced above the minimum, for functions with a narrow
 *   curved valley such as Rosenbrock's.
 */
export type LevelSpacing = 'linear' | 'sqrt' | 'log';

/** Contour levels of a grid (see {@link LevelSpacing}). */
export function contourLevels(
  grid: Grid,
  count: number,
  spacing: LevelSpacing = 'linear',
): number[] {
  if (!(Number.isInteger(count) && count >= 1)) {
    throw new RangeError(`contourLevels: count must be an integer >= 1, got ${count}`);
  }
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < grid.z.length; i++) {
    const v = grid.z[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > lo)) return [];
  const levels: number[] = [];
  if (spacing === 'linear') {
    for (let k = 1; k <= count; k++) levels.push(lo + ((hi - lo) * k) / (count + 1));
  } else if (spacing === 'sqrt') {
    for (let k = 1; k <= count; k++) levels.push(lo + (hi - lo) * (k / (count + 1)) ** 2);
  } else {
    // offsets d_k from lo, geometric between (hi-lo)·1e-3 and (hi-lo)·0.9
    const d0 = (hi - lo) * 1e-3;
    const d1 = (hi - lo) * 0.9;
    for (let k = 0; k < count; k++) {
      const t = count === 1 ? 1 : k / (count - 1);
      levels.push(lo + d0 * (d1 / d0) ** t);
    }
  }
  return levels;
}
