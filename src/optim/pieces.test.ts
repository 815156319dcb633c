/** The building blocks one by one, with hand-computed values. */
import { describe, expect, it } from 'vitest';
import { ema, polyak } from './averaging.js';
import { applyUpdates, chain, namedChain, step } from './base.js';
import { adaptiveGradClip, clipByGlobalNorm, clipByValue } from './clip.js';
import { skipNonFinite } from './finite.js';
import { lookahead } from './lookahead.js';
import { trace } from './momentumTrace.js';
import { multiSteps } from './multiSteps.js';
import { adam, rmsprop, sgd } from './optimizers.js';
import { partition } from './partition.js';
import { scaleByLearningRate } from './scaleByLearningRate.js';
import { adoptState, deserializeState, serializeState } from './serialize.js';
import type { Transform } from './types.js';
import { addDecayedWeights, addWeightDecay } from './weightDecay.js';

const F = (...a: number[]) => Float64Array.from(a);

function apply<S>(t: Transform<S>, g: number[], p: number[], s?: S): { u: number[]; s: S } {
  const pp = F(...p);
  const st = s ?? t.init(pp);
  const u = F(...g);
  t.update(u, st, pp);
  return { u: Array.from(u), s: st };
}

describe('clipping', () => {
  it('global norm: (3, 4) has norm 5 → (0.6, 0.8) at max 1; untouched under the max', () => {
    expect(apply(clipByGlobalNorm(1), [3, 4], [0, 0]).u).toEqual([0.6000000000000001, 0.8]);
    expect(apply(clipByGlobalNorm(5), [3, 4], [0, 0]).u).toEqual([3, 4]);
  });
  it('value: clamp to [−c, c]', () => {
    expect(apply(clipByValue(1), [3, -4, 0.5], [0, 0, 0]).u).toEqual([1, -1, 0.5]);
  });
  it('adaptive: unit-wise ‖G‖ ≤ λ·max(‖W‖, eps)', () => {
    // unit 1: W = (3, 4) ‖W‖ = 5, λ = 0.1 → max 0.5; G = (0, 2) ‖G‖ = 2 → (0, 0.5)
    // unit 2: W = (0, 0) → max 0.1·1e-3 = 1e-4; G = (1e-5, 0) under the max → kept
    const r = apply(adaptiveGradClip(0.1, { unitSize: 2 }), [0, 2, 1e-5, 0], [3, 4, 0, 0]);
    expect(r.u).toEqual([0, 0.5, 1e-5, 0]);
  });
});

describe('weight decay', () => {
  it('adds wd·θ only where the mask is set (weights, not biases)', () => {
    const t = addWeightDecay(0.1, { mask: [true, false, true] });
    expect(apply(t, [1, 1, 1], [10, 10, -10]).u).toEqual([2, 1, 0]);
    const u = addDecayedWeights(0.1, { mask: Uint8Array.from([0, 1, 0]) });
    expect(apply(u, [1, 1, 1], [10, 10, -10]).u).toEqual([1, 2, 1]);
    expect(() => addWeightDecay(0.1, { mask: [true] }).init(F(1, 2))).toThrow(/mask/);
  });
  it('coupled L2 is rescaled by rmsprop, decoupled is not', () => {
    // the same g + wd·θ through rmsprop vs sgd: coupled wd changes the rmsprop step's
    // preconditioner input, so the two differ from "rmsprop step − lr·wd·θ"
    const p = F(5, -3);
    const g = F(0.2, 0.1);
    const a = p.slice();
    const ta = rmsprop({ lr: 0.01, weightDecay: 0.1 });
    step(ta, a, g.slice(), ta.init(a));
    const b = p.slice();
    const tb = chain(rmsprop({ lr: 0.01 }));
    step(tb, b, g.slice(), tb.init(b));
    // coupled: g' = (0.7, −0.2) → step = −0.01·g'/√(0.1 g'² + 1e-6) ≈ −0.01·sign(g')·√10
    expect(a[0]).toBeCloseTo(5 - (0.01 * 0.7) / Math.sqrt(0.1 * 0.49 + 1e-6), 14);
    expect(b[0]).toBeCloseTo(5 - (0.01 * 0.2) / Math.sqrt(0.1 * 0.04 + 1e-6), 14);
  });
});

