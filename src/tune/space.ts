/**
 * Search spaces: named hyper-parameters, each uniform, log-uniform, integer
 * (optionally log-scaled) or categorical, optionally conditional on another
 * parameter's value.
 *
 * Every sampler works in the unit cube [0, 1]^P, one coordinate per parameter
 * (P = number of parameters), and `decode` maps a point u of the cube to values:
 * - uniform [low, high]: x = low + u (high − low)
 * - loguniform [low, high] (0 < low): x = exp(ln low + u (ln high − ln low)),
 *   i.e. log-scaled parameters are warped so that equal u steps are equal ratios
 *   (DLFS: "lr = 10^U(−6, −2)")
 * - int [low, high]: the integers get equal-width bins, x = low + ⌊u (high − low + 1)⌋;
 *   with `log: true` the bins are equal in log space over [low − ½, high + ½] and
 *   x is rounded
 * - categorical: x = choices[⌊u k⌋] for k choices
 * A conditional parameter `{ condition: { parent, values } }` is active only when
 * the parent is active and its value is one of `values`; inactive parameters are
 * absent from the decoded record. A parent must be declared before its children.
 *
 * The Gaussian process sees a second encoding, `features`: continuous and integer
 * parameters as their position in [0, 1] (log-warped if log-scaled), categorical
 * ones one-hot, inactive ones at 0.5 (one-hot: all 0).
 */

export type ParamValue = number | string | boolean;
export type Params = Record<string, ParamValue>;

export interface Condition {
  /** Name of the parent parameter (declared earlier in the space). */
  parent: string;
  /** The parent's values for which this parameter is active. */
  values: ParamValue[];
}

export type ParamSpec =
  | { type: 'uniform'; low: number; high: number; condition?: Condition }
  | { type: 'loguniform'; low: number; high: number; condition?: Condition }
  | { type: 'int'; low: number; high: number; log?: boolean; condition?: Condition }
  | { type: 'categorical'; choices: ParamValue[]; condition?: Condition };

/** Parameter name → specification; the declaration order is the coordinate order. */
export type SearchSpace = Record<string, ParamSpec>;

interface CompiledParam {
  name: string;
  spec: ParamSpec;
  /** For log-scaled: ln bounds; else the bounds (int: ±½ for log). */
  lo: number;
  hi: number;
  log: boolean;
  /** Index of the parent parameter, -1 when unconditional. */
  parent: number;
  /** Offset of this parameter in the feature vector, and its width. */
  featOffset: number;
  featWidth: number;
}

/** A validated space with its encodings. */
export interface CompiledSpace {
  readonly names: string[];
  readonly params: CompiledParam[];
  /** Number of parameters = dimension of the unit cube samplers work in. */
  readonly dim: number;
  /** Length of the feature vector the GP sees. */
  readonly featureDim: number;
  readonly source: SearchSpace;
}

function bad(name: string, msg: string): never {
  throw new RangeError(`search space: parameter "${name}" ${msg}`);
}

/** Validates a search space (bounds, choices, conditions) into its compiled form. */
export function compileSpace(space: SearchSpace): CompiledSpace {
  const names = Object.keys(space);
  if (names.length === 0) throw new RangeError('search space: needs at least one parameter');
  const params: CompiledParam[] = [];
  let feat = 0;
  names.forEach((name, i) => {
    const spec = space[name]!;
    let lo = 0;
    let hi = 1;
    let log = false;
    let width = 1;
    if (spec.type === 'uniform' || spec.type === 'loguniform' || spec.type === 'int') {
      if (!Number.isFinite(spec.low) || !Number.isFinite(spec.high) || !(spec.low < spec.high)) {
        if (!(spec.type === 'int' && spec.low === spec.high && Number.isFinite(spec.low))) {
          bad(name, `needs finite low < high, got low=${spec.low}, high=${spec.high}`);
        }
      }
      if (spec.type === 'int' && (!Number.isInteger(spec.low) || !Number.isInteger(spec.high))) {
        bad(name, `(int) needs integer bounds, got low=${spec.low}, high=${spec.high}`);
      }
      log = spec.type === 'loguniform' || (spec.type === 'int' && spec.log === true);
      if (log && !(spec.low > 0)) bad(name, `(log-scaled) needs low > 0, got ${spec.low}`);
      if (spec.type === 'int') {
        lo = log ? Math.log(spec.low - 0.5) : spec.low;
        hi = log ? Math.log(spec.high + 0.5) : spec.high;
      } else {
        lo = log ? Math.log(spec.low) : spec.low;
        hi = log ? Math.log(spec.high) : spec.high;
      }
    } else if (spec.type === 'categorical') {
      if (!Array.isArray(spec.choices) || spec.choices.length === 0) {
        bad(name, 'needs a non-empty array of choices');
      }
      width = spec.choices.length;
    } else {
      bad(name, `has unknown type ${JSON.stringify((spec as { type: unknown }).type)}`);
    }
    let parent = -1;
    if (spec.condition) {
      parent = names.indexOf(spec.condition.parent);
      if (parent < 0 || parent >= i) {
        bad(name, `has condition on "${spec.condition.parent}", which must be declared before it`);
      }
    }
    params.push({ name, spec, lo, hi, log, parent, featOffset: feat, featWidth: width });
    feat += width;
  });
  return { names, params, dim: names.length, featureDim: feat, source: space };
}

