/**
 * zod@4 schemas for the `"method"` and `"options"` fields of docs/commands.md's
 * `optlab minimize` spec. Strict: unknown fields are errors. They are built
 * from the solvers' own option fields (`methodShapes`: the same ranges and
 * defaults the library applies, written once), without `callback`; options a
 * method fills from the problem (e.g. `cgMaxIter` = 20·n) stay optional here.
 */
import { z } from 'zod';
// the solvers' internals, not their public API: the contract is built from them
import { METHODS, type MinimizeOptions, methodShapes } from '../solvers/minimize.js';
import { specSchema } from '../solvers/options.js';

/** `"method"`: one of the method names. */
export const methodSchema = z.enum(METHODS);

/** `"options"` of each method (strict objects, defaults filled). */
export const optionSchemas = {
  gd: specSchema(methodShapes.gd),
  cg: specSchema(methodShapes.cg),
  bfgs: specSchema(methodShapes.bfgs),
  lbfgs: specSchema(methodShapes.lbfgs),
  newton: specSchema(methodShapes.newton),
  'newton-cg': specSchema(methodShapes['newton-cg']),
  'coordinate-descent': specSchema(methodShapes['coordinate-descent']),
  'trust-ncg': specSchema(methodShapes['trust-ncg']),
  'trust-krylov': specSchema(methodShapes['trust-krylov']),
  'gauss-newton': specSchema(methodShapes['gauss-newton']),
  'hessian-free': specSchema(methodShapes['hessian-free']),
} as const;

/**
 * `{"method", "options"}` as one strict discriminated union; absent `options`
 * parse as `{}` (`prefault`), so every option still gets its default.
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
