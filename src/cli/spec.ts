/**
 * Reading and validating the JSON specs of docs/commands.md. A bad spec becomes a
 * `SpecError` whose one-line message names the offending field; the CLI prints
 * it to standard error and exits with status 2.
 */
import { z } from 'zod';
import type { ProblemSpec } from '../objectives/index.js';
import { problemDim } from '../objectives/problems.js';
import { SpecError } from './errors.js';
import { readFileCapped } from './io.js';
import { checkLimit, LIMITS, maxInputBytes } from './limits.js';

export { SpecError };

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
export const vector = z.array(finite);
const matrix = z.array(vector);

export const problemSchema = z.union([
  z.strictObject({
    name: z.enum(['bowl', 'rosenbrock', 'beale', 'himmelblau', 'saddle', 'powell']),
  }),
  z.strictObject({ name: z.literal('quadratic'), A: matrix, b: vector }),
  z.strictObject({
    name: z.literal('mlp'),
    sizes: z.array(z.number().int().positive()).min(2),
    activation: z.enum(['tanh', 'relu', 'sigmoid']),
    loss: z.enum(['softmax-cross-entropy', 'mse']),
    inputs: matrix.min(1),
    targets: z.union([z.array(z.number().int().nonnegative()), matrix]),
  }),
]);

/** The discriminated problem schema, with the member chosen by `name` (clearer errors than a plain union). */
export const problem = z.custom<ProblemSpec>().superRefine((val, ctx) => {
  const name = (val as { name?: unknown } | null)?.name;
  const options = problemSchema.options;
  const member = options.find((o) => {
    const n = o.shape.name;
    return n instanceof z.ZodLiteral
      ? n.value === name
      : (n.options as readonly unknown[]).includes(name);
  });
  if (!member) {
    ctx.addIssue({
      code: 'custom',
      path: ['name'],
      message: `must be one of bowl, rosenbrock, beale, himmelblau, saddle, powell, quadratic, mlp (got ${echo(name)})`,
    });
    return;
  }
  const r = member.safeParse(val);
  if (!r.success) for (const issue of r.error.issues) ctx.addIssue(issue as never);
});

export const dtypeSchema = z.enum(['float32', 'float64']).default('float64');

/** Longest echo of user input in a message (characters). */
export const ECHO_MAX = 60;

/**
 * A short rendering of a piece of user input for an error message: JSON,
 * cut to `max` characters with "…" (a 2 MB key gives a 60-character echo).
 */
export function echo(value: unknown, max = ECHO_MAX): string {
  let s: string;
  try {
    s =
      typeof value === 'string'
        ? JSON.stringify(value.slice(0, max + 1))
        : String(JSON.stringify(value));
  } catch {
    s = typeof value;
  }
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** A path such as `problem.A[2]`, each key cut by {@link echo}'s rule. */
function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else {
      const k = String(p);
      const key = k.length > ECHO_MAX ? `${k.slice(0, ECHO_MAX)}…` : k;
      out += out ? `.${key}` : key;
    }
  }
  return out;
}

/** "field a.b[2]: message" for the first issue. */
export function describeIssue(err: z.ZodError): string {
  const issue = err.issues[0];
  if (!issue) return 'invalid spec';
  const path = pathText(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue as { keys: string[] }).keys;
    const where = path ? ` in ${path}` : '';
    const shown = keys.slice(0, 3).map((k) => echo(k));
    const more = keys.length > 3 ? ` and ${keys.length - 3} more` : '';
    return `unknown field${keys.length > 1 ? 's' : ''} ${shown.join(', ')}${more}${where}`;
  }
  const msg = issue.message.length > 200 ? `${issue.message.slice(0, 200)}…` : issue.message;
  return `field ${path || '(root)'}: ${msg}`;
}

/** Parses `value` with `schema` or throws a SpecError naming the field (`what`: "spec" or "config"). */
export function parseSpec<T>(schema: z.ZodType<T>, value: unknown, what = 'spec'): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new SpecError(`invalid ${what}: ${describeIssue(r.error)}`);
  return r.data;
}

/** Deepest nesting accepted in a spec or config (the real ones nest 5 deep). */
export const MAX_DEPTH = 64;

