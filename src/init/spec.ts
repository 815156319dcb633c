/**
 * Initialisers by name, for an MLP builder and JSON/YAML configs:
 * `{ name: 'he-normal' }`, `{ name: 'normal', std: 0.01 }`, or just the string
 * `'he-normal'`. {@link parseInitSpec} validates a raw value (unknown names,
 * unknown or missing options and out-of-range values are errors that name the
 * field) and fills every default; {@link initializerFromSpec} turns the result
 * into an {@link Initializer}; {@link parseInit} does both.
 *
 * DLFS compatibility (`weight_init_std` of its `MultiLayerNet`): a number s means
 * N(0, s²); the strings 'relu' and 'he' mean DLFS He N(0, 2/n_in); 'sigmoid' and
 * 'xavier' mean DLFS Xavier N(0, 1/n_in). Strings are case-insensitive, as in
 * DLFS. Beware: 'xavier' alone is DLFS's (fan-in only); 'xavier-uniform' and
 * 'xavier-normal' are PyTorch's names for Glorot's (fan-in + fan-out).
 */
import { z } from 'zod';
import { closest, parseOptions } from '../options/index.js';
import {
  constant,
  constantOptions,
  identity,
  identityOptions,
  normal,
  normalOptions,
  uniform,
  uniformOptions,
  zeros,
} from './basic.js';
import {
  type LstmGate,
  lstmForgetBias,
  lstmForgetOptions,
  reluBias,
  reluBiasOptions,
  softmaxMarginalBias,
  softmaxMarginalOptions,
} from './bias.js';
import { orthogonal, orthogonalOptions } from './orthogonal.js';
import { sparse, sparseOptions } from './sparse.js';
import { fmt, type Initializer } from './types.js';
import {
  dlfsHe,
  dlfsXavier,
  type FanMode,
  gainOptions,
  glorotNormal,
  glorotUniform,
  heNormal,
  heOptions,
  heUniform,
  lecunNormal,
  lecunUniform,
  varianceScaling,
  varianceScalingOptions,
} from './varianceScaling.js';

/** A named initialiser with its options (all optional unless shown otherwise). */
export type InitSpec =
  | { name: 'zeros' }
  | { name: 'constant'; value: number }
  | { name: 'normal'; std?: number; mean?: number }
  | { name: 'uniform'; lo?: number; hi?: number }
  | { name: 'glorot-uniform'; gain?: number }
  | { name: 'glorot-normal'; gain?: number }
  | { name: 'he-normal'; mode?: 'fan-in' | 'fan-out' }
  | { name: 'he-uniform'; mode?: 'fan-in' | 'fan-out' }
  | { name: 'lecun-normal' }
  | { name: 'lecun-uniform' }
  | { name: 'dlfs-xavier' }
  | { name: 'dlfs-he' }
  | {
      name: 'variance-scaling';
      scale?: number;
      mode?: FanMode;
      distribution?: 'normal' | 'uniform';
    }
  | { name: 'orthogonal'; gain?: number }
  | { name: 'sparse'; k?: number; std?: number }
  | { name: 'identity'; gain?: number }
  | { name: 'relu-bias'; value?: number }
  | { name: 'softmax-marginal'; marginals: number[] }
  | { name: 'lstm-forget'; hidden: number; forget?: number; other?: number; gates?: LstmGate[] };

export type InitName = InitSpec['name'];

type SpecOf<N extends InitName> = Extract<InitSpec, { name: N }>;

interface Entry<S extends InitSpec> {
  /** The options (all but `name`): checks, and the defaults, written once (in the factory's file). */
  schema: z.ZodType<Omit<S, 'name'>>;
  build(spec: S): Initializer;
}

const none = z.strictObject({});

// Typed so that an InitSpec name without an entry is a compile error.
const TABLE: { [N in InitName]: Entry<SpecOf<N>> } = {
  zeros: { schema: none, build: () => zeros() },
  constant: { schema: constantOptions, build: (s) => constant(s.value) },
  normal: { schema: normalOptions, build: (s) => normal(s.std, s.mean) },
  uniform: { schema: uniformOptions, build: (s) => uniform(s.lo, s.hi) },
  'glorot-uniform': { schema: gainOptions, build: (s) => glorotUniform(opt(s)) },
  'glorot-normal': { schema: gainOptions, build: (s) => glorotNormal(opt(s)) },
  'he-normal': { schema: heOptions, build: (s) => heNormal(opt(s)) },
  'he-uniform': { schema: heOptions, build: (s) => heUniform(opt(s)) },
  'lecun-normal': { schema: none, build: () => lecunNormal() },
  'lecun-uniform': { schema: none, build: () => lecunUniform() },
  'dlfs-xavier': { schema: none, build: () => dlfsXavier() },
  'dlfs-he': { schema: none, build: () => dlfsHe() },
  'variance-scaling': { schema: varianceScalingOptions, build: (s) => varianceScaling(opt(s)) },
  orthogonal: { schema: orthogonalOptions, build: (s) => orthogonal(s.gain) },
  sparse: { schema: sparseOptions, build: (s) => sparse(s.k, s.std) },
  identity: { schema: identityOptions, build: (s) => identity(s.gain) },
  'relu-bias': { schema: reluBiasOptions, build: (s) => reluBias(s.value) },
  'softmax-marginal': {
    schema: softmaxMarginalOptions,
    build: (s) => softmaxMarginalBias(s.marginals),
  },
  'lstm-forget': { schema: lstmForgetOptions, build: (s) => lstmForgetBias(opt(s)) },
};