function isActive(cs: CompiledSpace, i: number, out: Params): boolean {
  const p = cs.params[i]!;
  if (p.parent < 0) return true;
  const parentName = cs.names[p.parent]!;
  if (!(parentName in out)) return false;
  return p.spec.condition!.values.includes(out[parentName]!);
}

/** Maps a point of [0, 1]^dim to parameter values (inactive parameters omitted). */
export function decode(cs: CompiledSpace, u: ArrayLike<number>): Params {
  const out: Params = {};
  for (let i = 0; i < cs.dim; i++) {
    if (!isActive(cs, i, out)) continue;
    const p = cs.params[i]!;
    const s = p.spec;
    const ui = Math.min(Math.max(u[i]!, 0), 1);
    if (s.type === 'uniform') out[p.name] = Math.min(s.high, s.low + ui * (s.high - s.low));
    else if (s.type === 'loguniform') {
      const v = Math.exp(p.lo + ui * (p.hi - p.lo));
      out[p.name] = ui === 0 ? s.low : ui === 1 ? s.high : Math.min(s.high, Math.max(s.low, v));
    } else if (s.type === 'int') {
      const v = p.log
        ? Math.round(Math.exp(p.lo + ui * (p.hi - p.lo)))
        : s.low + Math.floor(ui * (s.high - s.low + 1));
      out[p.name] = Math.min(s.high, Math.max(s.low, v));
    } else {
      const k = s.choices.length;
      out[p.name] = s.choices[Math.min(k - 1, Math.floor(ui * k))]!;
    }
  }
  return out;
}

/**
 * The centre of the cell of [0, 1]^dim that decodes to `params` (a right inverse of
 * `decode`); inactive parameters map to 0.5.
 */
export function toUnit(cs: CompiledSpace, params: Params): Float64Array {
  const u = new Float64Array(cs.dim).fill(0.5);
  for (let i = 0; i < cs.dim; i++) {
    const p = cs.params[i]!;
    const s = p.spec;
    const v = params[p.name];
    if (v === undefined) continue;
    if (s.type === 'categorical') {
      u[i] = (s.choices.indexOf(v) + 0.5) / s.choices.length;
    } else if (s.type === 'int' && !p.log) {
      u[i] = ((v as number) - s.low + 0.5) / (s.high - s.low + 1);
    } else {
      const x = p.log ? Math.log(v as number) : (v as number);
      u[i] = p.hi > p.lo ? (x - p.lo) / (p.hi - p.lo) : 0.5;
    }
  }
  return u;
}

/** The GP's feature vector of a parameter record (see the module note), written into `out`. */
export function features(cs: CompiledSpace, params: Params, out: Float64Array): Float64Array {
  for (let i = 0; i < cs.dim; i++) {
    const p = cs.params[i]!;
    const s = p.spec;
    const v = params[p.name];
    if (s.type === 'categorical') {
      for (let k = 0; k < p.featWidth; k++) out[p.featOffset + k] = 0;
      if (v !== undefined) out[p.featOffset + s.choices.indexOf(v)] = 1;
    } else if (v === undefined) {
      out[p.featOffset] = 0.5;
    } else {
      const lo = s.type === 'int' && p.log ? Math.log(s.low) : p.lo;
      const hi = s.type === 'int' && p.log ? Math.log(s.high) : p.hi;
      const x = p.log ? Math.log(v as number) : (v as number);
      out[p.featOffset] = hi > lo ? (x - lo) / (hi - lo) : 0.5;
    }
  }
  return out;
}