describe('trace (momentum transform)', () => {
  it('heavy ball after the rate is the book; before the rate is PyTorch; equal for constant lr', () => {
    const book = chain(scaleByLearningRate(0.1), trace({ decay: 0.9 }));
    const torch = chain(trace({ decay: 0.9 }), scaleByLearningRate(0.1));
    const pa = F(1, 2);
    const pb = F(1, 2);
    const sa = book.init(pa);
    const sb = torch.init(pb);
    for (let k = 0; k < 5; k++) {
      step(book, pa, F(pa[0]!, 3 * pa[1]!), sa);
      step(torch, pb, F(pb[0]!, 3 * pb[1]!), sb);
    }
    expect(pa[0]).toBeCloseTo(pb[0]!, 14);
    expect(pa[1]).toBeCloseTo(pb[1]!, 14);
  });
});

describe('wrappers', () => {
  it('multiSteps: the mean of k gradients every k calls, zero otherwise', () => {
    const t = multiSteps(sgd({ lr: 1 }), 3);
    const p = F(0, 0);
    const s = t.init(p);
    expect(apply(t, [1, 2], [0, 0], s).u).toEqual([0, 0]);
    expect(apply(t, [2, 4], [0, 0], s).u).toEqual([0, 0]);
    // mean of (1,2), (2,4), (6,0) = (3, 2); sgd lr 1 → (−3, −2)
    expect(apply(t, [6, 0], [0, 0], s).u).toEqual([-3, -2]);
    expect(s.miniStep).toBe(0);
    expect(apply(t, [5, 5], [0, 0], s).u).toEqual([0, 0]);
  });

  it('skipNonFinite: skip leaves the inner state untouched; zero drops bad components', () => {
    const inner = adam({ lr: 0.1 });
    const t = skipNonFinite(inner);
    const p = F(1, 1);
    const s = t.init(p);
    apply(t, [1, 1], [1, 1], s);
    const before = JSON.stringify(serializeState(s.inner));
    expect(apply(t, [Number.NaN, 1], [1, 1], s).u).toEqual([0, 0]);
    expect(JSON.stringify(serializeState(s.inner))).toBe(before);
    expect([s.notFinite, s.consecutive]).toEqual([1, 1]);
    apply(t, [1, 1], [1, 1], s);
    expect(s.consecutive).toBe(0);

    const z = skipNonFinite(sgd({ lr: 1 }), { mode: 'zero' });
    expect(apply(z, [Number.POSITIVE_INFINITY, 2], [0, 0]).u).toEqual([-0, -2]);

    const g = skipNonFinite(sgd({ lr: 1 }), { maxConsecutive: 1 });
    const gs = g.init(F(0));
    apply(g, [Number.NaN], [0], gs);
    expect(() => apply(g, [Number.NaN], [0], gs)).toThrow(/diverged/);
  });

  it('partition: each group its own optimizer, contiguous or not', () => {
    for (const labels of [
      [0, 0, 1, 1],
      [0, 1, 0, 1],
    ]) {
      const t = partition(labels, [sgd({ lr: 1 }), sgd({ lr: 0.1 })]);
      const r = apply(t, [1, 2, 3, 4], [0, 0, 0, 0]);
      const lr = labels.map((l) => (l === 0 ? 1 : 0.1));
      expect(r.u).toEqual([1, 2, 3, 4].map((g, i) => -lr[i]! * g));
      expect(r.s.groups.length).toBe(2);
    }
    expect(() => partition([0, 2], [sgd({ lr: 1 })])).toThrow(/labels\[1\]/);
  });

  it('lookahead: slow weights follow every k steps', () => {
    // constant g = (1): fast θ1 = −1, θ2 = −2 → slow = 0 + 0.5·(−2 − 0) = −1 → θ2 = −1
    const t = lookahead(sgd({ lr: 1 }), { syncPeriod: 2, alpha: 0.5 });
    const p = F(0);
    const s = t.init(p);
    step(t, p, F(1), s);
    expect(p[0]).toBe(-1);
    step(t, p, F(1), s);
    expect(p[0]).toBe(-1);
    expect(s.slow[0]).toBe(-1);
    step(t, p, F(1), s);
    step(t, p, F(1), s);
    // fast −2, −3 → slow = −1 + 0.5·(−3 + 1) = −2
    expect(p[0]).toBe(-2);
  });

  it('applyUpdates adds', () => {
    const p = F(1, 2);
    applyUpdates(p, F(0.5, -1));
    expect(Array.from(p)).toEqual([1.5, 1]);
  });
});

