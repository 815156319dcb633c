/**
 * The names and fields a JSON command accepts, read from the zod schemas it
 * validates with (so `--help`, docs/commands.md and the code cannot disagree):
 * every problem, optimizer, schedule, method, sampler and objective, and each
 * one's fields with their defaults.
 */
import type { z } from 'zod';
import { optimizerSchema, scheduleSchema } from '../contract/index.js';
import { optionSchemas } from '../contract/solver.js';
import { METHODS } from '../solvers/minimize.js';
import { MLP_MNIST_DEFAULTS } from '../tune/mlpSpec.js';
import { tuneObjectiveSchema, tuneSamplerSchema } from '../tune/spec.js';
import { problemSchema } from './spec.js';

/** One field of a spec object: required, optional, or with a default. */
export interface FieldInfo {
  name: string;
  kind: 'required' | 'optional' | 'default';
  default?: unknown;
  /** The values allowed, when the field is an enumeration. */
  values?: string[];
}

/** A named member of a family (an optimizer, a problem, …) and its fields. */
export interface MemberInfo {
  name: string;
  fields: FieldInfo[];
}

type Shape = Record<string, z.ZodType>;

/** The fields of an object schema's shape, `skip` left out. */
export function fieldsOf(shape: Shape, skip: readonly string[] = ['name']): FieldInfo[] {
  return Object.entries(shape)
    .filter(([k]) => !skip.includes(k))
    .map(([name, t]): FieldInfo => {
      const def = t.def as { type: string; defaultValue?: unknown; innerType?: z.ZodType };
      const inner = (def.innerType?.def ?? def) as { type: string; entries?: object };
      const values =
        inner.type === 'enum' ? { values: Object.values(inner.entries ?? {}).map(String) } : {};
      if (def.type === 'default')
        return { name, kind: 'default', default: def.defaultValue, ...values };
      if (def.type === 'optional') return { name, kind: 'optional', ...values };
      return { name, kind: 'required', ...values };
    });
}

/** The members of a union of objects told apart by a literal (or enum) `name`. */
function members(options: readonly z.ZodType[]): MemberInfo[] {
  const out: MemberInfo[] = [];
  for (const o of options) {
    const shape = (o as unknown as { shape: Shape }).shape;
    const n = shape.name!.def as { type: string; values?: unknown[]; entries?: object };
    const names =
      n.type === 'literal' ? (n.values as string[]) : Object.values(n.entries ?? {}).map(String);
    for (const name of names) out.push({ name, fields: fieldsOf(shape) });
  }
  return out;
}

/** Every problem of `eval`, `trace`, `minimize`, `spectrum`. */
export function problems(): MemberInfo[] {
  return members(problemSchema.options);
}

/** Every optimizer of `trace` (and of training configs), with its hyper-parameters. */
export function optimizers(): MemberInfo[] {
  return members(optimizerSchema.options);
}

/** Every learning-rate schedule of `trace`. */
export function schedules(): MemberInfo[] {
  return members(scheduleSchema.options);
}

/** Options every `minimize` method takes. */
export const COMMON_MINIMIZE_OPTIONS = [
  'gtol',
  'ftol',
  'xtol',
  'maxIter',
  'maxFev',
  'c1',
  'c2',
  'rho',
  'maxLineSearch',
] as const;

/** Every `minimize` method with the options of its own (beyond the common ones). */
export function methods(): MemberInfo[] {
  return METHODS.map((m) => ({
    name: m,
    fields: fieldsOf(optionSchemas[m].shape as Shape, COMMON_MINIMIZE_OPTIONS),
  }));
}

/**
 * The options every method shares (from the gd schema, which has them all);
 * `c2`'s default is each method's own (0.9, 0.4 for cg, 0.1 for
 * coordinate-descent), so it is shown without one.
 */
export function commonMinimizeOptions(): FieldInfo[] {
  const shape = optionSchemas.gd.shape as Shape;
  return fieldsOf(Object.fromEntries(COMMON_MINIMIZE_OPTIONS.map((k) => [k, shape[k]!])), []).map(
    (f): FieldInfo => (f.name === 'c2' ? { name: 'c2', kind: 'optional' } : f),
  );
}

/**
 * Every objective of `tune`. The fields of `mlp-mnist` are optional in the
 * schema and filled from `MLP_MNIST_DEFAULTS`, shown here as their defaults.
 */
export function tuneObjectives(): MemberInfo[] {
  const defaults: Record<string, Record<string, unknown>> = {
    'mlp-mnist': { ...MLP_MNIST_DEFAULTS },
    rosenbrock: { dim: 2 },
  };
  return members(tuneObjectiveSchema.options).map((m) => ({
    name: m.name,
    fields: m.fields.map((f) => {
      const d = defaults[m.name]?.[f.name];
      return d === undefined ? f : { ...f, kind: 'default' as const, default: d };
    }),
  }));
}

/** Every sampler of `tune`. */
export function tuneSamplers(): MemberInfo[] {
  return members(tuneSamplerSchema.options);
}

/** A default as JSON, with small numbers in exponent form (1e-6, not 0.000001). */
export function valueText(v: unknown): string {
  return JSON.stringify(v, null, 0).replace(/-?\d+(\.\d+)?(e-?\d+)?/g, (m) => {
    const x = Number(m);
    return x !== 0 && Math.abs(x) < 1e-3 ? x.toExponential().replace('e-', 'e-') : m;
  });
}

/** `lr=0.001`, `kappa` (required), `dim?` (optional, no default), `loss: mse|…`. */
export function fieldText(f: FieldInfo): string {
  const values = f.values ? `: ${f.values.join('|')}` : '';
  if (f.kind === 'default')
    return `${f.name}=${valueText(f.default)}${values && ` (${f.values!.join('|')})`}`;
  return `${f.name}${f.kind === 'optional' ? '?' : ''}${values}`;
}

/** `adam(lr=0.001, b1=0.9, …)`, or the bare name when it has no fields. */
export function memberText(m: MemberInfo): string {
  return m.fields.length === 0 ? m.name : `${m.name}(${m.fields.map(fieldText).join(', ')})`;
}
