/**
 * `skipNonFinite(inner, {mode, maxConsecutive})` — guard against NaN/±∞
 * gradients (Optax `apply_if_finite`, PyTorch AMP's skipped steps).
 *
 * - `mode: 'skip'` (default): if any component of the incoming update is not
 *   finite, the step is skipped: the update is zeroed and the inner state is
 *   left untouched (so a resumed run is unaffected by the bad batch).
 * - `mode: 'zero'`: non-finite components are replaced by 0 and the inner
 *   optimizer runs on the rest.
 *
 * `maxConsecutive` (default ∞): after that many consecutive non-finite updates a
 * `RangeError` is thrown — a divergence guard with a clear message.
 * State: `{notFinite, consecutive, inner}` (counts of bad updates).
 */
import type { Transform } from './types.js';

export interface FiniteState<S> {
  /** Total number of updates that had a non-finite component. */
  notFinite: number;
  /** Current run of consecutive such updates. */
  consecutive: number;
  inner: S;
}

export function skipNonFinite<S>(
  inner: Transform<S>,
  o: { mode?: 'skip' | 'zero'; maxConsecutive?: number } = {},
): Transform<FiniteState<S>> {
  const mode = o.mode ?? 'skip';
  if (mode !== 'skip' && mode !== 'zero') {
    throw new RangeError(
      `skipNonFinite: option mode must be 'skip' or 'zero', got ${String(mode)}`,
    );
  }
  const maxC = o.maxConsecutive ?? Number.POSITIVE_INFINITY;
  return {
    init: (p) => ({ notFinite: 0, consecutive: 0, inner: inner.init(p) }),
    update(u, s, p) {
      const n = u.length;
      let bad = false;
      if (mode === 'skip') {
        for (let i = 0; i < n; i++) {
          if (!Number.isFinite(u[i]!)) {
            bad = true;
            break;
          }
        }
      } else {
        for (let i = 0; i < n; i++) {
          if (!Number.isFinite(u[i]!)) {
            u[i] = 0;
            bad = true;
          }
        }
      }
      if (bad) {
        s.notFinite++;
        s.consecutive++;
        if (s.consecutive > maxC) {
          throw new RangeError(
            `skipNonFinite: ${s.consecutive} consecutive non-finite updates (maxConsecutive ${maxC}): training diverged`,
          );
        }
        if (mode === 'skip') {
          u.fill(0);
          return;
        }
      } else s.consecutive = 0;
      inner.update(u, s.inner, p);
    },
  };
}
