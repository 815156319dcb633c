/**
 * The optimizer-kernel interface (../optimKernels.ts) on the native addon:
 * unpacks each coefficient record into the addon's positional arguments
 * (native/src/optim.cc). One pass over θ, ∇θ and the state, in place; long
 * vectors are split across the addon's threads (same bits for any count).
 * float64 and float32 are bit-identical to the reference loops, except float32
 * Adam, which computes in float32 lanes as PyTorch does (a few ulps per step).
 */
import type { OptimKernels } from '../optimKernels.js';
import type { NativeAddon } from './addon.js';

export type { OptimKernels };

export function nativeOptimKernels(addon: NativeAddon): OptimKernels {
  return {
    name: 'native',
    sgd(p, g, k, decay) {
      addon.sgdStep(p, g, k.c, k.wd, decay);
    },
    momentum(p, g, v, k, decay) {
      addon.momentumStep(p, g, v, k.mu, k.c, k.wd, k.nesterov, decay);
    },
    adagrad(p, g, r, k, decay) {
      addon.adagradStep(p, g, r, k.c, k.eps, k.wd, k.epsInSqrt, decay);
    },
    rmsprop(p, g, r, mean, buf, k, decay) {
      addon.rmspropStep(
        p,
        g,
        r,
        mean,
        buf,
        k.rho,
        k.eps,
        k.c,
        k.momentum,
        k.wd,
        k.epsInSqrt,
        k.nesterov,
        decay,
      );
    },
    adam(p, g, m, v, vMax, k, decay) {
      addon.adamStep(
        p,
        g,
        m,
        v,
        vMax,
        k.b1,
        k.b2,
        k.c1,
        k.c2,
        k.eps,
        k.epsRoot,
        k.c,
        k.wd,
        k.wdd,
        decay,
      );
    },
  };
}