describe('averaging', () => {
  it('polyak: the arithmetic mean from `start` on', () => {
    const a = polyak({ start: 1 });
    const s = a.init(F(0));
    for (const v of [100, 1, 2, 6]) a.update(s, F(v));
    expect(s.average[0]).toBe(3); // (1 + 2 + 6)/3, the first iterate skipped
    expect(s.n).toBe(3);
  });
  it('ema: θ̂ ← αθ̂ + (1 − α)θ from θ̂ = θ0', () => {
    const e = ema({ decay: 0.5 });
    const s = e.init(F(4));
    e.update(s, F(0)); // 2
    e.update(s, F(2)); // 2
    e.update(s, F(10)); // 6
    expect(s.average[0]).toBe(6);
  });
});

describe('serializeState', () => {
  it('round-trips typed arrays of every kind, non-finite numbers and −0', () => {
    const s = {
      a: Float32Array.from([1.1, -0, Number.NaN]),
      b: [Uint8Array.from([0, 255, 7]), Int32Array.from([-5])],
      c: { best: Number.POSITIVE_INFINITY, z: -0, n: Number.NaN, k: 3 },
      d: new Float64Array(0),
      e: Float64Array.from([Math.PI, 1e-300]),
    };
    const r = deserializeState<typeof s>(JSON.parse(JSON.stringify(serializeState(s))));
    expect(r).toEqual(s);
    expect(r.a).toBeInstanceOf(Float32Array);
    expect(Object.is(r.c.z, -0)).toBe(true);
    expect(Object.is(r.a[1], -0)).toBe(true);
    expect(r.e[0]).toBe(Math.PI);
  });
  it('base64 of 0..5 bytes matches the standard encoding', () => {
    for (let n = 0; n <= 5; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => 250 - 37 * i);
      const enc = serializeState(bytes) as { b64: string };
      expect(enc.b64).toBe(Buffer.from(bytes).toString('base64'));
    }
  });
  it('rejects functions', () => {
    expect(() => serializeState({ f: () => 1 })).toThrow(/plain data/);
  });
});

describe('namedChain', () => {
  it('equals chain of the same pieces, with the states under their names in order', () => {
    const named = namedChain({ decay: addWeightDecay(0.1), lr: scaleByLearningRate(0.5) });
    const plain = chain(addWeightDecay(0.1), scaleByLearningRate(0.5));
    const a = apply(named, [1, -2], [3, 4]);
    const b = apply(plain, [1, -2], [3, 4]);
    // u = −0.5·(g + 0.1·θ) = −0.5·[1.3, −1.6]
    expect(a.u).toEqual([-0.65, 0.8]);
    expect(a.u).toEqual(b.u);
    expect(a.s).toEqual({ decay: { count: 1 }, lr: { count: 1 } });
    expect(Object.keys(a.s)).toEqual(['decay', 'lr']);
  });
  it('leaves out a piece given as undefined', () => {
    const t = namedChain({ decay: undefined, lr: scaleByLearningRate(1) });
    expect(t.init(F(1))).toEqual({ lr: { count: 0 } });
  });
  it("adam()'s state is typed by name: the kernel path and the chain agree on it", () => {
    const opt = adam({ lr: 0.1, weightDecay: 0.01 });
    const s = opt.init(F(1, 2));
    step(opt, F(1, 2), F(0.5, -0.5), s);
    expect(Object.keys(s)).toEqual(['decay', 'adam', 'lr']);
    expect([s.decay?.count, s.adam.count, s.lr.count]).toEqual([1, 1, 1]);
    expect(s.adam.mu[0]).toBeCloseTo(0.1 * (0.5 + 0.01), 15);
  });
});

describe('adoptState', () => {
  it('re-keys a positional (pre-named) state to the names of a fresh one, at any depth', () => {
    const fresh = { decay: { count: 0 }, adam: { count: 0, mu: F(0) }, lr: { count: 0 } };
    const old = [{ count: 3 }, { count: 3, mu: F(7) }, { count: 3 }];
    expect(adoptState(fresh, old)).toEqual({
      decay: { count: 3 },
      adam: { count: 3, mu: F(7) },
      lr: { count: 3 },
    });
    expect(adoptState([{}, fresh], [{}, old])).toEqual([{}, adoptState(fresh, old)]);
  });
  it('returns a state already in the named layout, or of another shape, as it is', () => {
    const fresh = { lr: { count: 0 } };
    expect(adoptState(fresh, { lr: { count: 4 } })).toEqual({ lr: { count: 4 } });
    expect(adoptState(fresh, [{ count: 1 }, { count: 2 }])).toEqual([{ count: 1 }, { count: 2 }]);
  });
});
