/**
 * Knowledge distillation (Hinton, Vinyals & Dean 2015, "Distilling the
 * knowledge in a neural network", §2), the loss of FitNets' second stage
 * (Romero et al. 2015, eq. 2). For student logits z_s, teacher logits z_t, the
 * one-hot label y, temperature τ and weight λ ∈ [0, 1], per example
 *
 *   L = (1 − λ) · CE(y, softmax(z_s)) + λ · τ² · CE(softmax(z_t/τ), softmax(z_s/τ)),
 *   CE(p, q) = −Σ_k p_k log q_k,
 *
 * averaged over the minibatch. The τ² keeps the soft term's gradient on the
 * scale of the hard one's (its gradient w.r.t. z_s is (τ²/τ)(q_τ − p_τ) = τ(q_τ − p_τ),
 * Hinton et al. §2). The soft CE includes the teacher's entropy H(p_τ), a
 * constant: L differs from the KL form by λτ²H(p_τ), with the same gradient.
 * Convention: FitNets writes λ on the hard term (H(y, P_S) + λ H(P_T^τ, P_S^τ));
 * here λ is the weight of the soft term, as the brief's (1 − λ)/λ mix.
 *
 * Targets: a tensor [m, 2C], each row `[one-hot y (C) | z_t − max_k z_t (C)]`
 * (made by `distillationTargets`; softmax is unchanged by the shift, and as
 * every shifted logit is ≤ 0 < 1, the row's argmax is the label, so fit's
 * training accuracy stays correct). Class labels (Int32Array, as in a
 * validation set) give the hard term alone, CE(y, softmax(z_s)).
 *
 * `lambda` and `temperature` are mutable fields, read at every call: anneal
 * them from a fit callback (`onEpoch`).
 */
import { z } from 'zod';
import * as ad from '../autodiff/index.js';
import type { FloatArray } from '../data/index.js';
import { type LossFunction, Model, type Targets } from '../nn/index.js';
import { parseOptions, positive, unit } from '../options/index.js';
import type { DType, Tensor } from '../tensor/index.js';
import { formatShape } from '../tensor/shape.js';
import { allocate } from '../tensor/tensor.js';

/** The options of {@link DistillationLoss}. */
export const distillationSchema = z.strictObject({
  /** Number of classes C (required). */
  classes: z.number().int().min(2),
  /** Weight λ ∈ [0, 1] of the soft term [0.5]. */
  lambda: unit().default(0.5),
  /** Temperature τ > 0 [4]. */
  temperature: positive().default(4),
});

export type DistillationOptions = z.input<typeof distillationSchema>;

/** λ and τ may be changed between epochs; they are checked as the constructor checks them. */
const lambdaSchema = z.strictObject({ lambda: distillationSchema.shape.lambda.unwrap() });
const temperatureSchema = z.strictObject({
  temperature: distillationSchema.shape.temperature.unwrap(),
});

export class DistillationLoss {
  readonly classes: number;
  private lam: number;
  private tau: number;

  constructor(options: DistillationOptions) {
    const o = parseOptions('DistillationLoss', distillationSchema, options);
    this.classes = o.classes;
    this.lam = o.lambda;
    this.tau = o.temperature;
  }

  get lambda(): number {
    return this.lam;
  }
  set lambda(v: number) {
    this.lam = parseOptions('DistillationLoss', lambdaSchema, { lambda: v }).lambda;
  }
  get temperature(): number {
    return this.tau;
  }
  set temperature(v: number) {
    this.tau = parseOptions('DistillationLoss', temperatureSchema, { temperature: v }).temperature;
  }

  /** The loss of the module comment (a LossFunction for `Model`). */
  readonly loss: LossFunction = (z: Tensor, targets: Targets): Tensor => {
    if (targets instanceof Int32Array) return ad.crossEntropy(z, targets);
    const C = this.classes;
    const m = z.shape[0]!;
    if (z.rank !== 2 || z.shape[1] !== C || targets.size !== m * 2 * C) {
      throw new RangeError(
        `DistillationLoss: logits must be [m, ${C}] and targets [m, ${2 * C}], got ${formatShape(z.shape)} and ${formatShape(targets.shape)}`,
      );
    }
    const t = targets.dtype === z.dtype ? targets : ad.cast(targets, z.dtype);
    const t2 = ad.reshape(t, [m, 2 * C]);
    const y = ad.slice(t2, [0, 0], [m, C]);
    const zt = ad.slice(t2, [0, C], [m, C]);
    const tau = this.tau;
    const lam = this.lam;
    const hard = ad.neg(ad.mean(ad.sum(ad.mul(y, ad.logSoftmax(z, 1)), 1)));
    if (lam === 0) return hard;
    const pt = ad.softmax(ad.div(zt, tau), 1);
    const soft = ad.neg(ad.mean(ad.sum(ad.mul(pt, ad.logSoftmax(ad.div(z, tau), 1)), 1)));
    return ad.add(ad.mul(hard, 1 - lam), ad.mul(soft, lam * tau * tau));
  };
}

/**
 * The target rows of the module comment, `[one-hot y | z_t − max z_t]`,
 * row-major n × 2C, in `dtype` ['float64'].
 */
export function distillationTargets(
  labels: Int32Array,
  teacherLogits: ArrayLike<number>,
  classes: number,
  dtype: DType = 'float64',
): FloatArray {
  const n = labels.length;
  const C = classes;
  if (teacherLogits.length !== n * C) {
    throw new RangeError(
      `distillationTargets: ${teacherLogits.length} teacher logits for ${n} labels × ${C} classes`,
    );
  }
  const out = allocate(dtype, n * 2 * C);
  for (let i = 0; i < n; i++) {
    const y = labels[i]!;
    if (!(y >= 0 && y < C))
      throw new RangeError(`distillationTargets: label ${i} is ${y}, not in [0, ${C})`);
    let mx = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < C; k++) mx = Math.max(mx, teacherLogits[i * C + k]!);
    const r = i * 2 * C;
    out[r + y] = 1;
    for (let k = 0; k < C; k++) out[r + C + k] = teacherLogits[i * C + k]! - mx;
  }
  return out;
}

/** The same network and θ (shared, not copied) with another loss. */
export function withLoss(model: Model, loss: LossFunction): Model {
  return new Model(model.net, model.params, {
    loss,
    config: model.config,
    weightDecayMask: model.weightDecayMask,
  });
}
