/**
 * The `"optimizer"` and `"clip"` JSON specs of docs/commands.md (`optlab trace`,
 * `optlab train`): strict zod objects (an unknown field is an error) that REUSE
 * the library's option schemas (fields and defaults written once, beside each
 * optimizer), `optimizerFromSpec`, and the `trace` spec's shape. The
 * `"schedule"` spec is in schedule.ts.
 *
 * Besides the books' optimizers the names `nadam`, `radam`, `adamax`,
 * `adadelta`, `lion`, `dlfs-adagrad`, `dlfs-rmsprop`, `dlfs-adam`,
 * `dlfs-nesterov`, the schedule-free, SAM, second-order and matrix methods are
 * accepted.
 *
 * `lr` has no default for sgd, momentum, nesterov, adagrad, rmsprop,
 * delta-bar-delta: it is then required unless a schedule is given (the
 * schedule overrides `lr`). delta-bar-delta's kappa, phi, theta are required. */
import { z } from 'zod';
import {
  adadelta,
  adadeltaSchema,
  adagrad,
  adagradSchema,
  adahessian,
  adahessianSchema,
  adam,
  adamax,
  adamaxSchema,
  adamSchema,
  adamw,
  adamwSchema,
  chain,
  clipByGlobalNorm,
  clipByValue,
  deltaBarDelta,
  deltaBarDeltaSchema,
  dlfsAdagrad,
  dlfsAdagradSchema,
  dlfsAdam,
  dlfsAdamSchema,
  dlfsNesterov,
  dlfsNesterovSchema,
  dlfsRmsprop,
  dlfsRmspropSchema,
  type Hyper,
  lion,
  lionSchema,
  type Mask,
  type MatrixBlock,
  momentum,
  momentumSchema,
  muonAdamwSchema,
  muonSchema,
  muonWithAdamw,
  nadam,
  nadamSchema,
  nesterov,
  type Optimizer,
  radam,
  radamSchema,
  rmsprop,
  rmspropSchema,
  type Schedule,
  sam,
  samSchema,
  scheduleFreeAdamw,
  scheduleFreeAdamwSchema,
  scheduleFreeSgd,
  scheduleFreeSgdSchema,
  sgd,
  sgdSchema,
  shampoo,
  shampooSchema,
  soap,
  soapSchema,
  sophia,
  sophiaSchema,
  step,
  type Transform,
} from '../optim/index.js';
import { type ScheduleSpecInput, scheduleFromSpec, scheduleSchema } from './schedule.js';

const pos = () => z.number().positive();
const nonneg = () => z.number().nonnegative();
const unit = () => z.number().min(0).max(1);
const lrOpt = () => pos().optional();

/** One optimizer's strict schema: its `name` literal and its own fields. */
const opt = <N extends string, F extends z.ZodRawShape>(name: N, fields: F) =>
  z.strictObject({ name: z.literal(name), ...fields });
/** Weight decay λ ≥ 0 (default 0; adamw 0.01). */
const decay = (d = 0) => ({ weightDecay: nonneg().default(d) });
/**
 * A library option that may be a schedule, as a JSON `lr`: a number > 0 with
 * the library's default (the optimizers whose `lr` the library requires use
 * `lrOpt()`: a schedule may take its place).
 */
const jsonLr = (field: z.ZodDefault<z.ZodType<Hyper>>) =>
  pos().default(field.def.defaultValue as number);
/**
 * The named optimizers' specs REUSE the library's option schemas (their
 * fields and defaults, written once beside each optimizer), without `mask`
 * (given by `FromSpecOptions`) and with a JSON `lr`.
 */
const noMask = { mask: true, lr: true } as const;
const adamOnly = { ...noMask, epsRoot: true, nesterov: true } as const;

