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
import { constant, identity, normal, uniform, zeros } from './basic.js';
import { type LstmGate, lstmForgetBias, reluBias, softmaxMarginalBias } from './bias.js';
import { orthogonal } from './orthogonal.js';
import { sparse } from './sparse.js';
import { fmt, type Initializer } from './types.js';
import {
  dlfsHe,
  dlfsXavier,
  type FanMode,
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  lecunNormal,
  lecunUniform,
  varianceScaling,
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
  /** Options that must be present. */
  required: readonly string[];
  /** Optional options with their defaults. */
  defaults: Readonly<Record<string, unknown>>;
  build(spec: S): Initializer;
}

// Typed so that an InitSpec name without an entry is a compile error.
const TABLE: { [N in InitName]: Entry<SpecOf<N>> } = {
  zeros: { required: [], defaults: {}, build: () => zeros() },
  constant: { required: ['value'], defaults: {}, build: (s) => constant(s.value) },
  normal: { required: [], defaults: { std: 0.01, mean: 0 }, build: (s) => normal(s.std, s.mean) },
  uniform: { required: [], defaults: { lo: -0.05, hi: 0.05 }, build: (s) => uniform(s.lo, s.hi) },
  'glorot-uniform': { required: [], defaults: { gain: 1 }, build: (s) => glorotUniform(opt(s)) },
  'glorot-normal': { required: [], defaults: { gain: 1 }, build: (s) => glorotNormal(opt(s)) },
  'he-normal': { required: [], defaults: { mode: 'fan-in' }, build: (s) => heNormal(opt(s)) },
  'he-uniform': { required: [], defaults: { mode: 'fan-in' }, build: (s) => heUniform(opt(s)) },
  'lecun-normal': { required: [], defaults: {}, build: () => lecunNormal() },
  'lecun-uniform': { required: [], defaults: {}, build: () => lecunUniform() },
  'dlfs-xavier': { required: [], defaults: {}, build: () => dlfsXavier() },
  'dlfs-he': { required: [], defaults: {}, build: () => dlfsHe() },
  'variance-scaling': {
    required: [],
    defaults: { scale: 1, mode: 'fan-in', distribution: 'normal' },
    build: (s) => varianceScaling(opt(s)),
  },
  orthogonal: { required: [], defaults: { gain: 1 }, build: (s) => orthogonal(s.gain) },
  sparse: { required: [], defaults: { k: 15, std: 1 }, build: (s) => sparse(s.k, s.std) },
  identity: { required: [], defaults: { gain: 1 }, build: (s) => identity(s.gain) },
  'relu-bias': { required: [], defaults: { value: 0.1 }, build: (s) => reluBias(s.value) },
  'softmax-marginal': {
    required: ['marginals'],
    defaults: {},
    build: (s) => softmaxMarginalBias(s.marginals),
  },
  'lstm-forget': {
    required: ['hidden'],
    defaults: { forget: 1, other: 0, gates: ['input', 'forget', 'cell', 'output'] },
    build: (s) => lstmForgetBias(opt(s)),
  },
};

/** The spec without its name, as an options object for a factory. */
function opt<S extends { name: string }>(s: S): Omit<S, 'name'> {
  const { name: _, ...rest } = s;
  return rest;
}

/** Other accepted names and what they mean. */
export const INIT_ALIASES: Readonly<Record<string, InitName>> = {
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
};

/** Every canonical name. */
export const INIT_NAMES: readonly InitName[] = Object.keys(TABLE) as InitName[];

function resolveName(raw: unknown): InitName {
  if (typeof raw !== 'string') {
    throw new TypeError(`init spec: 'name' must be a string, got ${fmt(raw)}`);
  }
  const key = raw.trim().toLowerCase();
  if (Object.hasOwn(TABLE, key)) return key as InitName;
  const alias = INIT_ALIASES[key];
  if (alias !== undefined) return alias;
  throw new RangeError(
    `init spec: unknown initialiser ${fmt(raw)}; expected one of ${[...INIT_NAMES, ...Object.keys(INIT_ALIASES)].join(', ')}`,
  );
}

/**
 * Validates a raw spec (an object with `name`, a name string, or a DLFS
 * `weight_init_std` number) and returns it with its canonical name and every
 * default filled in. Also builds the initialiser once so that out-of-range values
 * are reported here. Throws TypeError/RangeError naming the bad field.
 */
export function parseInitSpec(raw: unknown): InitSpec {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw) || raw < 0) {
      throw new RangeError(
        `init spec: a number is DLFS's weight_init_std and must be ≥ 0, got ${raw}`,
      );
    }
    return { name: 'normal', std: raw, mean: 0 };
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
  const out: Record<string, unknown> = { name, ...structuredClone(entry.defaults) };
  if (typeof rawName === 'string' && rawName.trim().toLowerCase() === 'ones') out.value = 1;
  const allowed = [...entry.required, ...Object.keys(entry.defaults)];
  for (const key of Object.keys(obj)) {
    if (key === 'name') continue;
    if (!allowed.includes(key)) {
      throw new RangeError(
        `init spec '${name}': unknown option '${key}'; allowed: ${allowed.length ? allowed.join(', ') : '(none)'}`,
      );
    }
    if (obj[key] !== undefined) out[key] = obj[key];
  }
  for (const key of entry.required) {
    if (out[key] === undefined) throw new TypeError(`init spec '${name}': missing option '${key}'`);
  }
  const spec = out as InitSpec;
  entry.build(spec); // range checks happen in the factory
  return spec;
}

/** The initialiser named by an already validated spec. */
export function initializerFromSpec(spec: InitSpec): Initializer {
  return (TABLE[spec.name] as Entry<InitSpec>).build(spec);
}

/** `initializerFromSpec(parseInitSpec(raw))`. */
export function parseInit(raw: unknown): Initializer {
  return initializerFromSpec(parseInitSpec(raw));
}
