/**
 * The one way optlab validates options: a zod schema per entry point, parsed
 * once into the fully filled internal form (defaults live in the schema, so
 * they are written once and the JSON specs reuse them), with one error shape.
 *
 * A bad option throws {@link OptionError} whose message is one line naming the
 * entry point, the option, what is allowed and what was given:
 *
 *     adam: option lr must be a number > 0, got -1
 *     adam: unknown option lrr (did you mean lr?)
 *
 * Usage (inside the library):
 *
 *     const schema = z.strictObject({ lr: positive().default(1e-3) });
 *     const o = parseOptions('adam', schema, opts); // { lr: 0.001 } for {}
 */
import { z } from 'zod';

/** A bad option: `where` is the entry point, `option` the dotted path of the option ('' for the whole input). */
export class OptionError extends RangeError {
  override name = 'OptionError';
  constructor(
    message: string,
    readonly where: string,
    readonly option: string,
  ) {
    super(message);
  }
}

/**
 * Parses `input` with `schema`; on failure throws an {@link OptionError} for the
 * first problem. `undefined` input is read as `{}` for object schemas.
 */
export function parseOptions<S extends z.ZodType>(
  where: string,
  schema: S,
  input: unknown,
): z.output<S> {
  const r = schema.safeParse(input === undefined ? {} : input);
  if (r.success) return r.data;
  throw optionError(where, r.error, input, schema);
}

/** The {@link OptionError} for a zod error (the first issue), as {@link parseOptions} throws it. */
export function optionError(
  where: string,
  err: z.ZodError,
  input?: unknown,
  schema?: z.ZodType,
): OptionError {
  const issue = err.issues[0];
  if (!issue) return new OptionError(`${where}: invalid options`, where, '');
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys;
    const known = schema ? keysAt(schema, issue.path) : [];
    const hints = keys.map((k) => {
      const near = closest(k, known);
      return near ? `${k} (did you mean ${near}?)` : k;
    });
    const at = path ? ` in ${path}` : '';
    return new OptionError(
      `${where}: unknown option${keys.length > 1 ? 's' : ''} ${hints.join(', ')}${at}`,
      where,
      path ? `${path}.${keys[0]}` : (keys[0] ?? ''),
    );
  }
  const got = valueAt(input, issue.path);
  const what = path ? `option ${path}` : 'options';
  if (got === undefined && path)
    return new OptionError(`${where}: ${what} is required`, where, path);
  return new OptionError(`${where}: ${what} ${expectation(issue)}, got ${show(got)}`, where, path);
}

function expectation(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${article(issue.expected)}`;
    case 'too_small': {
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
        return `must be a number ${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}`;
      }
      return `must have at least ${String(issue.minimum)} ${issue.origin === 'string' ? 'characters' : 'items'}`;
    }
    case 'too_big': {
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
        return `must be a number ${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}`;
      }
      return `must have at most ${String(issue.maximum)} ${issue.origin === 'string' ? 'characters' : 'items'}`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'invalid_union':
      return 'has no valid form';
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return issue.message.startsWith('must') ? issue.message : `is invalid: ${issue.message}`;
  }
}

function article(t: string): string {
  if (t === 'int') return 'an integer';
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'function') return 'a function';
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (v !== null && typeof v === 'object') return 'an object';
  return String(v);
}

/** The keys an object schema allows at `path` (through optional, default, nullable wrappers). */
function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let s: z.ZodType | undefined = unwrap(schema);
  for (const k of path) {
    if (!(s instanceof z.ZodObject)) return [];
    s = unwrap((s.shape as Record<string, z.ZodType>)[String(k)]);
  }
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

function unwrap(s: z.ZodType | undefined): z.ZodType | undefined {
  let t = s;
  while (
    t instanceof z.ZodOptional ||
    t instanceof z.ZodDefault ||
    t instanceof z.ZodNullable ||
    t instanceof z.ZodPrefault
  ) {
    t = t.unwrap() as z.ZodType;
  }
  return t;
}

/** The candidate within edit distance 2 of `name` (case-insensitive), if any. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const c of candidates) {
    if (c === name) continue;
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] ?? 0;
      row[j] = Math.min(cur + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length] ?? 0;
}