export const optimizerSchema = z.discriminatedUnion('name', [
  opt('sgd', { lr: lrOpt(), ...sgdSchema.omit(noMask).shape }),
  opt('momentum', { lr: lrOpt(), ...momentumSchema.omit(noMask).shape }),
  opt('nesterov', { lr: lrOpt(), ...momentumSchema.omit(noMask).shape }),
  opt('adagrad', { lr: lrOpt(), ...adagradSchema.omit(noMask).shape }),
  opt('rmsprop', { lr: lrOpt(), ...rmspropSchema.omit(noMask).shape }),
  opt('adam', { lr: jsonLr(adamSchema.shape.lr), ...adamSchema.omit(adamOnly).shape }),
  opt('adamw', { lr: jsonLr(adamwSchema.shape.lr), ...adamwSchema.omit(adamOnly).shape }),
  opt('delta-bar-delta', { lr: lrOpt(), ...deltaBarDeltaSchema.omit({ lr: true }).shape }),
  opt('nadam', {
    lr: jsonLr(nadamSchema.shape.lr),
    ...nadamSchema.omit({ ...adamOnly, amsgrad: true }).shape,
  }),
  opt('radam', { lr: jsonLr(radamSchema.shape.lr), ...radamSchema.omit(noMask).shape }),
  opt('adamax', { lr: jsonLr(adamaxSchema.shape.lr), ...adamaxSchema.omit(noMask).shape }),
  opt('adadelta', { lr: jsonLr(adadeltaSchema.shape.lr), ...adadeltaSchema.omit(noMask).shape }),
  opt('lion', { lr: jsonLr(lionSchema.shape.lr), ...lionSchema.omit(noMask).shape }),
  opt('dlfs-adagrad', { lr: jsonLr(dlfsAdagradSchema.shape.lr) }),
  opt('dlfs-rmsprop', { ...dlfsRmspropSchema.shape, lr: jsonLr(dlfsRmspropSchema.shape.lr) }),
  opt('dlfs-adam', { ...dlfsAdamSchema.shape, lr: jsonLr(dlfsAdamSchema.shape.lr) }),
  opt('dlfs-nesterov', { ...dlfsNesterovSchema.shape, lr: jsonLr(dlfsNesterovSchema.shape.lr) }),
  opt('schedule-free-sgd', { lr: lrOpt(), ...scheduleFreeSgdSchema.omit({ lr: true }).shape }),
  opt('schedule-free-adamw', {
    lr: jsonLr(scheduleFreeAdamwSchema.shape.lr),
    ...scheduleFreeAdamwSchema.omit({ lr: true }).shape,
  }),
  opt('sam', {
    lr: lrOpt(),
    ...samSchema.shape,
    momentum: unit().default(0),
    ...decay(),
  }),
  opt('sophia', { lr: jsonLr(sophiaSchema.shape.lr), ...sophiaSchema.omit({ lr: true }).shape }),
  opt('muon', {
    lr: jsonLr(muonSchema.shape.lr),
    ...muonSchema.pick({
      momentum: true,
      nesterov: true,
      nsSteps: true,
      nsPrecision: true,
      adjustLr: true,
    }).shape,
    adamLr: jsonLr(muonAdamwSchema.shape.lr),
    adamWeightDecay: muonAdamwSchema.shape.weightDecay,
    weightDecay: muonSchema.shape.weightDecay,
  }),
  opt('shampoo', {
    lr: jsonLr(shampooSchema.shape.lr),
    ...shampooSchema.omit({ lr: true, matrices: true }).shape,
  }),
  opt('soap', {
    lr: jsonLr(soapSchema.shape.lr),
    ...soapSchema.omit({ lr: true, matrices: true, shampooBeta: true }).shape,
  }),
  opt('adahessian', {
    lr: jsonLr(adahessianSchema.shape.lr),
    ...adahessianSchema.omit({ lr: true }).shape,
  }),
]);

export const clipSchema = z.union([
  z.strictObject({ globalNorm: pos() }),
  z.strictObject({ value: pos() }),
]);

/** The fields of a `trace` spec this module owns; the CLI adds `problem` and `x0`. */
export const traceSpecShape = {
  optimizer: optimizerSchema,
  steps: z.number().int().min(0),
  schedule: scheduleSchema.optional(),
  clip: clipSchema.optional(),
  dtype: z.enum(['float64', 'float32']).default('float64'),
};

