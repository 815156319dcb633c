/**
 * `optlab tune SPEC` (docs/commands.md): the strict schema of the tune spec and
 * `runTuneSpec`, which runs it.
 *
 * Spec: `{"objective": {"name": "branin" | "hartmann6" | "rosenbrock", "dim"
 * (rosenbrock only, integer ≥ 2, default 2)} | {"name": "mlp-mnist", …} (value:
 * the validation error 1 − accuracy of the last epoch, minimised)
 * (training an MLP on MNIST over its learning rate and weight decay; fields in
 * mlpSpec.ts; maximises the validation accuracy), "sampler": {"name", …options},
 * "trials": N, "seed": S (integer, default 0)}`. Samplers and their options
 * (defaults in each sampler's file):
 * - `random`
 * - `grid`: `points` (levels per parameter), `shuffle`
 * - `halton`: `scramble`
 * - `dlfs`: `rounds`, `roundSize`, `keep`, `margin`
 * - `gp`: `initial`, `candidates`, `localStarts`, `restarts`, `xi`
 * Parameters of the test objectives are named x1, x2, …, xn. Unknown fields are
 * errors (`TuneSpecError`, a TypeError naming the field's path).
 *
 * Result (run.ts): `{best: {value, params}, trials: [{params, value}, …]}` — the finished
 * trials in the order they finished (for one worker, trial-number order),
 * failed ones left out, pruned ones with their last intermediate value; `best`
 * is the best complete trial. The same spec and seed give the same trials, also
 * when a study is resumed after a crash; with several workers the adaptive
 * samplers (dlfs, gp) depend on which trials had finished when each was
 * proposed, so only the non-adaptive ones (random, grid, halton) reproduce the
 * same set of trials, possibly in another order.
 *
 * `"pruner"` (optional): `{"name": "median", startupTrials, warmupSteps,
 * minTrials}` or `{"name": "successive-halving", minResource,
 * reductionFactor}` (pruner.ts); it stops trials whose intermediate values
 * (reported by training objectives) lag behind the study's other trials, from
 * every worker.
 */
import { z } from 'zod';
import { closest, optionError } from '../options/index.js';
import { dlfsOptionsSchema, dlfsSampler } from './dlfsSampler.js';
import { gpSampler, gpSamplerOptionsSchema } from './gpSampler.js';
import { mlpMnistObjective, mlpMnistSchema } from './mlpSpec.js';
import type { TrialContext, TuneObjective } from './objective.js';
import {
  halvingOptionsSchema,
  medianOptionsSchema,
  medianPruner,
  type Pruner,
  successiveHalvingPruner,
} from './pruner.js';
import {
  gridOptionsSchema,
  gridSampler,
  haltonSampler,
  haltonSamplerOptionsSchema,
  randomSampler,
  type Sampler,
} from './sampler.js';
import { branin, hartmann6, rosenbrock } from './testObjectives.js';

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max);

export const tuneObjectiveSchema = z.discriminatedUnion('name', [
  z.strictObject({ name: z.literal('branin') }),
  z.strictObject({ name: z.literal('hartmann6') }),
  z.strictObject({ name: z.literal('rosenbrock'), dim: int(2, 1000).optional() }),
  mlpMnistSchema,
]);

/**
 * A library options schema as a spec entry `{"name": name, …options}`: the same
 * checks, every option optional and left unfilled (the library fills the
 * defaults when it builds the sampler or pruner), so a stored study's
 * configuration holds what the spec said.
 */
function entry<N extends string, S extends z.ZodRawShape>(name: N, schema: z.ZodObject<S>) {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([k, v]) => [
      k,
      v instanceof z.ZodDefault ? (v.unwrap() as z.ZodType).optional() : v,
    ]),
  ) as { [K in keyof S]: z.ZodOptional<z.ZodType<z.output<S[K]>>> };
  return z.strictObject({ name: z.literal(name), ...shape });
}

export const tuneSamplerSchema = z.discriminatedUnion('name', [
  z.strictObject({ name: z.literal('random') }),
  entry('grid', gridOptionsSchema),
  entry('halton', haltonSamplerOptionsSchema),
  entry('dlfs', dlfsOptionsSchema),
  entry('gp', gpSamplerOptionsSchema.omit({ noise: true })),
]);

export const tunePrunerSchema = z.discriminatedUnion('name', [
  entry('median', medianOptionsSchema),
  entry('successive-halving', halvingOptionsSchema),
]);

export const tuneSpecSchema = z.strictObject({
  objective: tuneObjectiveSchema,
  sampler: tuneSamplerSchema,
  pruner: tunePrunerSchema.optional(),
  trials: int(1, 1_000_000),
  seed: z.number().int().optional(),
});

export type TuneSpec = z.infer<typeof tuneSpecSchema>;