/** Throws a SpecError when a parsed JSON value nests deeper than {@link MAX_DEPTH} (checked without recursion). */
export function checkDepth(value: unknown, what = 'spec'): void {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d >= MAX_DEPTH)
      throw new SpecError(`invalid ${what}: nested more than ${MAX_DEPTH} levels deep`);
    for (const x of Array.isArray(v) ? v : Object.values(v)) stack.push([x, d + 1]);
  }
}

/**
 * Reads a JSON spec from a file, or from standard input when the path is `-`,
 * with the size cap of `OPTLAB_MAX_INPUT_BYTES` and the nesting cap
 * {@link MAX_DEPTH}; every failure is a SpecError.
 */
export function readSpecText(path: string, stdin: (maxBytes?: number) => string): unknown {
  const from = path === '-' ? 'standard input' : echo(path, 200);
  let text: string;
  try {
    text =
      path === '-' ? stdin(maxInputBytes()) : readFileCapped(path, `spec ${from}`).toString('utf8');
  } catch (e) {
    if (e instanceof SpecError) throw e;
    throw new SpecError(
      `cannot read spec ${path === '-' ? 'from standard input' : from}: ${(e as Error).message}`,
    );
  }
  const max = maxInputBytes();
  if (text.length > max)
    throw new SpecError(
      `spec ${from} is too large (more than ${max} bytes; set OPTLAB_MAX_INPUT_BYTES to raise it)`,
    );
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new SpecError(`spec is not valid JSON: ${(e as Error).message.slice(0, 200)}`);
  }
  checkDepth(value);
  return value;
}

/** Checks that a vector's length fits the problem. */
export function checkProblemVector(p: ProblemSpec, field: string, x: readonly number[]): void {
  const want = problemDim(p);
  if (want !== null && x.length !== want) {
    throw new SpecError(
      `invalid spec: field ${field}: ${p.name} needs ${want} numbers, got ${x.length}`,
    );
  }
  if (want === null && x.length < 2)
    throw new SpecError(`invalid spec: field ${field}: ${p.name} needs at least 2 numbers`);
  if (p.name === 'quadratic') {
    const n = p.b.length;
    if (p.A.length !== n || p.A.some((row) => row.length !== n)) {
      throw new SpecError(`invalid spec: field problem.A: must be ${n}×${n} to match b`);
    }
    checkSymmetric(p.A);
  }
  if (p.name === 'mlp') {
    checkLimit(
      LIMITS.activations,
      p.inputs.length * p.sizes.reduce((a, b) => Math.max(a, b), 0),
      'problem.sizes',
      'spec',
    );
    const n0 = p.sizes[0]!;
    const nL = p.sizes[p.sizes.length - 1]!;
    p.inputs.forEach((row, i) => {
      if (row.length !== n0)
        throw new SpecError(
          `invalid spec: field problem.inputs[${i}]: needs ${n0} numbers, got ${row.length}`,
        );
    });
    if (p.targets.length !== p.inputs.length) {
      throw new SpecError(
        `invalid spec: field problem.targets: ${p.targets.length} targets for ${p.inputs.length} inputs`,
      );
    }
    p.targets.forEach((t, i) => {
      if (p.loss === 'softmax-cross-entropy' && (typeof t !== 'number' || t >= nL)) {
        throw new SpecError(
          `invalid spec: field problem.targets[${i}]: must be a class index in [0, ${nL})`,
        );
      }
      if (p.loss === 'mse' && (!Array.isArray(t) || t.length !== nL)) {
        throw new SpecError(
          `invalid spec: field problem.targets[${i}]: must be a vector of ${nL} numbers`,
        );
      }
    });
  }
}

/**
 * A quadratic's A must be symmetric (CONTRACT: ½ xᵀAx has Hessian (A + Aᵀ)/2,
 * so a non-symmetric A would silently mean another matrix): |A_ij − A_ji| ≤
 * 1e-12 · max(1, |A_ij|, |A_ji|).
 */
export function checkSymmetric(A: readonly (readonly number[])[]): void {
  for (let i = 0; i < A.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = A[i]![j]!;
      const b = A[j]![i]!;
      if (!(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b)))) {
        throw new SpecError(
          `invalid spec: field problem.A: must be symmetric, but A[${i}][${j}] = ${a} and A[${j}][${i}] = ${b}`,
        );
      }
    }
  }
}
