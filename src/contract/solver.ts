/**
 * zod@4 schemas for the `"method"` and `"options"` fields of docs/commands.md's
 * `optlab minimize` spec. Strict: unknown fields are errors. `gtol` defaults to
 * 1e-6 and `maxIter` to 1000; every other option is optional and takes the
 * method's own default (see each method's file). Ranges here mirror the checks
 * of the solvers (which validate again, so library callers get the same errors).
 */
import { z } from 'zod';
import { METHODS, type MinimizeOptions } from '../solvers/minimize.js';

const pos = () => z.number().positive();
const unitOpen = () => z.number().gt(0).lt(1);

const common = {
  gtol: z.number().nonnegative().default(1e-6),
  ftol: z.number().nonnegative().optional(),
  xtol: z.number().nonnegative().optional(),
  maxIter: z.number().int().nonnegative().default(1000),
  maxFev: z.number().int().positive().optional(),
  c1: unitOpen().optional(),
  c2: unitOpen().optional(),
  rho: unitOpen().optional(),
  maxLineSearch: z.number().int().positive().optional(),
};

/** The stopping options alone (methods without a line search). */
const stopping = {
  gtol: common.gtol,
  ftol: common.ftol,
  xtol: common.xtol,
  maxIter: common.maxIter,
  maxFev: common.maxFev,
};
/** Trust-region methods: the stopping options and the radius ones. */
const trustCommon = {
  ...stopping,
  initialTrustRadius: pos().optional(),
  maxTrustRadius: pos().optional(),
  eta: z.number().gte(0).lt(0.25).optional(),
};

const allKinds = z.enum(['wolfe', 'more-thuente', 'armijo', 'exact', 'none']);

/** `"method"`: one of the method names. */
export const methodSchema = z.enum(METHODS);

/** `"options"` of each method (strict objects). */
export const optionSchemas = {
  gd: z.strictObject({ ...common, lineSearch: allKinds.optional(), step: pos().optional() }),
  cg: z.strictObject({
    ...common,
    lineSearch: z.enum(['wolfe', 'more-thuente', 'armijo', 'exact']).optional(),
    variant: z.enum(['scipy', 'restarts']).optional(),
    beta: z.enum(['fr', 'pr', 'pr+']).optional(),
    restartEvery: z.number().int().positive().optional(),
    restartThreshold: pos().optional(),
  }),
  bfgs: z.strictObject({
    ...common,
    lineSearch: allKinds.optional(),
    initialScaling: z.boolean().optional(),
    initialStep: z.enum(['decrease', 'unit']).optional(),
  }),
  lbfgs: z.strictObject({
    ...common,
    lineSearch: allKinds.optional(),
    memory: z.number().int().positive().optional(),
  }),
  newton: z.strictObject({
    ...common,
    lineSearch: z.enum(['wolfe', 'more-thuente', 'armijo', 'none']).optional(),
    regularize: z.boolean().optional(),
    shift: pos().optional(),
  }),
  'newton-cg': z.strictObject({
    ...common,
    lineSearch: z.enum(['wolfe', 'more-thuente', 'armijo', 'none']).optional(),
    cgMaxIter: z.number().int().positive().optional(),
    forcing: unitOpen().optional(),
  }),
  'coordinate-descent': z.strictObject({
    ...common,
    lineSearch: allKinds.optional(),
    order: z.enum(['cyclic', 'random']).optional(),
    blockSize: z.number().int().positive().optional(),
    seed: z.number().int().optional(),
    step: pos().optional(),
  }),
  'trust-ncg': z.strictObject({
    ...trustCommon,
    cgMaxIter: z.number().int().positive().optional(),
  }),
  'trust-krylov': z.strictObject({
    ...trustCommon,
    krylovMaxIter: z.number().int().positive().optional(),
  }),
  'gauss-newton': z.strictObject({
    ...stopping,
    tau: pos().optional(),
    cgMaxIter: z.number().int().positive().optional(),
    cgTol: z.number().nonnegative().optional(),
  }),
  'hessian-free': z.strictObject({
    ...stopping,
    damping: pos().optional(),
    cgMaxIter: z.number().int().positive().optional(),
    progressEps: pos().optional(),
    warmStart: z.number().min(0).max(1).optional(),
  }),
} as const;