/**
 * A bad spec; `field` is the offending path, e.g. "sampler.points". The message
 * reads as a library option error does (`tune spec: option sampler.keep must be
 * a number ≤ 1, got 2`), since the samplers' and pruners' options are checked by
 * the library's own schemas.
 */
export class TuneSpecError extends TypeError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'TuneSpecError';
  }
}

/** Validates a spec (parsed JSON), throwing `TuneSpecError` on the first problem. */
export function parseTuneSpec(input: unknown): TuneSpec {
  const r = tuneSpecSchema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const path = [...issue.path];
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const near = closest(key, knownKeys(input, issue.path));
    const field = [...path, key].join('.');
    const hint = near ? ` (did you mean ${near}?)` : '';
    throw new TuneSpecError(field, `tune spec: unknown option ${field}${hint}`);
  }
  const part = specPart(path[0]);
  if (issue.code === 'invalid_union' && part && path.length === 2 && path[1] === 'name') {
    const names = part.options.map((o) => o.shape.name.value).join(', ');
    const got = JSON.stringify(
      (input as Record<string, { name?: unknown }>)[String(path[0])]?.name,
    );
    throw new TuneSpecError(
      path.join('.'),
      `tune spec: option ${path.join('.')} must be one of ${names}, got ${got}`,
    );
  }
  throw new TuneSpecError(
    path.join('.'),
    optionError('tune spec', r.error, input, tuneSpecSchema).message,
  );
}

function specPart(key: PropertyKey | undefined) {
  if (key === 'objective') return tuneObjectiveSchema;
  if (key === 'sampler') return tuneSamplerSchema;
  if (key === 'pruner') return tunePrunerSchema;
  return undefined;
}

/** The fields the spec allows at `path` ([] or one of objective, sampler, pruner, chosen by its name). */
function knownKeys(input: unknown, path: readonly PropertyKey[]): string[] {
  if (path.length === 0) return Object.keys(tuneSpecSchema.shape);
  const part = specPart(path[0]);
  if (!part || path.length > 1) return [];
  const name = (input as Record<string, { name?: unknown }>)[String(path[0])]?.name;
  const member = part.options.find((o) => o.shape.name.value === name);
  return member ? Object.keys(member.shape) : [];
}

export function makeObjective(o: TuneSpec['objective']): TuneObjective {
  switch (o.name) {
    case 'branin':
      return branin;
    case 'hartmann6':
      return hartmann6;
    case 'rosenbrock':
      return rosenbrock(o.dim ?? 2);
    case 'mlp-mnist': {
      // docs/commands.md: `tune` minimises. The value of the training objective is the
      // validation error, 1 − accuracy (intermediate values too, so pruners see
      // the same direction); the experiment uses the accuracy form directly.
      const { name: _n, ...rest } = o;
      const acc = mlpMnistObjective(rest);
      return {
        name: acc.name,
        space: acc.space,
        direction: 'minimize',
        async evaluate(params, trial) {
          const wrapped: TrialContext = {
            number: trial.number,
            params: trial.params,
            report: (step, value) => trial.report(step, 1 - value),
            shouldPrune: () => trial.shouldPrune(),
          };
          return 1 - (await acc.evaluate(params, wrapped));
        },
      };
    }
  }
}

/** Builds the sampler a spec names (options not given take the sampler's defaults). */
export function makeSampler(s: TuneSpec['sampler']): Sampler {
  const { name, ...rest } = s;
  const opts = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  switch (name) {
    case 'random':
      return randomSampler();
    case 'grid':
      return gridSampler(opts);
    case 'halton':
      return haltonSampler(opts);
    case 'dlfs':
      return dlfsSampler(opts);
    case 'gp':
      return gpSampler(opts);
  }
}

/** Builds the pruner a spec names (none when absent). */
export function makePruner(p: TuneSpec['pruner']): Pruner | undefined {
  if (!p) return undefined;
  const { name, ...rest } = p;
  const opts = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  return name === 'median' ? medianPruner(opts) : successiveHalvingPruner(opts);
}

/** What identifies a study run from a spec (the trial budget may grow on resume). */
export function studyConfig(spec: TuneSpec): unknown {
  return {
    objective: spec.objective,
    sampler: spec.sampler,
    seed: spec.seed ?? 0,
    ...(spec.pruner ? { pruner: spec.pruner } : {}),
  };
}

/** The spec of a stored study (its config and budget), for workers that join it. */
export function specFromStudy(config: unknown, nTrials: number | null): TuneSpec {
  const c = (config ?? {}) as Record<string, unknown>;
  try {
    return parseTuneSpec({ ...c, trials: nTrials ?? 0 });
  } catch (e) {
    throw new RangeError(
      `the stored study is not a tune study this optlab can run (${(e as Error).message})`,
    );
  }
}
