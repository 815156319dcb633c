/**
 * Eigenvalues (and selected rows of the eigenvectors) of a symmetric tridiagonal
 * matrix T = tridiag(β, α, β) by the implicit QL algorithm with Wilkinson-type
 * shifts (Bowdler, Martin, Reinsch & Wilkinson, "The QR and QL algorithms for
 * symmetric matrices", Numer. Math. 11, 1968 — EISPACK `tql2`; Golub & Van Loan,
 * *Matrix Computations*, §8.3).
 *
 * Each sweep chases a bulge with plane rotations, T ← GᵀTG, and the eigenvector
 * matrix Z (initially I) is updated Z ← ZG. A rotation mixes two columns of Z row
 * by row, so any subset of Z's rows can be tracked on its own at O(m) cost per
 * sweep: Lanczos needs only the last row (Ritz residuals βₘ|zₘᵢ|) and stochastic
 * Lanczos quadrature only the first (weights z₁ᵢ²).
 *
 * A sub-diagonal entry is treated as zero when |eᵢ| ≤ ε(|dᵢ| + |dᵢ₊₁|) with ε the
 * float64 machine epsilon, so eigenvalues are accurate to about ε‖T‖.
 */

export interface TridiagonalEigen {
  /** Eigenvalues in ascending order. */
  values: Float64Array;
  /** The tracked rows: the indices of the rows of Z returned in `vectors`. */
  rows: number[];
  /**
   * Row-major rows.length × m: `vectors[r·m + i]` is component rows[r] of the
   * unit eigenvector of values[i].
   */
  vectors: Float64Array;
}

const MAX_SWEEPS = 60;

/**
 * @param alpha diagonal (length m ≥ 1)
 * @param beta off-diagonal (length m − 1; extra entries are ignored)
 * @param rows which rows of the eigenvector matrix to return: 'none' (default),
 *   'all', or a list of row indices (e.g. [0] or [m − 1])
 */
export function tridiagonalEigen(
  alpha: ArrayLike<number>,
  beta: ArrayLike<number>,
  rows: 'none' | 'all' | readonly number[] = 'none',
): TridiagonalEigen {
  const m = alpha.length;
  if (m < 1) throw new RangeError('tridiagonalEigen: alpha must have at least one entry');
  if (beta.length < m - 1)
    throw new RangeError(`tridiagonalEigen: beta must have ${m - 1} entries, got ${beta.length}`);
  const rowList =
    rows === 'none' ? [] : rows === 'all' ? Array.from({ length: m }, (_, i) => i) : [...rows];
  for (const r of rowList) {
    if (!Number.isInteger(r) || r < 0 || r >= m)
      throw new RangeError(`tridiagonalEigen: row ${r} is not in [0, ${m})`);
  }
  const nr = rowList.length;
  const d = Float64Array.from(alpha);
  const e = new Float64Array(m);
  for (let i = 0; i < m - 1; i++) e[i] = beta[i]!;
  for (let i = 0; i < m; i++) {
    if (!Number.isFinite(d[i]!) || !Number.isFinite(e[i]!))
      throw new RangeError(`tridiagonalEigen: entry ${i} is not finite`);
  }
  const z = new Float64Array(nr * m);
  for (let r = 0; r < nr; r++) z[r * m + rowList[r]!] = 1;

  for (let l = 0; l < m; l++) {
    let sweeps = 0;
    for (;;) {
      // Look for a negligible sub-diagonal entry e[mm], splitting off the block l..mm.
      let mm = l;
      for (; mm < m - 1; mm++) {
        const dd = Math.abs(d[mm]!) + Math.abs(d[mm + 1]!);
        if (Math.abs(e[mm]!) <= Number.EPSILON * dd) break;
      }
      if (mm === l) break;
      if (sweeps++ === MAX_SWEEPS)
        throw new Error(
          `tridiagonalEigen: no convergence after ${MAX_SWEEPS} sweeps for eigenvalue ${l}`,
        );
      // Shift from the leading 2×2 block (the eigenvalue of it closer to d[l]).
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = Math.hypot(g, 1);
      g = d[mm]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let deflated = false;
      for (let i = mm - 1; i >= l; i--) {
        const f = s * e[i]!;
        const b = c * e[i]!;
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // Underflow: the matrix split at i; recover and restart this eigenvalue.
          d[i + 1] = d[i + 1]! - p;
          e[mm] = 0;
          deflated = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        for (let k = 0; k < nr; k++) {
          const o = k * m;
          const zi1 = z[o + i + 1]!;
          const zi = z[o + i]!;
          z[o + i + 1] = s * zi + c * zi1;
          z[o + i] = c * zi - s * zi1;
        }
      }
      if (deflated) continue;
      d[l] = d[l]! - p;
      e[l] = g;
      e[mm] = 0;
    }
  }

  // Sort ascending, permuting the tracked eigenvector columns alike.
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => d[a]! - d[b]!);
  const values = new Float64Array(m);
  const vectors = new Float64Array(nr * m);
  for (let i = 0; i < m; i++) {
    const src = order[i]!;
    values[i] = d[src]!;
    for (let k = 0; k < nr; k++) vectors[k * m + i] = z[k * m + src]!;
  }
  return { values, rows: rowList, vectors };
}
