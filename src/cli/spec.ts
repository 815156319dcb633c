/**
 * Reading and validating the JSON specs of docs/commands.md. A bad spec becomes a
 * `SpecError` whose one-line message names the offending field; the CLI prints
 * it to standard error and exits with status 2.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type ProblemSpec, problemDim } from '../objectives/index.js';

export class SpecError extends Error {
  override name = 'SpecError';
}

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
      message: `must be one of bowl, rosenbrock, beale, himmelblau, saddle, powell, quadratic, mlp (got ${JSON.stringify(name)})`,
    });
    return;
  }
  const r = member.safeParse(val);
  if (!r.success) for (const issue of r.error.issues) ctx.addIssue(issue as never);
});

export const dtypeSchema = z.enum(['float32', 'float64']).default('float64');

/** "field a.b[2]: message" for the first issue. */
export function describeIssue(err: z.ZodError): string {
  const issue = err.issues[0];
  if (!issue) return 'invalid spec';
  let path = '';
  for (const p of issue.path)
    path += typeof p === 'number' ? `[${p}]` : path ? `.${String(p)}` : String(p);
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue as { keys: string[] }).keys;
    const where = path ? ` in ${path}` : '';
    return `unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => JSON.stringify(k)).join(', ')}${where}`;
  }
  return `field ${path || '(root)'}: ${issue.message}`;
}

/** Parses `value` with `schema` or throws a SpecError naming the field. */
export function parseSpec<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new SpecError(`invalid spec: ${describeIssue(r.error)}`);
  return r.data;
}

/** Reads a JSON spec from a file, or from standard input when the path is `-`. */
export function readSpecText(path: string, stdin: () => string): unknown {
  let text: string;
  try {
    text = path === '-' ? stdin() : readFileSync(path, 'utf8');
  } catch (e) {
    throw new SpecError(
      `cannot read spec ${path === '-' ? 'from standard input' : JSON.stringify(path)}: ${(e as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SpecError(`spec is not valid JSON: ${(e as Error).message}`);
  }
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
  }
  if (p.name === 'mlp') {
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
