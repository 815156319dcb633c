import { describe, expect, it } from 'vitest';
import { gradients } from '../autodiff/index.js';
import { targetClasses } from '../nn/index.js';
import { Tensor, tensor } from '../tensor/index.js';
import { DistillationLoss, distillationTargets } from './distillation.js';

describe('DistillationLoss', () => {
  // Two examples, C = 2, τ = 2, λ = 0.5:
  // row 1: z_s = [1, 0], z_t = [2, 0], y = 0
  //   hard = −log(e/(e+1)) = log(1 + e⁻¹) = 0.313261687518
  //   p_τ = softmax([1, 0]) = [0.731058578630, 0.268941421370]
  //   q_τ = softmax([0.5, 0]) = [0.622459331202, 0.377540668798]
  //   soft = −(0.731058578630·ln 0.622459331202 + 0.268941421370·ln 0.377540668798)
  //        = −(0.731058578630·(−0.474076984180) + 0.268941421370·(−0.974076984180))
  //        = 0.346582... + 0.261969... = 0.608547694865
  //   L₁ = 0.5·0.313261687518 + 0.5·2²·0.608547694865 = 1.373726233489
  // row 2: z_s = [0, 0], z_t = [0, 4], y = 1
  //   hard = ln 2; q_τ = [½, ½] so soft = −(p₀ + p₁)·ln ½ = ln 2
  //   L₂ = 0.5·ln 2 + 2·ln 2 = 2.5·0.693147180560 = 1.732867951400
  // mean = (1.373726233489 + 1.732867951400)/2 = 1.553297092445
  const zs = [1, 0, 0, 0];
  const zt = [2, 0, 0, 4];
  const y = Int32Array.from([0, 1]);

  it('matches its definition on hand-computed values', () => {
    const kd = new DistillationLoss({ classes: 2, lambda: 0.5, temperature: 2 });
    const t = distillationTargets(y, zt, 2);
    const loss = kd.loss(tensor(Float64Array.from(zs), { shape: [2, 2] }), new Tensor(t, [2, 4]));
    expect(loss.item()).toBeCloseTo(1.553297092445, 11);
    // closed forms of the same numbers
    const e = Math.E;
    const p = [e / (e + 1), 1 / (e + 1)];
    const q = [Math.exp(0.5) / (Math.exp(0.5) + 1), 1 / (Math.exp(0.5) + 1)];
    const soft1 = -(p[0]! * Math.log(q[0]!) + p[1]! * Math.log(q[1]!));
    const l1 = 0.5 * Math.log(1 + 1 / e) + 0.5 * 4 * soft1;
    const l2 = 2.5 * Math.LN2;
    expect(loss.item()).toBeCloseTo((l1 + l2) / 2, 12);
  });

  it('has the gradient (1/m)[(1−λ)(softmax(z) − y) + λτ(q_τ − p_τ)]', () => {
    const lam = 0.3;
    const tau = 3;
    const kd = new DistillationLoss({ classes: 2, lambda: lam, temperature: tau });
    const z = tensor(Float64Array.from(zs), { shape: [2, 2] });
    z.requiresGrad = true;
    const t = new Tensor(distillationTargets(y, zt, 2), [2, 4]);
    const [g] = gradients(kd.loss(z, t), [z]);
    const sm = (a: number[]) => {
      const m = Math.max(...a);
      const ex = a.map((v) => Math.exp(v - m));
      const s = ex.reduce((u, v) => u + v, 0);
      return ex.map((v) => v / s);
    };
    for (let i = 0; i < 2; i++) {
      const zi = zs.slice(2 * i, 2 * i + 2);
      const ti = zt.slice(2 * i, 2 * i + 2);
      const s = sm(zi);
      const qt = sm(zi.map((v) => v / tau));
      const pt = sm(ti.map((v) => v / tau));
      for (let k = 0; k < 2; k++) {
        const want =
          ((1 - lam) * (s[k]! - (y[i] === k ? 1 : 0)) + lam * tau * (qt[k]! - pt[k]!)) / 2;
        expect(g!.data[2 * i + k]).toBeCloseTo(want, 12);
      }
    }
  });

  it('λ = 0 is the plain cross-entropy, labels give the hard term, and the targets carry the labels', () => {
    const kd = new DistillationLoss({ classes: 2, lambda: 0, temperature: 5 });
    const z = tensor(Float64Array.from(zs), { shape: [2, 2] });
    const t = distillationTargets(y, zt, 2);
    const ce = (Math.log(1 + 1 / Math.E) + Math.LN2) / 2;
    expect(kd.loss(z, new Tensor(t, [2, 4])).item()).toBeCloseTo(ce, 12);
    kd.lambda = 0.9;
    expect(kd.loss(z, y).item()).toBeCloseTo(ce, 12);
    // rows [one-hot | z_t − max z_t]: [1, 0, 0, −2] and [0, 1, −4, 0]; argmax is the label
    expect(Array.from(t)).toEqual([1, 0, 0, -2, 0, 1, -4, 0]);
    expect(Array.from(targetClasses(new Tensor(t, [2, 4])))).toEqual([0, 1]);
  });

  it('rejects bad options', () => {
    expect(() => new DistillationLoss({ classes: 2, lambda: 1.5 })).toThrow(
      'DistillationLoss: option lambda must be a number ≤ 1, got 1.5',
    );
    expect(() => new DistillationLoss({ classes: 2, temperature: 0 })).toThrow(
      'DistillationLoss: option temperature must be a number > 0, got 0',
    );
    expect(() => new DistillationLoss({ classes: 1 })).toThrow(
      'DistillationLoss: option classes must be a number ≥ 2, got 1',
    );
    expect(() => new DistillationLoss({ classes: 3, temprature: 2 } as never)).toThrow(
      'DistillationLoss: unknown option temprature (did you mean temperature?)',
    );
    // λ and τ may change between epochs, checked as the constructor checks them.
    const l = new DistillationLoss({ classes: 3 });
    expect([l.lambda, l.temperature]).toEqual([0.5, 4]);
    l.lambda = 0.25;
    expect(l.lambda).toBe(0.25);
    expect(() => {
      l.temperature = -1;
    }).toThrow('DistillationLoss: option temperature must be a number > 0, got -1');
    expect(l.temperature).toBe(4);
    expect(() => distillationTargets(y, [1, 2, 3], 2)).toThrow(/teacher logits/);
  });
});