/**
 * `{"method", "options"}` as one strict discriminated union; absent `options`
 * parse as `{}` (`prefault`), so gtol and maxIter still get their defaults.
 */
export const methodAndOptionsSchema = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('gd'), options: optionSchemas.gd.prefault({}) }),
  z.strictObject({ method: z.literal('cg'), options: optionSchemas.cg.prefault({}) }),
  z.strictObject({ method: z.literal('bfgs'), options: optionSchemas.bfgs.prefault({}) }),
  z.strictObject({ method: z.literal('lbfgs'), options: optionSchemas.lbfgs.prefault({}) }),
  z.strictObject({ method: z.literal('newton'), options: optionSchemas.newton.prefault({}) }),
  z.strictObject({
    method: z.literal('newton-cg'),
    options: optionSchemas['newton-cg'].prefault({}),
  }),
  z.strictObject({
    method: z.literal('coordinate-descent'),
    options: optionSchemas['coordinate-descent'].prefault({}),
  }),
  z.strictObject({
    method: z.literal('trust-ncg'),
    options: optionSchemas['trust-ncg'].prefault({}),
  }),
  z.strictObject({
    method: z.literal('trust-krylov'),
    options: optionSchemas['trust-krylov'].prefault({}),
  }),
  z.strictObject({
    method: z.literal('gauss-newton'),
    options: optionSchemas['gauss-newton'].prefault({}),
  }),
  z.strictObject({
    method: z.literal('hessian-free'),
    options: optionSchemas['hessian-free'].prefault({}),
  }),
]);

/**
 * The whole `minimize` spec `{problem, x0, method, options}`, strict, given the
 * schema of `"problem"` (owned by the CLI/objectives layer).
 */
export function minimizeSpecSchema<P extends z.ZodType>(problem: P) {
  const base = { problem, x0: z.array(z.number()).min(1) };
  return z.discriminatedUnion('method', [
    z.strictObject({ ...base, method: z.literal('gd'), options: optionSchemas.gd.prefault({}) }),
    z.strictObject({ ...base, method: z.literal('cg'), options: optionSchemas.cg.prefault({}) }),
    z.strictObject({
      ...base,
      method: z.literal('bfgs'),
      options: optionSchemas.bfgs.prefault({}),
    }),
    z.strictObject({
      ...base,
      method: z.literal('lbfgs'),
      options: optionSchemas.lbfgs.prefault({}),
    }),
    z.strictObject({
      ...base,
      method: z.literal('newton'),
      options: optionSchemas.newton.prefault({}),
    }),
    z.strictObject({
      ...base,
      method: z.literal('newton-cg'),
      options: optionSchemas['newton-cg'].prefault({}),
    }),
    z.strictObject({
      ...base,
      method: z.literal('coordinate-descent'),
      options: optionSchemas['coordinate-descent'].prefault({}),
    }),
    z.strictObject({
      ...base,
      method: z.literal('trust-ncg'),
      options: optionSchemas['trust-ncg'].prefault({}),
    }),
    z.strictObject({
      ...base,
      method: z.literal('trust-krylov'),
      options: optionSchemas['trust-krylov'].prefault({}),
    }),
    z.strictObject({
      ...base,
      method: z.literal('gauss-newton'),
      options: optionSchemas['gauss-newton'].prefault({}),
    }),
    z.strictObject({
      ...base,
      method: z.literal('hessian-free'),
      options: optionSchemas['hessian-free'].prefault({}),
    }),
  ]);
}

/** Turns parsed `method` and `options` into the argument of `minimize`. */
export function toMinimizeOptions(
  method: z.infer<typeof methodSchema>,
  options: object,
): MinimizeOptions {
  return { ...options, method } as MinimizeOptions;
}