/** The spec without its name, as an options object for a factory. */
function opt<S extends { name: string }>(s: S): Omit<S, 'name'> {
  const { name: _, ...rest } = s;
  return rest;
}

/** Other accepted names and what they mean. */
export const INIT_ALIASES = {
  // DLFS weight_init_std strings
  relu: 'dlfs-he',
  he: 'dlfs-he',
  sigmoid: 'dlfs-xavier',
  xavier: 'dlfs-xavier',
  // PyTorch names (Glorot's fan-average rule, not DLFS's)
  'xavier-uniform': 'glorot-uniform',
  'xavier-normal': 'glorot-normal',
  'kaiming-normal': 'he-normal',
  'kaiming-uniform': 'he-uniform',
  ones: 'constant',
} as const satisfies Readonly<Record<string, InitName>>;

/** The other accepted names ({@link INIT_ALIASES}). */
export type InitAlias = keyof typeof INIT_ALIASES;

/**
 * What an `init` option accepts: a spec object, a canonical name or an alias,
 * or DLFS's `weight_init_std` number (N(0, s²)). A misspelt name is a compile
 * error in TypeScript and a RangeError naming the known names at run time.
 */
export type InitInput = InitSpec | InitName | InitAlias | number;

/** Every canonical name. */
export const INIT_NAMES: readonly InitName[] = Object.keys(TABLE) as InitName[];

function resolveName(raw: unknown): InitName {
  if (typeof raw !== 'string') {
    throw new TypeError(`init spec: 'name' must be a string, got ${fmt(raw)}`);
  }
  const key = raw.trim().toLowerCase();
  if (Object.hasOwn(TABLE, key)) return key as InitName;
  if (Object.hasOwn(INIT_ALIASES, key)) return INIT_ALIASES[key as InitAlias];
  const known = [...INIT_NAMES, ...Object.keys(INIT_ALIASES)];
  const near = closest(key, known);
  throw new RangeError(
    `init spec: unknown initialiser ${fmt(raw)}${near ? ` (did you mean ${near}?)` : ''}; expected one of ${known.join(', ')}`,
  );
}

/**
 * Validates a raw spec (an object with `name`, a name string, or a DLFS
 * `weight_init_std` number) and returns it with its canonical name and every
 * default filled in (the defaults live in each factory's options schema). Throws
 * an OptionError (a RangeError) naming the bad option and value, a RangeError for
 * an unknown name (suggesting the nearest), a TypeError for a value of the wrong shape.
 */
export function parseInitSpec(raw: unknown): InitSpec {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw) || raw < 0) {
      throw new RangeError(
        `init spec: a number is DLFS's weight_init_std and must be ≥ 0, got ${raw}`,
      );
    }
    return { name: 'normal', ...parseOptions('init spec', normalOptions, { std: raw }) };
  }
  let obj: Record<string, unknown>;
  let rawName: unknown;
  if (typeof raw === 'string') {
    rawName = raw;
    obj = {};
  } else if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    obj = raw as Record<string, unknown>;
    if (!('name' in obj)) throw new TypeError(`init spec: missing 'name' in ${fmt(raw)}`);
    rawName = obj.name;
  } else {
    throw new TypeError(
      `init spec: expected an object with 'name', a name string or a number, got ${fmt(raw)}`,
    );
  }
  const name = resolveName(rawName);
  const entry = TABLE[name] as Entry<InitSpec>;
  const { name: _, ...given } = obj;
  const ones = typeof rawName === 'string' && rawName.trim().toLowerCase() === 'ones';
  const options = parseOptions(
    `init spec '${name}'`,
    entry.schema,
    ones ? { value: 1, ...given } : given,
  );
  const spec = { name, ...options } as InitSpec;
  entry.build(spec); // so that anything the factory refuses is reported here too
  return spec;
}

/**
 * An `init` option as a zod schema, for option schemas and JSON specs to reuse:
 * accepts any {@link InitInput} and gives its filled {@link InitSpec}; a bad
 * value is an issue carrying {@link parseInitSpec}'s message.
 */
export const initSpecSchema = z.unknown().transform((v, ctx): InitSpec => {
  try {
    return parseInitSpec(v);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
    return z.NEVER;
  }
});

/** The initialiser named by an already validated spec. */
export function initializerFromSpec(spec: InitSpec): Initializer {
  return (TABLE[spec.name] as Entry<InitSpec>).build(spec);
}

/** `initializerFromSpec(parseInitSpec(raw))`. */
export function parseInit(raw: unknown): Initializer {
  return initializerFromSpec(parseInitSpec(raw));
}