const NEEDS_LR = new Set(['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'delta-bar-delta']);

/** `traceSpecShape` as a strict object, with "lr required unless a schedule is given". */
export const traceSpecSchema = z.strictObject(traceSpecShape).superRefine((v, ctx) => {
  if (NEEDS_LR.has(v.optimizer.name) && v.optimizer.lr === undefined && !v.schedule) {
    ctx.addIssue({
      code: 'custom',
      path: ['optimizer', 'lr'],
      message: `required for ${v.optimizer.name} when no schedule is given`,
    });
  }
});

export type OptimizerSpec = z.output<typeof optimizerSchema>;
export type OptimizerSpecInput = z.input<typeof optimizerSchema>;
export type ClipSpec = z.output<typeof clipSchema>;
export type ClipSpecInput = z.input<typeof clipSchema>;
export type TraceSpec = z.output<typeof traceSpecSchema>;
export type TraceSpecInput = z.input<typeof traceSpecSchema>;

/** One line naming the offending field: `optimizer.lr: Too small: expected number to be >0`. */
export function specErrorMessage(err: z.ZodError, prefix = ''): string {
  const issue = err.issues[0];
  if (!issue) return `${prefix || 'spec'}: invalid`;
  const path = [prefix, ...issue.path.map(String)].filter((s) => s !== '').join('.');
  const extra =
    issue.code === 'unrecognized_keys' ? ` (${(issue as { keys: string[] }).keys.join(', ')})` : '';
  return `${path || 'spec'}: ${issue.message}${extra}`;
}

/** Runs `pre` on the gradient, then `opt` (keeping `opt`'s fused step); the state is `[pre's, opt's]`. */
function prepend(pre: Transform, opt: Optimizer): Optimizer<[unknown, unknown]> {
  const c = chain(pre, opt);
  if (!opt.step) return c;
  return {
    ...c,
    step(p, g, s) {
      pre.update(g, s[0], p);
      step(opt, p, g, s[1]);
    },
  };
}

export interface FromSpecOptions {
  /** A schedule (spec or function) that overrides the optimizer's lr. */
  schedule?: ScheduleSpecInput | Schedule;
  /** Clipping of the raw gradient, before weight decay and the optimizer. */
  clip?: ClipSpecInput;
  /** Elements weight decay touches (e.g. a model's weights, not its biases). Default: all. */
  mask?: Mask;
  /**
   * The 2-D weight matrices inside θ (from a model's parameters), for the
   * optimizers that need them (muon, shampoo, soap), and θ's length.
   */
  matrices?: { blocks: readonly MatrixBlock[]; size: number };
}

/**
 * The optimizer of a spec (validated here; throws a ZodError on a bad spec, a
 * TypeError when lr is missing without a schedule). With `clip`, the result is
 * `chain(clip, optimizer)`.
 */
export function optimizerFromSpec(spec: OptimizerSpecInput, o: FromSpecOptions = {}): Optimizer {
  const s = optimizerSchema.parse(spec);
  let lr: Hyper | undefined = s.lr;
  if (o.schedule !== undefined) {
    lr = typeof o.schedule === 'function' ? o.schedule : scheduleFromSpec(o.schedule);
  }
  if (lr === undefined) {
    throw new TypeError(`optimizer.lr: required for ${s.name} when no schedule is given`);
  }
  const opt = build(s, lr, o.mask === undefined ? {} : { mask: o.mask }, o.matrices);
  if (o.clip === undefined) return opt;
  const c = clipSchema.parse(o.clip);
  return prepend('globalNorm' in c ? clipByGlobalNorm(c.globalNorm) : clipByValue(c.value), opt);
}

/** A validated spec's own options: everything but `name` and `lr`. */
function own<T extends { name: string; lr?: unknown }>(s: T): Omit<T, 'name' | 'lr'> {
  const { name: _n, lr: _l, ...rest } = s;
  return rest;
}

function build(
  s: OptimizerSpec,
  lr: Hyper,
  m: { mask?: Mask },
  matrices?: FromSpecOptions['matrices'],
): Optimizer {
  const needMatrices = () => {
    if (!matrices)
      throw new TypeError(
        `optimizer ${s.name}: needs a model's weight matrices (optlab train, fit); it cannot run on a plain vector problem`,
      );
    return matrices;
  };
  const wrap = (t: Transform): Optimizer => chain(t);
  switch (s.name) {
    case 'sgd':
      return sgd({ lr, weightDecay: s.weightDecay, ...m });
    case 'momentum':
      return momentum({ lr, momentum: s.momentum, weightDecay: s.weightDecay, ...m });
    case 'nesterov':
      return nesterov({ lr, momentum: s.momentum, weightDecay: s.weightDecay, ...m });
    case 'adagrad':
      return adagrad({ lr, eps: s.eps, weightDecay: s.weightDecay, ...m });
    case 'rmsprop':
      return rmsprop({ ...own(s), lr, ...m });
    case 'adam':
      return adam({ ...own(s), lr, ...m });
    case 'adamw':
      return adamw({ ...own(s), lr, ...m });
    case 'delta-bar-delta':
      return wrap(deltaBarDelta({ lr, kappa: s.kappa, phi: s.phi, theta: s.theta }));
    case 'nadam':
      return nadam({ ...own(s), lr, ...m });
    case 'radam':
      return radam({ ...own(s), lr, ...m });
    case 'adamax':
      return adamax({ ...own(s), lr, ...m });
    case 'adadelta':
      return adadelta({ ...own(s), lr, ...m });
    case 'lion':
      return lion({ ...own(s), lr, ...m });
    case 'dlfs-adagrad':
      return dlfsAdagrad({ lr });
    case 'dlfs-rmsprop':
      return dlfsRmsprop({ lr, decay: s.decay });
    case 'dlfs-adam':
      return wrap(dlfsAdam({ lr, b1: s.b1, b2: s.b2 }));
    case 'dlfs-nesterov':
      return wrap(dlfsNesterov({ lr, momentum: s.momentum }));
    case 'schedule-free-sgd':
      return wrap(scheduleFreeSgd({ ...own(s), lr }));
    case 'schedule-free-adamw':
      return wrap(scheduleFreeAdamw({ ...own(s), lr }));
    case 'sam': {
      const base =
        s.momentum > 0
          ? momentum({ lr, momentum: s.momentum, weightDecay: s.weightDecay, ...m })
          : sgd({ lr, weightDecay: s.weightDecay, ...m });
      return wrap(sam(base, { rho: s.rho, adaptive: s.adaptive }));
    }
    case 'sophia':
      return wrap(sophia({ ...own(s), lr }));
    case 'adahessian':
      return wrap(adahessian({ ...own(s), lr }));
    case 'muon': {
      const mx = needMatrices();
      const { adamLr, adamWeightDecay, ...rest } = own(s);
      return wrap(
        muonWithAdamw(
          { ...rest, lr, matrices: mx.blocks, adamw: { lr: adamLr, weightDecay: adamWeightDecay } },
          mx.size,
        ),
      );
    }
    case 'shampoo':
      return wrap(shampoo({ ...own(s), lr, matrices: needMatrices().blocks }));
    case 'soap':
      return wrap(soap({ ...own(s), lr, matrices: needMatrices().blocks }));
  }
}
