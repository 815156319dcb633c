/**
 * `reduceOnPlateau` — cut the learning rate when a monitored metric stops
 * improving (PyTorch `ReduceLROnPlateau`). Stateful, driven by the metric, so
 * not a pure schedule: the state is plain data `{scale, best, numBad,
 * cooldown}` and the rate to use is `base · state.scale`. Plug it in with
 * `scaleByLearningRate(() => base * state.scale)` (the closure reads the state,
 * which the training loop saves alongside the optimizer's).
 *
 * After each `report(state, metric)`: an improvement is metric < best·(1 −
 * threshold) (`thresholdMode: 'rel'`) or metric < best − threshold (`'abs'`)
 * ('max' mode mirrors these). More than `patience` reports without improvement
 * multiply `scale` by `factor` (not below `minScale`), then `cooldown` reports
 * are ignored.
 *
 * Options: `mode` 'min', `factor` 0.1, `patience` 10, `threshold` 1e-4,
 * `thresholdMode` 'rel', `cooldown` 0, `minScale` 0.
 */
import { checkNumber } from './types.js';

export interface PlateauState {
  scale: number;
  best: number;
  numBad: number;
  cooldown: number;
}

export interface PlateauOptions {
  mode?: 'min' | 'max';
  factor?: number;
  patience?: number;
  threshold?: number;
  thresholdMode?: 'rel' | 'abs';
  cooldown?: number;
  minScale?: number;
}

export interface ReduceOnPlateau {
  init(): PlateauState;
  /** Records one metric value; returns true when the rate was reduced. */
  report(state: PlateauState, metric: number): boolean;
}

export function reduceOnPlateau(o: PlateauOptions = {}): ReduceOnPlateau {
  const w = 'reduceOnPlateau';
  const mode = o.mode ?? 'min';
  if (mode !== 'min' && mode !== 'max')
    throw new RangeError(`${w}: option mode must be 'min' or 'max', got ${String(mode)}`);
  const factor = checkNumber(w, 'factor', o.factor ?? 0.1, 0, 1, { hiOpen: true });
  const patience = checkNumber(w, 'patience', o.patience ?? 10, 0, Number.POSITIVE_INFINITY);
  const thr = checkNumber(w, 'threshold', o.threshold ?? 1e-4, 0, Number.POSITIVE_INFINITY);
  const tm = o.thresholdMode ?? 'rel';
  if (tm !== 'rel' && tm !== 'abs')
    throw new RangeError(`${w}: option thresholdMode must be 'rel' or 'abs', got ${String(tm)}`);
  const cd = checkNumber(w, 'cooldown', o.cooldown ?? 0, 0, Number.POSITIVE_INFINITY);
  const minScale = checkNumber(w, 'minScale', o.minScale ?? 0, 0, 1);
  const better = (a: number, best: number): boolean => {
    if (mode === 'min') return tm === 'rel' ? a < best * (1 - thr) : a < best - thr;
    return tm === 'rel' ? a > best * (1 + thr) : a > best + thr;
  };
  return {
    init: () => ({
      scale: 1,
      best: mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY,
      numBad: 0,
      cooldown: 0,
    }),
    report(s, metric) {
      if (better(metric, s.best)) {
        s.best = metric;
        s.numBad = 0;
      } else s.numBad++;
      if (s.cooldown > 0) {
        s.cooldown--;
        s.numBad = 0;
      }
      if (s.numBad > patience) {
        s.scale = Math.max(s.scale * factor, minScale);
        s.cooldown = cd;
        s.numBad = 0;
        return true;
      }
      return false;
    },
  };
}
